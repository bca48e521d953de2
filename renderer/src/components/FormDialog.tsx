import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { ErrorMessage } from './ErrorMessage';

interface FormDialogProps {
  title: string;
  submitLabel: string;
  onClose: () => void;
  /** Throws to keep the dialog open with the error shown (what was typed stays); 'keep-open' to stay without one. */
  onSubmit: () => Promise<void | 'keep-open'>;
  children: ReactNode;
  submitDisabled?: boolean;
  tone?: 'primary' | 'danger';
  /** Shown with a progress bar while the action runs (bulk changes). */
  progressLabel?: string;
  size?: 'small' | 'medium' | 'large';
}

export function FormDialog({
  title,
  submitLabel,
  onClose,
  onSubmit,
  children,
  submitDisabled,
  tone = 'primary',
  progressLabel,
  size,
}: FormDialogProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      if ((await onSubmit()) === 'keep-open') setBusy(false);
      else onClose();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} onClose={onClose} role={tone === 'danger' ? 'alertdialog' : 'dialog'} size={size}>
      <form onSubmit={submit} noValidate>
        <div className="dialog-body">{children}</div>
        {busy && progressLabel && (
          <div className="progress-row" role="status">
            <progress aria-label={progressLabel} />
            <span>{progressLabel}</span>
          </div>
        )}
        {error !== null && <ErrorMessage error={error} />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={`button button-${tone}`} disabled={busy || submitDisabled} aria-busy={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
