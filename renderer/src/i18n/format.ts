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

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Sizes as people read them: 1024-based like the storage quotas (1 GB = 1024 MB), one decimal below 10. */
export function formatBytes(bytes: number, language: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit > 0 && value < 10 ? 1 : 0;
  return `${formatNumber(value, language, { maximumFractionDigits: digits })}\u00a0${BYTE_UNITS[unit]}`;
}

/** A transfer rate: "12 MB/s". */
export function formatRate(bytesPerSecond: number, language: string): string {
  return `${formatBytes(bytesPerSecond, language)}/s`;
}

/** A duration in the words of the language, rounded as a person would say it: "45 sec", "12 min", "2 hr 5 min". */
export function formatDuration(seconds: number, language: string): string {
  const unit = (value: number, name: 'second' | 'minute' | 'hour') =>
    formatNumber(value, language, { style: 'unit', unit: name, unitDisplay: 'short' });
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return unit(s, 'second');
  const minutes = Math.round(s / 60);
  if (minutes < 60) return unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? unit(hours, 'hour') : `${unit(hours, 'hour')} ${unit(rest, 'minute')}`;
}
