import { useTranslation } from 'react-i18next';
import { checkEmailAddress } from '../../../../../shared/domain/address/email';
import { MAX_FORWARD_TARGETS } from '../../../../../shared/domain/forwarding/forwarding';

const GMAIL = /@(gmail|googlemail)\.com$/i;

/** Forward targets: one address per row, checked as typed; Gmail targets get a warning. */
export function TargetsField({
  targets,
  onChange,
  serverErrors = {},
}: {
  targets: string[];
  onChange: (targets: string[]) => void;
  serverErrors?: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="targets">
      <legend>{t('forwarding.targets')}</legend>
      {targets.map((target, index) => {
        const trimmed = target.trim();
        const invalid = trimmed !== '' && !checkEmailAddress(trimmed).ok;
        const error = invalid ? t('forwarding.invalid') : (serverErrors[trimmed.toLowerCase()] ?? null);
        const errorId = `target-${index}-error`;
        return (
          <div key={index} className="target-row">
            <input
              className="input"
              type="email"
              value={target}
              placeholder="name@example.com"
              aria-label={t('forwarding.targetLabel', { n: index + 1 })}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              spellCheck={false}
              autoCapitalize="off"
              onChange={(e) => onChange(targets.map((x, i) => (i === index ? e.target.value : x)))}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={t('forwarding.removeTarget', { target: trimmed || index + 1 })}
              onClick={() => onChange(targets.length === 1 ? [''] : targets.filter((_, i) => i !== index))}
            >
              ×
            </button>
            {error && (
              <p id={errorId} className="field-error">
                {error}
              </p>
            )}
            {!error && GMAIL.test(trimmed) && (
              <p className="field-warning">{t('forwarding.gmailWarning', { target: trimmed })}</p>
            )}
          </div>
        );
      })}
      {targets.length < MAX_FORWARD_TARGETS && (
        <button type="button" className="button button-small" onClick={() => onChange([...targets, ''])}>
          {t('forwarding.addTarget')}
        </button>
      )}
    </fieldset>
  );
}
