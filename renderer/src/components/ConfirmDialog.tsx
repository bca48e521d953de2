import type { ReactNode } from 'react';
import { FormDialog } from './FormDialog';

interface ConfirmDialogProps {
  title: string;
  confirmLabel: string;
  onClose: () => void;
  onConfirm: () => Promise<void | 'keep-open'>;
  children: ReactNode;
}

/** Every destructive action asks first, naming what goes. */
export function ConfirmDialog({ title, confirmLabel, onClose, onConfirm, children }: ConfirmDialogProps) {
  return (
    <FormDialog title={title} submitLabel={confirmLabel} onClose={onClose} onSubmit={onConfirm} tone="danger">
      {children}
    </FormDialog>
  );
}
