import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { Segmented } from '../../components/Segmented';
import { LANGUAGES, type Language, type Theme, usePrefsStore } from '../../stores/use-prefs-store';
import { useSessionStore } from '../../stores/use-session-store';

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch' };

export function SettingsPage() {
  const { t } = useTranslation();
  const theme = usePrefsStore((s) => s.theme);
  const setTheme = usePrefsStore((s) => s.setTheme);
  const language = usePrefsStore((s) => s.language);
  const setLanguage = usePrefsStore((s) => s.setLanguage);
  const info = useSessionStore((s) => s.info);
  const languageId = useId();
  return (
    <div className="page">
      <PageHeader title={t('nav.settings')} />
      <section className="section" aria-labelledby="appearance-heading">
        <h2 id="appearance-heading">{t('settings.appearance')}</h2>
        <Segmented
          legend={t('settings.theme')}
          value={theme}
          options={(['system', 'light', 'dark'] as const).map((value) => ({ value, label: t(`settings.themes.${value}`) }))}
          onChange={(value: Theme) => setTheme(value)}
        />
        <div className="field narrow">
          <label htmlFor={languageId}>{t('settings.language')}</label>
          <select
            id={languageId}
            className="input"
            value={language ?? ''}
            onChange={(e) => setLanguage(e.target.value === '' ? null : (e.target.value as Language))}
          >
            <option value="">{t('settings.languageSystem')}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
      </section>
      {info && (
        <section className="section" aria-labelledby="workspace-heading">
          <h2 id="workspace-heading">{t('settings.workspace')}</h2>
          <dl className="facts">
            <dt>{t('settings.workspaceFile')}</dt>
            <dd className="mono">{info.path}</dd>
            <dt>{t('settings.schema')}</dt>
            <dd>{info.schemaVersion}</dd>
            <dt>{t('settings.version')}</dt>
            <dd>{info.appVersion}</dd>
            <dt>{t('settings.host')}</dt>
            <dd>{t(`settings.hosts.${info.host}`)}</dd>
          </dl>
          <p className="muted">{t('settings.backupHint')}</p>
          <pre className="command">mailwright backup --to mailwright-backup.sqlite</pre>
        </section>
      )}
    </div>
  );
}
