/**
 * Folds text for search: case- and accent-insensitive, so "muller" finds
 * "Müller". Applied to both the stored text and the query.
 */
export function searchFold(text: string): string {
  // Most names are plain ASCII: skip the (10x slower) Unicode decomposition for them.
  if (/^[\x20-\x7e]*$/.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
