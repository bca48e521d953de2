/**
 * The locale numbers and dates are written in: the user's own regional
 * variant of the UI language when the browser/OS has one ("de-CH" for German
 * in Switzerland: 1’234 and 28.11.2026), else the UI language itself.
 */
export function formatLocale(language: string): string {
  const regional = navigator.languages.find((tag) => tag.toLowerCase().startsWith(`${language.toLowerCase()}-`));
  return regional ?? language;
}

/** Dates in local time; the stored values are UTC. */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(formatLocale(language), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatNumber(value: number, language: string, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(formatLocale(language), options).format(value);
}
