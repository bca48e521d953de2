/** Plain-text tables for people; `--json` output is for scripts. */
export function formatTable(rows: Record<string, unknown>[], columns: { key: string; label: string; align?: 'right' }[]): string {
  const cells = rows.map((row) => columns.map((c) => cellText(row[c.key])));
  const widths = columns.map((c, i) => Math.max(c.label.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.label)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.join(', ');
  // One line per row: control characters would break the table (and could spoof a terminal).
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return String(value).replace(/[\u0000-\u001f\u007f]/g, ' ');
}
