import { toCsv } from '../csv/write';

/**
 * The provider's bulk-creation file: four columns in this order, UTF-8,
 * comma-separated. The header names are the provider's own.
 */
export const PROVIDER_HEADER = ['Email address', 'Password', 'Redirection', 'Delete copy after redirection (0/1)'] as const;

/** The template offered for download: the header row and one example row to overwrite. */
export function templateCsv(domain = 'example.ch'): string {
  return toCsv(PROVIDER_HEADER, [[`anna.muster@${domain}`, '', '', '0']], { delimiter: ',', bom: true });
}

/** Rows as the provider's upload takes them. Passwords are in here: write it only to a file the user chose. */
export function providerCsv(
  rows: readonly { address: string; password: string; forwardTo: string; keepFlag: '' | '0' | '1' }[],
): string {
  return toCsv(
    PROVIDER_HEADER,
    rows.map((r) => [r.address, r.password, r.forwardTo, r.forwardTo === '' ? '' : r.keepFlag || '0']),
    // Data for the provider's parser, not a spreadsheet: a password starting with "-" must stay as it is.
    { delimiter: ',', bom: false, formulaSafe: false },
  );
}
