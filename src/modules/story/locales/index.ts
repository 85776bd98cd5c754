/**
 * The public pages' message catalogues, shared by the server-rendered story pages and the web app (web/ imports
 * this file), so a page reads the same in both. Keys use i18next's `{{name}}` interpolation.
 */
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** The shape every catalogue has (zh-CN is the reference). */
export type Messages = DeepStrings<typeof zhCN>;

/** Languages of the public pages, the first being the default. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
/** One of {@link LANGUAGES}. */
export type Language = (typeof LANGUAGES)[number];

/** Every catalogue by language. */
export const CATALOGUES: Readonly<Record<Language, Messages>> = { 'zh-CN': zhCN, en };

/** The language for a `?lang=` value, a cookie or an Accept-Language header; zh-CN when none matches. */
export function pickLanguage(...candidates: (string | null | undefined)[]): Language {
  for (const c of candidates) {
    if (!c) continue;
    // Accept-Language: "en-GB,en;q=0.9,zh;q=0.8" — take the tags in order of appearance (q values are rarely used
    // to reorder in practice, and the list is already ordered by preference).
    for (const tag of c.split(',')) {
      const t = tag.split(';')[0]!.trim().toLowerCase();
      if (t.startsWith('zh')) return 'zh-CN';
      if (t.startsWith('en')) return 'en';
    }
  }
  return 'zh-CN';
}

/** Looks a dotted key up in a catalogue and fills `{{name}}` placeholders; the key itself when it is missing. */
export function translate(lang: Language, key: string, vars: Record<string, string | number> = {}): string {
  // i18next's plural convention: `<key>_one` serves a count of 1 where a catalogue has it.
  if (vars.count === 1 && key !== `${key}_one`) {
    const one = translate(lang, `${key}_one`, { ...vars, count: '1' });
    if (one !== `${key}_one`) return one;
  }
  let node: unknown = CATALOGUES[lang];
  for (const part of key.split('.')) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== 'string') return key;
  return node.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => (name in vars ? String(vars[name]) : ''));
}
