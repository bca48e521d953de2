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
      const key = `errors.${error.code}`;
      if (error.code === 'invalid-input' || !i18n.exists(key)) return error.message;
      return t(key, { ...(error.details ?? {}), defaultValue: error.message });
    }
    if (error instanceof ConnectionError) return t(`connection.${error.reason}`);
    return t('errors.unexpected');
  };
}
