import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportOptions } from '../../../../shared/contract';
import { Field } from '../../components/Field';

/** The options as typed (text fields keep what is being typed). */
export interface OptionsDraft {
  connections: string;
  parallelAccounts: string;
  /** MB/s; empty: no limit. */
  speed: string;
  remember: boolean;
}

export const DEFAULT_OPTIONS: OptionsDraft = { connections: '3', parallelAccounts: '2', speed: '', remember: false };

const MB = 1024 * 1024;
const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : NaN);

/** The draft as the contract takes it, with a problem per field (null: fine). */
export function readOptions(draft: OptionsDraft): {
  options: ImportOptions | null;
  problems: { connections: boolean; parallelAccounts: boolean; speed: boolean };
} {
  const connections = whole(draft.connections);
  const parallelAccounts = whole(draft.parallelAccounts);
  const speed = draft.speed.trim() === '' ? null : Number(draft.speed.trim().replace(',', '.'));
  const problems = {
    connections: !(connections >= 1 && connections <= 8),
    parallelAccounts: !(parallelAccounts >= 1 && parallelAccounts <= 8),
    speed: speed !== null && !(speed >= 0.1 && speed <= 10_000),
  };
  if (problems.connections || problems.parallelAccounts || problems.speed) return { options: null, problems };
  return {
    options: {
      connections,
      parallelAccounts,
      bytesPerSecond: speed === null ? null : Math.round(speed * MB),
      remember: draft.remember,
    },
    problems,
  };
}

/** How a job copies: connections per account, accounts at once, a speed limit, and whether passwords are kept. */
export function OptionsFields({
  value,
  onChange,
  single = false,
  hideLegend = false,
}: {
  value: OptionsDraft;
  onChange: (next: OptionsDraft) => void;
  /** One account: "accounts at once" doesn't apply. */
  single?: boolean;
  /** When a disclosure above already says "Options". */
  hideLegend?: boolean;
}) {
  const { t } = useTranslation();
  const rememberHint = useId();
  const { problems } = readOptions(value);
  return (
    <fieldset className="import-options">
      <legend className={hideLegend ? 'visually-hidden' : undefined}>{t('imports.options.title')}</legend>
      <div className="import-options-grid">
        <Field
          label={t('imports.options.connections')}
          type="number"
          inputMode="numeric"
          min={1}
          max={8}
          value={value.connections}
          onChange={(e) => onChange({ ...value, connections: e.target.value })}
          hint={t('imports.options.connectionsHint')}
          error={problems.connections ? t('imports.options.range') : null}
        />
        {!single && (
          <Field
            label={t('imports.options.parallelAccounts')}
            type="number"
            inputMode="numeric"
            min={1}
            max={8}
            value={value.parallelAccounts}
            onChange={(e) => onChange({ ...value, parallelAccounts: e.target.value })}
            hint={t('imports.options.parallelAccountsHint')}
            error={problems.parallelAccounts ? t('imports.options.range') : null}
          />
        )}
        <Field
          label={t('imports.options.speed')}
          inputMode="decimal"
          placeholder={t('imports.options.noLimit')}
          value={value.speed}
          onChange={(e) => onChange({ ...value, speed: e.target.value })}
          hint={t('imports.options.speedHint')}
          error={problems.speed ? t('imports.options.speedInvalid') : null}
        />
      </div>
      <label className="checkbox import-remember">
        <input
          type="checkbox"
          checked={value.remember}
          aria-describedby={rememberHint}
          onChange={(e) => onChange({ ...value, remember: e.target.checked })}
        />
        {t('imports.options.remember')}
      </label>
      <p id={rememberHint} className="field-hint import-remember-hint">
        {t('imports.options.rememberHint')}
      </p>
    </fieldset>
  );
}
