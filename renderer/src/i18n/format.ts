/**
 * The locale numbers and dates are written in: the user's own regional
 * variant of the UI language when the browser/OS has one ("de-CH" for German
 * in Switzerland: 1’234 and 28.11.2026), else the UI language itself.
 */
export function formatLocale(language: string): string {
  const regional = navigator.languages.find((tag) => tag.toLowerCase().startsWith(`${language.toLowerCase()}-`));
  return regional ?? language;
}

// Building an Intl formatter costs ~50–100 µs; a table page formats hundreds of cells. Reuse them.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** Dates in local time; the stored values are UTC. */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(formatLocale(language), { dateStyle: 'medium', timeStyle: 'short' });
    dateFormats.set(language, format);
  }
  return format.format(date);
}

export function formatNumber(value: number, language: string, options?: Intl.NumberFormatOptions): string {
  const key = `${language}|${JSON.stringify(options ?? {})}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(formatLocale(language), options);
    numberFormats.set(key, format);
  }
  return format.format(value);
}
