import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage';
import { missingTargets } from './use-import-text';

/** Why an import didn't start: target mailboxes without a password are named, with where their password goes. */
export function StartError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const targets = missingTargets(error);
  if (!targets) return <ErrorMessage error={error} />;
  return (
    <div className="error-message" role="alert">
      <strong>{t('common.notDone')}</strong> {t('imports.targetPasswordsNeeded', { targets: targets.join(', ') })}
    </div>
  );
}
