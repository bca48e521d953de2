import { useTranslation } from 'react-i18next';
import { ApiError, ConnectionError } from '../api';

/**
 * Turns any failure into a sentence in the user's language: service refusals
 * by their stable code (with their details filled in), the English message
 * from the service when no translation exists.
 */
export function useErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return (error) => {
    if (error instanceof ApiError) {
      const d = error.details ?? {};
      if (error.code === 'forbidden') {
        // Say who may do it, in the user's language (the service's English names the roles).
        const role = typeof d.role === 'string' ? t(`roles.${d.role}`) : '—';
        if (d.reason === 'no-acting-user') return t('errors.noActingUser');
        if (d.reason === 'not-creator') return t('errors.notCreator', { creator: d.creator });
        if (typeof d.right === 'string') return t('errors.forbiddenRight', { ...d, right: t(`rights.${d.right}`) });
        if (Array.isArray(d.needed) && typeof d.organisation === 'string') {
          const needed = (d.needed as string[]).map((r) => t(`roles.${r}`)).join(` ${t('common.or')} `);
          return t('errors.forbiddenRole', { ...d, needed, role });
        }
        return error.message;
      }
      if (error.code === 'transfer-finished' && typeof d.state === 'string') {
        return t('errors.transfer-finished', { state: t(`transfers.states.${d.state}`) });
      }
      const key = `errors.${error.code}`;
      if (error.code === 'invalid-input' || !i18n.exists(key)) return error.message;
      return t(key, { ...(error.details ?? {}), defaultValue: error.message });
    }
    if (error instanceof ConnectionError) return t(`connection.${error.reason}`);
    return t('errors.unexpected');
  };
}
