import type { Mailbox, ParsedInput } from '../../shared/contract';
import { type CsvCell, toCsv } from '../../shared/domain/csv/write';
import type { MailboxesService } from './mailboxes-service';

/**
 * Export columns. The header is English on purpose: the file is data other
 * tools read (and the CSV import recognises these names); no password column.
 */
const COLUMNS: { header: string; cell: (m: Mailbox) => CsvCell }[] = [
  { header: 'Address', cell: (m) => m.address },
  { header: 'Display name', cell: (m) => m.displayName },
  { header: 'Storage quota (MB)', cell: (m) => m.storageQuotaMb },
  { header: 'State', cell: (m) => m.state },
  { header: 'Forward to', cell: (m) => m.forwardTargets.join(' ') },
  { header: 'Keep copy', cell: (m) => (m.forwardTargets.length === 0 ? null : m.forwardKeepCopy ? 1 : 0) },
  { header: 'Out of office', cell: (m) => (m.autoReply.active ? 'on' : 'off') },
  { header: 'Out of office until', cell: (m) => m.autoReply.until },
  { header: 'Aliases', cell: (m) => m.aliasCount },
  { header: 'Last change', cell: (m) => m.updatedAt },
];

/** Streams rows into cells, so 100,000 mailboxes never sit in memory twice. */
function* cellsOf(mailboxes: Iterable<Mailbox>, seen: (mailbox: Mailbox) => void): Generator<CsvCell[]> {
  for (const mailbox of mailboxes) {
    seen(mailbox);
    yield COLUMNS.map((c) => c.cell(mailbox));
  }
}

export class ExportService {
  constructor(private readonly source: MailboxesService) {}

  /** The filter or selection as CSV: UTF-8 with BOM, RFC 4180 quoting, formula-safe cells. */
  mailboxesCsv(input: ParsedInput<'mailboxes.export'>): { csv: string; rows: number; fileName: string } {
    let rows = 0;
    let domain = '';
    const csv = toCsv(
      COLUMNS.map((c) => c.header),
      cellsOf(this.source.exportRows(input), (mailbox) => {
        rows++;
        domain ||= mailbox.address.slice(mailbox.address.lastIndexOf('@') + 1);
      }),
      { delimiter: input.delimiter, bom: true },
    );
    const day = new Date().toISOString().slice(0, 10);
    return { csv, rows, fileName: `mailboxes-${domain || input.mailServiceId}-${day}.csv` };
  }
}
