/**
 * The CSV of accounts to import, read like the bulk-create file (any encoding and delimiter, see shared/domain/csv):
 * source address, password, optional IMAP server, target address, target password. Header names in English, German,
 * French or Italian map reordered columns; without a header the columns are in that order. The provider imports at most 25
 * accounts per batch, so the rows are planned in batches of 25; Google and Microsoft sources can't be imported this
 * way and are marked.
 */
import { checkEmailAddress } from '../address/email';
import type { CsvRecord } from '../csv/read';
import { oauthProvider, parseEndpoint, type OauthProvider } from './providers';

export const IMPORT_BATCH_SIZE = 25;

export type ImportField = 'source' | 'password' | 'server' | 'target' | 'targetPassword';
export type ImportRowCode =
  | 'invalid-source'
  | 'missing-password'
  | 'invalid-server'
  | 'invalid-target'
  | 'missing-target-password'
  | 'duplicate-source'
  | 'oauth-provider';

export interface ImportRow {
  line: number;
  source: string;
  password: string;
  server: string;
  target: string;
  /** The target mailbox's password ('' when the file has none for this row). */
  targetPassword: string;
  problems: ImportRowCode[];
  oauth: OauthProvider | null;
  batch: number | null;
}

const HEADERS: Record<ImportField, RegExp> = {
  source: /^(source|from|quelle|alte?s? ?(e-?mail|adresse)|adresse source|origine|e-?mail( address| adresse)?|mailbox)$/i,
  password:
    /^(password|passwort|kennwort|mot de passe|password sorgente|pass|source password|quell-?passwort|passwort quelle|mot de passe source)$/i,
  server: /^(server|imap( server)?|host|serveur|imap-server)$/i,
  target: /^(target|to|ziel|ziel(adresse|postfach)|destination|destinazione|new (e-?mail|address))$/i,
  targetPassword:
    /^(target password|new password|ziel-?passwort|ziel-?kennwort|passwort ziel|neues passwort|mot de passe (cible|destination)|nouveau mot de passe|password (di )?destinazione|nuova password)$/i,
};

/** Column of each field: from the header row when there is one, else A–E. */
export function mapImportColumns(records: readonly CsvRecord[]): { mapping: Record<ImportField, number>; header: boolean } {
  const first = records[0]?.cells.map((c) => c.trim()) ?? [];
  const mapping: Partial<Record<ImportField, number>> = {};
  first.forEach((cell, index) => {
    for (const [field, re] of Object.entries(HEADERS) as [ImportField, RegExp][])
      if (mapping[field] === undefined && re.test(cell)) mapping[field] = index;
  });
  if (mapping.source !== undefined && mapping.password !== undefined && mapping.target !== undefined)
    return { mapping: { server: -1, targetPassword: -1, ...mapping } as Record<ImportField, number>, header: true };
  return { mapping: { source: 0, password: 1, server: 2, target: 3, targetPassword: 4 }, header: false };
}

/** Whether the file gives target passwords at all: a header names the column, or some row without one has a 5th cell. */
export function hasTargetPasswordColumn(records: readonly CsvRecord[]): boolean {
  const { mapping, header } = mapImportColumns(records);
  if (header) return mapping.targetPassword >= 0;
  return records.some((r) => (r.cells[mapping.targetPassword] ?? '') !== '');
}

export interface CheckImportOptions {
  /**
   * Flag every row without a target password, even when the file has no such column (the import itself needs one;
   * a plain check of the sources doesn't). Without it, only empty cells of a target-password column are flagged.
   */
  requireTargetPassword?: boolean;
}

/** Every row checked; rows without problems are planned in batches of 25 (file order). */
export function checkImportRows(records: readonly CsvRecord[], options: CheckImportOptions = {}): ImportRow[] {
  const { mapping, header } = mapImportColumns(records);
  const needTargetPassword = options.requireTargetPassword === true || hasTargetPasswordColumn(records);
  const seen = new Set<string>();
  let planned = 0;
  const cell = (r: CsvRecord, f: ImportField) => (mapping[f] >= 0 ? (r.cells[mapping[f]] ?? '') : '').trim();
  return records
    .slice(header ? 1 : 0)
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((r) => {
      const source = cell(r, 'source').toLowerCase();
      const target = cell(r, 'target').toLowerCase();
      const server = cell(r, 'server');
      // Passwords are taken as they are: spaces may belong to them.
      const password = mapping.password >= 0 ? (r.cells[mapping.password] ?? '') : '';
      const targetPassword = mapping.targetPassword >= 0 ? (r.cells[mapping.targetPassword] ?? '') : '';
      const problems: ImportRowCode[] = [];
      if (!checkEmailAddress(source).ok) problems.push('invalid-source');
      if (password === '') problems.push('missing-password');
      if (server && !parseEndpoint(server)) problems.push('invalid-server');
      if (!checkEmailAddress(target).ok) problems.push('invalid-target');
      if (needTargetPassword && targetPassword === '') problems.push('missing-target-password');
      if (seen.has(source)) problems.push('duplicate-source');
      seen.add(source);
      const oauth = oauthProvider(source);
      if (oauth) problems.push('oauth-provider');
      const batch = problems.length === 0 ? Math.floor(planned++ / IMPORT_BATCH_SIZE) + 1 : null;
      return { line: r.line, source, password, server, target, targetPassword, problems, oauth, batch };
    });
}
