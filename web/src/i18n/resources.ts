import i18next, { type i18n as I18n } from 'i18next';
import { en } from './en.ts';
import { ptBR } from './pt-BR.ts';

export const LANGUAGES = ['pt-BR', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const resources = {
  'pt-BR': { translation: ptBR },
  en: { translation: en },
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export const I18N_OPTIONS = { fallbackLng: 'pt-BR', interpolation: { escapeValue: false } } as const;

/** A standalone i18next instance, without React (unit tests use it). */
export async function createI18n(lng: Language): Promise<I18n> {
  const instance = i18next.createInstance();
  await instance.init({ ...I18N_OPTIONS, resources, lng });
  return instance;
}
