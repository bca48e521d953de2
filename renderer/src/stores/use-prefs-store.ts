import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export type Theme = 'system' | 'light' | 'dark';
export type Language = 'en' | 'de';
export const LANGUAGES: readonly Language[] = ['en', 'de'];

interface PrefsState {
  theme: Theme;
  /** null: follow the OS (desktop) or the browser. */
  language: Language | null;
  setTheme(theme: Theme): void;
  setLanguage(language: Language | null): void;
}

/** Display preferences belong to this computer, not to the workspace: kept in local storage. */
export const usePrefsStore = create<PrefsState>()(
  persist(
    (set) => ({
      theme: 'system',
      language: null,
      setTheme: (theme) => set({ theme }),
      setLanguage: (language) => set({ language }),
    }),
    { name: 'mailwright.prefs' },
  ),
);

/** Maps a BCP 47 tag to a language we have ("de-CH" → "de"), English otherwise. */
export function pickLanguage(tags: readonly (string | null | undefined)[]): Language {
  for (const tag of tags) {
    const base = tag?.toLowerCase().split(/[-_]/)[0];
    if (base && (LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'en';
}
