import { checkLocalPart } from '../address/local-part';
import type { CsvRecord } from '../csv/read';
import { searchFold } from '../search/fold';

/** The provider's four columns: A address, B password, C forward-to, D 0 = keep / 1 = delete. */
export const FIELDS = ['address', 'password', 'forwardTo', 'keepFlag'] as const;
export type Field = (typeof FIELDS)[number];
/** Which column (0-based) holds each field; null: the file has no such column. */
export type Mapping = Record<Field, number | null>;

export const TEMPLATE_MAPPING: Mapping = { address: 0, password: 1, forwardTo: 2, keepFlag: 3 };

/** Header names people write, in English, German, French and Italian (compared folded, without punctuation). */
const SYNONYMS: Record<Field, string[]> = {
  address: [
    'address',
    'email',
    'e-mail',
    'email address',
    'e-mail address',
    'mail',
    'mail address',
    'mailbox',
    'local part',
    'username',
    'user',
    'adresse',
    'e-mail-adresse',
    'emailadresse',
    'email-adresse',
    'mailadresse',
    'mail-adresse',
    'postfach',
    'benutzer',
    'benutzername',
    'adresse e-mail',
    'adresse email',
    'adresse mail',
    'adresse electronique',
    'courriel',
    'utilisateur',
    "nom d'utilisateur",
    'indirizzo',
    'indirizzo e-mail',
    'indirizzo email',
    'posta elettronica',
    'casella',
    'utente',
    'nome utente',
  ],
  password: ['password', 'passwort', 'kennwort', 'pw', 'pwd', 'mot de passe', 'mdp', "parola d'ordine", 'parola chiave'],
  forwardTo: [
    'forward',
    'forward to',
    'forward-to',
    'forwarding',
    'redirect',
    'redirect to',
    'redirection',
    'weiterleitung',
    'weiterleiten an',
    'weiterleitung an',
    'weiterleitungsadresse',
    'umleitung',
    'transfert',
    'transferer a',
    'rediriger vers',
    'adresse de redirection',
    'inoltro',
    'inoltra a',
    'reindirizzamento',
    'indirizzo di inoltro',
  ],
  keepFlag: [
    'keep',
    'keep copy',
    'delete',
    'delete copy',
    'delete after forwarding',
    'delete copy after redirection', // the provider's own header: "Delete copy after redirection (0/1)"
    'flag',
    'copy',
    'kopie',
    'kopie behalten',
    'kopie loschen',
    'loschen',
    'behalten',
    'copie',
    'conserver',
    'conserver une copie',
    'supprimer',
    'supprimer la copie',
    'copia',
    'conservare',
    'conserva copia',
    'eliminare',
    'elimina copia',
    '0/1',
    '0 1',
  ],
};

function key(text: string): string {
  return searchFold(text)
    .replace(/\(.*?\)/g, ' ') // "Delete copy (0 = keep / 1 = delete)"
    .replace(/[\u2018\u2019\u02bc`´]/g, "'") // "Nom d’utilisateur" as typed by Word and macOS
    .replace(/[^a-z0-9/']/g, ' ') // "E-Mail-Adresse" = "E-Mail Adresse"
    .replace(/\s+/g, ' ')
    .trim();
}

const LOOKUP = new Map<string, Field>();
for (const field of FIELDS) for (const name of SYNONYMS[field]) LOOKUP.set(key(name), field);

/** The field a header cell names, if it is one we know. */
export function fieldOfHeader(cell: string): Field | undefined {
  return LOOKUP.get(key(cell));
}

export type ColumnsResult =
  | { ok: true; header: string[] | null; mapping: Mapping; data: CsvRecord[]; recognised: Field[] }
  | { ok: false; problem: 'no-columns' };

/**
 * Finds the columns: a first line naming known fields is the header and maps
 * them wherever they stand; a first line that is already an address means
 * there is no header (template order A–D); an unknown header over rows whose
 * first column holds addresses is skipped (template order). Anything else has
 * no recognisable columns.
 */
export function mapColumns(records: readonly CsvRecord[], domain?: string): ColumnsResult {
  const first = records[0];
  if (!first) return { ok: false, problem: 'no-columns' };
  const mapping: Mapping = { address: null, password: null, forwardTo: null, keepFlag: null };
  const recognised: Field[] = [];
  first.cells.forEach((cell, index) => {
    const field = fieldOfHeader(cell);
    if (field && mapping[field] === null) {
      mapping[field] = index;
      recognised.push(field);
    }
  });
  if (recognised.length > 0) {
    // A header naming only some fields: the rest keep their template place when that column is unnamed.
    for (const field of FIELDS) {
      const index = TEMPLATE_MAPPING[field]!;
      // Also past the header's last cell: "E-Mail;Passwort;;" over rows with a forward-to and a 0/1.
      if (
        mapping[field] === null &&
        (index >= first.cells.length || fieldOfHeader(first.cells[index]!) === undefined) &&
        !Object.values(mapping).includes(index)
      ) {
        mapping[field] = index;
      }
    }
    return { ok: true, header: first.cells, mapping, data: records.slice(1), recognised };
  }
  // A first line that is an address, over rows that mostly are too (a lone "Name" over names is a header).
  const sample = records.slice(0, 21);
  const addressLike = sample.filter((r) => looksLikeAddress(r.cells[0], domain)).length;
  if (looksLikeAddress(first.cells[0], domain) && addressLike >= Math.ceil(sample.length / 2))
    return { ok: true, header: null, mapping: { ...TEMPLATE_MAPPING }, data: [...records], recognised: [] };
  const rest = records.slice(1, 21);
  const addresses = rest.filter((r) => looksLikeAddress(r.cells[0], domain)).length;
  if (rest.length > 0 && addresses >= Math.ceil(rest.length / 2)) {
    return { ok: true, header: first.cells, mapping: { ...TEMPLATE_MAPPING }, data: records.slice(1), recognised: [] };
  }
  return { ok: false, problem: 'no-columns' };
}

function looksLikeAddress(cell: string | undefined, domain?: string): boolean {
  if (!cell) return false;
  const result = checkLocalPart(cell, domain);
  return result.ok || result.code === 'domain-mismatch' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(cell.trim());
}
