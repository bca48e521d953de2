import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Verdict {
  score: 0 | 1 | 2 | 3 | 4;
  crackTime: string;
}

/**
 * zxcvbn's verdict on a password, as a meter. The dictionaries are large, so
 * they load on first use instead of with the app.
 */
export function PasswordStrength({ password, userInputs }: { password: string; userInputs: string[] }) {
  const { t } = useTranslation();
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const inputs = userInputs.join('\n');
  useEffect(() => {
    let current = true;
    void import('../../../shared/domain/password/strength').then(({ checkPassword }) => {
      const result = checkPassword(password, inputs.split('\n'));
      if (current) setVerdict({ score: result.score, crackTime: result.crackTime });
    });
    return () => {
      current = false;
    };
  }, [password, inputs]);
  if (!verdict) return null;
  const label = t(`password.strength.${verdict.score}`);
  return (
    <div className="strength">
      <div
        className={`strength-bar strength-${verdict.score}`}
        role="meter"
        aria-label={t('password.strengthLabel')}
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={verdict.score}
        aria-valuetext={label}
      >
        <div className="strength-fill" style={{ width: `${(verdict.score + 1) * 20}%` }} />
      </div>
      <span className="small">
        {label} · {t('password.crackTime', { time: verdict.crackTime })}
      </span>
    </div>
  );
}
