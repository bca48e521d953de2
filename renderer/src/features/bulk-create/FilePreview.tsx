import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { FIELDS, fieldOfHeader, type Mapping } from '../../../../shared/domain/bulk-create/columns';
import type { Delimiter } from '../../../../shared/domain/csv/read';
import { formatNumber } from '../../i18n/format';
import { FilePickButton } from './FileInput';
import { sameMapping } from './read-file';
import { useWizardStore } from './use-wizard-store';
import { ENCODINGS, type Encoding, type ReadOptions } from './worker-protocol';

export const DELIMITER_KEY: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
// Not imported from csv/read.ts: that would bring the CSV parser into the main bundle (it runs in the worker).
const DELIMITERS = Object.keys(DELIMITER_KEY) as Delimiter[];

/** A → 0, B → 1, …, Z, AA: as a spreadsheet names its columns. */
export function columnLetter(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

interface FilePreviewProps {
  /** Asks before the rows are read again (edits would be lost). */
  onOptions: (options: ReadOptions) => void;
  onFile: (file: File) => void;
  onRemove: () => void;
}

/** How the file was read — encoding, separator, header and columns — each changeable (the file is read again). */
export function FilePreview({ onOptions, onFile, onRemove }: FilePreviewProps) {
  const { t, i18n } = useTranslation();
  const file = useWizardStore((s) => s.file);
  const preview = useWizardStore((s) => s.preview);
  const options = useWizardStore((s) => s.options);
  const total = useWizardStore((s) => s.rows.length);
  const headingId = useId();
  if (!file || !preview) return null;

  const changed =
    preview.encoding !== preview.detectedEncoding ||
    preview.delimiter !== preview.detectedDelimiter ||
    !sameMapping(preview.mapping, preview.detectedMapping);
  const columns = Array.from({ length: preview.columnCount }, (_, i) => i);
  // A first line naming no known column may be a row of data: what stands in its password column isn't shown.
  const headerCell = (index: number): string | undefined => {
    const cell = preview.header?.[index];
    if (cell === undefined) return undefined;
    return index === preview.mapping.password && fieldOfHeader(cell) !== 'password' ? '••••' : cell;
  };
  const columnName = (index: number) => {
    const name = headerCell(index)?.trim();
    return name
      ? t('bulkCreate.preview.columnNamed', { letter: columnLetter(index), name })
      : t('bulkCreate.preview.column', { letter: columnLetter(index) });
  };
  const setMapping = (field: (typeof FIELDS)[number], value: string) => {
    const mapping: Mapping = { ...preview.mapping, [field]: value === '' ? null : Number(value) };
    // A column holds one field: the field that had it gives it up.
    if (mapping[field] !== null)
      for (const other of FIELDS) if (other !== field && mapping[other] === mapping[field]) mapping[other] = null;
    onOptions({ ...options, mapping });
  };

  return (
    <section className="card file-card" aria-labelledby={headingId}>
      <div className="file-card-header">
        <div className="file-card-name">
          <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path
              d="M4 4h10l6 6v10H4zM14 4v6h6M8 14h8M8 17h5"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.6"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          <div>
            <h2 id={headingId} className="file-name">
              {file.source === 'paste' ? t('bulkCreate.input.pastedSource') : file.name}
            </h2>
            <p className="muted small">
              {t('bulkCreate.preview.rows', { count: total, formatted: formatNumber(total, i18n.language) })}
              {' · '}
              {t('bulkCreate.preview.detectedAs', {
                encoding:
                  t(`bulkCreate.preview.encodings.${preview.detectedEncoding}`) +
                  (preview.bom ? ` ${t('bulkCreate.preview.withBom')}` : ''),
                delimiter: t(`bulkCreate.preview.delimiters.${DELIMITER_KEY[preview.detectedDelimiter]}`),
              })}
            </p>
          </div>
        </div>
        <div className="button-row file-card-actions">
          {changed && (
            <button type="button" className="button button-small" onClick={() => onOptions({})}>
              {t('bulkCreate.preview.reset')}
            </button>
          )}
          <FilePickButton label={t('bulkCreate.preview.another')} onFile={onFile} />
          <button type="button" className="button button-ghost" onClick={onRemove}>
            {t('bulkCreate.preview.remove')}
          </button>
        </div>
      </div>
      <div className="preview-settings">
        <fieldset className="preview-group">
          <legend>{t('bulkCreate.preview.reading')}</legend>
          <PreviewSelect
            label={t('bulkCreate.preview.encoding')}
            value={preview.encoding}
            detected={preview.detectedEncoding}
            options={ENCODINGS.map((e: Encoding) => ({ value: e, label: t(`bulkCreate.preview.encodings.${e}`) }))}
            onChange={(value) => onOptions({ ...options, encoding: value as Encoding, mapping: undefined })}
          />
          <PreviewSelect
            label={t('bulkCreate.preview.delimiter')}
            value={preview.delimiter}
            detected={preview.detectedDelimiter}
            options={DELIMITERS.map((d) => ({ value: d, label: t(`bulkCreate.preview.delimiters.${DELIMITER_KEY[d]}`) }))}
            onChange={(value) => onOptions({ ...options, delimiter: value as Delimiter, mapping: undefined })}
          />
        </fieldset>
        <fieldset className="preview-group">
          <legend>{t('bulkCreate.preview.columns')}</legend>
          {FIELDS.map((field) => (
            <PreviewSelect
              key={field}
              label={t(`bulkCreate.preview.field.${field}`)}
              value={preview.mapping[field] === null ? '' : String(preview.mapping[field])}
              detected={preview.detectedMapping[field] === null ? '' : String(preview.detectedMapping[field])}
              options={[
                { value: '', label: t('bulkCreate.preview.none') },
                ...columns.map((i) => ({ value: String(i), label: columnName(i) })),
              ]}
              onChange={(value) => setMapping(field, value)}
            />
          ))}
        </fieldset>
      </div>
      <p className="muted small header-line">
        {preview.header ? (
          <>
            {t('bulkCreate.preview.header')}{' '}
            {preview.header.map((_cell, i) => (
              <span key={i} className="header-cell">
                {headerCell(i) || '—'}
              </span>
            ))}
          </>
        ) : (
          t('bulkCreate.preview.noHeader')
        )}
      </p>
    </section>
  );
}

function PreviewSelect({
  label,
  value,
  detected,
  options,
  onChange,
}: {
  label: string;
  value: string;
  detected: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const changed = value !== detected;
  const detectedLabel = options.find((o) => o.value === detected)?.label ?? '';
  return (
    <div className="preview-select">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className={`input${changed ? ' input-changed' : ''}`}
        value={value}
        aria-describedby={changed ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {changed && (
        <span id={`${id}-hint`} className="preview-hint">
          {t('bulkCreate.preview.changed', { value: detectedLabel })}
        </span>
      )}
    </div>
  );
}
