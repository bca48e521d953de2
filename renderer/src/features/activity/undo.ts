import type { TFunction } from 'i18next';
import { api } from '../../api';
import { invalidate } from '../../stores/invalidate';
import { toast } from '../../stores/use-toast-store';

/** Undoes an activity entry and says how it went (shared by toasts and the Activity view). */
export async function undoAction(auditId: number, t: TFunction, errorText?: (error: unknown) => string): Promise<void> {
  try {
    await api().audit.undo({ id: auditId });
    invalidate(['organisations', 'products', 'mailServices', 'mailboxes', 'audit']);
    toast({ tone: 'success', message: t('activity.undone') });
  } catch (error) {
    toast({ tone: 'error', message: errorText ? errorText(error) : (error as Error).message });
  }
}
