import { useTranslation } from 'react-i18next';
import { useErrorText } from '../i18n/use-error-text';

/** A refusal, said in the user's language, with what to do. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const text = useErrorText();
  return (
    <div className="error-message" role="alert">
      <strong>{t('common.notDone')}</strong> {text(error)}
    </div>
  );
}
