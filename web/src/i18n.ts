/**
 * i18n of the web app: i18next with the public catalogues shared with the server-rendered pages
 * (src/modules/story/locales). Simplified Chinese first, English second; the shopper's choice is kept in the
 * `zs_lang` cookie, which the server's pages read too, else the browser's language decides.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { CATALOGUES, LANGUAGES, type Language, pickLanguage } from '../../src/modules/story/locales/index.js';

const COOKIE = 'zs_lang';

function cookieLanguage(): string | undefined {
  const m = /(?:^|;\s*)zs_lang=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

/** The language to start in: `?lang=`, the cookie, then the browser's languages. */
export function initialLanguage(): Language {
  const asked = new URLSearchParams(location.search).get('lang');
  return pickLanguage(asked, cookieLanguage(), navigator.languages.join(','), navigator.language);
}

/** Switches the language everywhere (app, `<html lang>`, and the server pages through the cookie). */
export async function switchLanguage(lang: Language): Promise<void> {
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in Safari and Firefox; the server-rendered pages read this cookie.
  document.cookie = `${COOKIE}=${encodeURIComponent(lang)}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.lang = lang;
  await i18next.changeLanguage(lang);
}

/** Initialises i18next once, before the first render. */
export async function initI18n(): Promise<typeof i18next> {
  const lng = initialLanguage();
  document.documentElement.lang = lng;
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'zh-CN',
    supportedLngs: [...LANGUAGES],
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: CATALOGUES[l] }])),
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return i18next;
}

export { LANGUAGES, type Language };
