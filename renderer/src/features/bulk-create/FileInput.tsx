import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoadedFile } from './use-wizard-store';

export const ACCEPT = '.csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values';

/** A File (dropped or picked) as the wizard reads it: its bytes, whatever they are. */
export async function fromFile(file: File): Promise<LoadedFile> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), source: 'file' };
}

/** Cells pasted from a spreadsheet: tab-separated text, read through the same reader as a file (UTF-8 bytes). */
export function fromPaste(text: string, name: string): LoadedFile {
  return { name, bytes: new TextEncoder().encode(text), source: 'paste' };
}

/**
 * A file button that opens the system's picker; the input itself is hidden
 * but stays the control (its label is the button), so it keeps its name for
 * assistive technology and tests.
 */
export function FilePickButton({ label, onFile, primary }: { label: string; onFile: (file: File) => void; primary?: boolean }) {
  const id = useId();
  return (
    <span className="file-pick">
      <input
        id={id}
        type="file"
        accept={ACCEPT}
        className="file-pick-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = ''; // the same file can be picked again
          if (file) onFile(file);
        }}
      />
      <label htmlFor={id} className={`button${primary ? ' button-primary' : ''}`}>
        {label}
      </label>
    </span>
  );
}

interface FileInputProps {
  domain: string;
  onFile: (file: File) => void;
  onPaste: (text: string) => void;
}

/** Step 1: drop a file here (or anywhere), pick one, or paste cells copied from a spreadsheet. */
export function FileInput({ domain, onFile, onPaste }: FileInputProps) {
  const { t } = useTranslation();
  const [pasting, setPasting] = useState(false);
  const [text, setText] = useState('');
  const [over, setOver] = useState(false);
  const headingId = useId();
  const pasteId = useId();
  const pasteHintId = useId();
  const pasteRef = useRef<HTMLTextAreaElement>(null);

  return (
    <section className="bulk-input" aria-labelledby={headingId}>
      <div
        className={`drop-zone${over ? ' drop-zone-over' : ''}`}
        onDragEnter={() => setOver(true)}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
        }}
        onDrop={() => setOver(false)}
      >
        <svg className="drop-zone-icon" width="40" height="40" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            d="M4 4h10l6 6v10H4zM14 4v6h6M12 17v-6M9 14l3 3 3-3"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <h2 id={headingId}>{t('bulkCreate.input.title')}</h2>
        <p className="drop-zone-lead">{t('bulkCreate.input.drop', { domain })}</p>
        <div className="button-row drop-zone-actions">
          <FilePickButton primary label={t('bulkCreate.input.choose')} onFile={onFile} />
          <button
            type="button"
            className="button"
            aria-expanded={pasting}
            aria-controls={pasteId}
            onClick={() => {
              setPasting(!pasting);
              if (!pasting) setTimeout(() => pasteRef.current?.focus());
            }}
          >
            {t('bulkCreate.input.paste')}
          </button>
        </div>
        <p className="muted small">{t('bulkCreate.input.formats')}</p>
      </div>
      {pasting && (
        <div id={pasteId} className="paste-area">
          <label htmlFor={`${pasteId}-text`} className="paste-label">
            {t('bulkCreate.input.pasteLabel')}
          </label>
          <p id={pasteHintId} className="field-hint">
            {t('bulkCreate.input.pasteHint')}
          </p>
          <textarea
            id={`${pasteId}-text`}
            ref={pasteRef}
            className="input mono"
            rows={6}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={pasteHintId}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <div className="button-row">
            <button type="button" className="button button-primary" disabled={text.trim() === ''} onClick={() => onPaste(text)}>
              {t('bulkCreate.input.pasteCheck')}
            </button>
          </div>
        </div>
      )}
      <details className="columns-help">
        <summary>{t('bulkCreate.input.columnsTitle')}</summary>
        <ol className="columns-list">
          <li>
            <strong>A</strong> {t('bulkCreate.input.columnA')}
          </li>
          <li>
            <strong>B</strong> {t('bulkCreate.input.columnB')}
          </li>
          <li>
            <strong>C</strong> {t('bulkCreate.input.columnC')}
          </li>
          <li>
            <strong>D</strong> {t('bulkCreate.input.columnD')}
          </li>
        </ol>
        <p className="muted small">{t('bulkCreate.input.headers')}</p>
      </details>
    </section>
  );
}
