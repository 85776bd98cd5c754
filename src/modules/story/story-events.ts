/** Pure readers of stored events for the story: allow-listed extension elements, expiry dates, plain-word stages. */
import {
  type CategoryCode,
  normaliseBizStep,
  PROFILES,
  ZS_NAMESPACE,
  ZS_PREFIX,
} from '../catalogue/index.js';
import { translate } from './locales/index.js';
import type { Bilingual } from './story.types.js';

type Obj = Record<string, unknown>;

/** Prefixes a document binds to the project namespace in its `@context` (always including `zs`). */
export function projectPrefixes(doc: Obj): string[] {
  const out = new Set<string>([ZS_PREFIX]);
  const ctx = doc['@context'];
  for (const entry of Array.isArray(ctx) ? ctx : [ctx]) {
    if (entry && typeof entry === 'object') {
      for (const [k, v] of Object.entries(entry as Obj)) if (v === ZS_NAMESPACE) out.add(k);
    }
  }
  return [...out];
}

/** Values of one project extension element (catalogue name) at the event's top level and in its ILMD. */
export function elementValues(
  doc: Obj,
  name: string,
  prefixes: readonly string[] = projectPrefixes(doc),
): string[] {
  const keys = new Set([...prefixes.map((p) => `${p}:${name}`), `${ZS_NAMESPACE}${name}`]);
  const out: string[] = [];
  const scan = (node: unknown) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    for (const [k, v] of Object.entries(node as Obj)) {
      if (!keys.has(k)) continue;
      if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
      else if (v && typeof v === 'object' && '@value' in (v as Obj)) out.push(String((v as Obj)['@value']));
    }
  };
  scan(doc);
  scan(doc.ilmd);
  return out;
}

/**
 * The expiry date an event's ILMD declares (CBV 2.0 §10 master data `cbvmda:itemExpirationDate`, or
 * `bestBeforeDate`), as YYYY-MM-DD.
 */
export function ilmdExpiry(doc: Obj): string | null {
  const ilmd = doc.ilmd;
  if (!ilmd || typeof ilmd !== 'object') return null;
  for (const [k, v] of Object.entries(ilmd as Obj)) {
    if (
      /(^|:)(itemExpirationDate|bestBeforeDate)$/.test(k) &&
      typeof v === 'string' &&
      /^\d{4}-\d{2}-\d{2}/.test(v)
    ) {
      return v.slice(0, 10);
    }
  }
  return null;
}

/** The lot an event's ILMD gives the objects it commissions (CBV 2.0 §10.1 master data `cbvmda:lotNumber`). */
export function ilmdLot(doc: Obj): string | null {
  const ilmd = doc.ilmd;
  if (!ilmd || typeof ilmd !== 'object') return null;
  for (const [k, v] of Object.entries(ilmd as Obj)) {
    if (/(^|:)lotNumber$/.test(k) && typeof v === 'string' && v !== '') return v;
  }
  return null;
}

/** A GS1 AI 17 date (YYMMDD; DD 00 = last day of the month) as YYYY-MM-DD (GS1 General Specifications §7.12). */
export function gs1Date(yymmdd: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  if (!m) return null;
  const yy = Number(m[1]);
  // GS1 GenSpecs §7.12: the century is the one that puts the year within −49…+50 years of today.
  const nowYear = new Date().getUTCFullYear();
  let year = 2000 + yy;
  if (year - nowYear > 50) year -= 100;
  else if (nowYear - year > 49) year += 100;
  const month = Number(m[2]);
  let day = Number(m[3]);
  if (month < 1 || month > 12) return null;
  if (day === 0) day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The plain-word label of a step: the catalogue stage of the category when it has one, else the CBV step's words. */
export function stageOf(
  category: string | null,
  bizStep: string | null,
  prefixes: readonly string[],
): {
  stage: string;
  label: Bilingual;
} {
  const step = normaliseBizStep(bizStep ?? '', prefixes) ?? 'other';
  const profile = category ? PROFILES[category as CategoryCode] : undefined;
  const stage = profile?.stages.find((s) => s.bizStep === step);
  if (stage) return { stage: stage.id, label: { 'zh-CN': stage.zh, en: stage.en } };
  // The CBV step in plain words.
  const word = step.replace(/^zs:BizStep-/, '');
  const key = `steps.${word}`;
  const zh = translate('zh-CN', key);
  if (zh !== key) return { stage: word, label: { 'zh-CN': zh, en: translate('en', key) } };
  // A project step of another category's profile (a code whose category is not known yet) still reads in plain words.
  for (const p of Object.values(PROFILES)) {
    const s = p.stages.find((x) => x.bizStep === step);
    if (s) return { stage: s.id, label: { 'zh-CN': s.zh, en: s.en } };
  }
  return {
    stage: word,
    label: { 'zh-CN': translate('zh-CN', 'steps.other'), en: translate('en', 'steps.other') },
  };
}
