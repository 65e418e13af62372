import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { ptBR } from './pt-BR.ts';
import { I18N_OPTIONS, isLanguage, type Language, resources } from './resources.ts';

export { isLanguage, LANGUAGES, type Language } from './resources.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ptBR };
  }
}

const STORAGE_KEY = 'funil.language';

function storedLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLanguage(saved) ? saved : 'pt-BR';
  } catch {
    return 'pt-BR';
  }
}

/** The app's instance: pt-BR unless the user picked another language (kept in localStorage). */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({ ...I18N_OPTIONS, resources, lng: storedLanguage(), initAsync: false });
if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'pt-BR';
}

/** Switches the interface language and remembers the choice in this browser. */
export async function setLanguage(lng: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lng);
  } catch {
    // Private mode: the choice lasts until the tab closes.
  }
  await i18n.changeLanguage(lng);
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}
