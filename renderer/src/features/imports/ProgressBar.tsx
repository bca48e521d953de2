import type { ImportStatus } from '../../../../shared/contract';
import { STATUS_TONE, useImportText } from './use-import-text';

/**
 * A progress bar screen readers read as one: role=progressbar with the percentage as its value and the whole
 * sentence ("1,234 of 5,000 messages · 120 MB of 400 MB · …") as its value text, shown below it too.
 * Without a known total it is indeterminate (no value), as ARIA says.
 */
export function ProgressBar({
  label,
  fraction,
  text,
  status,
}: {
  label: string;
  /** 0–1, or null while the total isn't known. */
  fraction: number | null;
  text: string;
  status: ImportStatus;
}) {
  const percent = status === 'done' ? 100 : fraction === null ? null : Math.floor(fraction * 100);
  return (
    <div className="import-progress">
      <div
        className={`import-bar import-bar-${STATUS_TONE[status]}${percent === null ? ' import-bar-indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={text || undefined}
      >
        <div className="import-bar-fill" style={{ width: `${percent ?? 100}%` }} />
      </div>
      {text && (
        <p className="import-progress-text small" aria-hidden="true">
          {text}
        </p>
      )}
    </div>
  );
}

export function StatusBadge({ status }: { status: ImportStatus }) {
  const { status: label } = useImportText();
  return <span className={`badge import-status import-status-${STATUS_TONE[status]}`}>{label(status)}</span>;
}
