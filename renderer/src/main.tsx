import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import i18next from 'i18next';
import { App } from './App';
import { initI18n } from './i18n';
import { pickLanguage, usePrefsStore } from './stores/use-prefs-store';
import { useSessionStore } from './stores/use-session-store';
import './styles.css';

function applyTheme(theme: string): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

async function start(): Promise<void> {
  const prefs = usePrefsStore.getState();
  applyTheme(prefs.theme);
  await initI18n(prefs.language ?? pickLanguage(navigator.languages));
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  await useSessionStore.getState().start();
  // The desktop host knows the OS locale better than the browser engine does.
  const info = useSessionStore.getState().info;
  if (!usePrefsStore.getState().language && info?.locale) await i18next.changeLanguage(pickLanguage([info.locale]));
  usePrefsStore.subscribe((state, previous) => {
    if (state.theme !== previous.theme) applyTheme(state.theme);
    if (state.language !== previous.language) {
      void i18next.changeLanguage(state.language ?? pickLanguage([info?.locale, ...navigator.languages]));
    }
  });
}

void start();
