/** Cross-element rules of farm stages: withholding periods, banned pesticides, dates, certification. */
import { findBannedIngredients } from './banned-pesticides.js';
import { addDays, daysBetween } from './dates.js';
import { checkGreenFoodCode, checkOrganicCode } from './formats.js';
import type { PriorApplication, ProfileIssue, RuleInput, StageRule } from './profile.types.js';

const timeIssue = (input: RuleInput, what: string): ProfileIssue => ({
  code: 'CATALOGUE_BAD_EVENT_TIME',
  path: `${input.context.pointer ?? ''}/eventTime`,
  message: `eventTime must be an ISO 8601 date-time to check ${what}, got ${JSON.stringify(input.event.eventTime)}`,
});

/**
 * Harvest or slaughter (of `items`, default all) must come at least the withholding period after each prior use: 安全间隔期 for
 * pesticides (农药管理条例 (2017) 第三十四条: 标注安全间隔期的农药，在农产品收获前应当按照安全间隔期的要求停止使用),
 * 休药期 for veterinary drugs (兽药管理条例 休药期; the 2019-2025 certificate promise also names it, CHINA-TRACE-FACTS §3.2).
 */
export function withholdingRule(kind: PriorApplication['kind'], items?: readonly string[]): StageRule {
  const code = kind === 'pesticide' ? 'CATALOGUE_SAFETY_INTERVAL' : 'CATALOGUE_WITHDRAWAL_PERIOD';
  const label = kind === 'pesticide' ? 'safety interval (安全间隔期)' : 'withdrawal period (休药期)';
  return {
    id: kind === 'pesticide' ? 'safety_interval' : 'withdrawal_period',
    source: kind === 'pesticide' ? '农药管理条例 (2017) 第三十四条' : '兽药管理条例 休药期',
    check(input) {
      if (items !== undefined && !items.includes(input.context.item)) return [];
      const prior = (input.context.priorApplications ?? []).filter((a) => a.kind === kind);
      if (prior.length === 0) return [];
      if (input.eventDate === null) return [timeIssue(input, `the ${label}`)];
      const out: ProfileIssue[] = [];
      for (const a of prior) {
        if (a.withholdingDays === undefined || a.appliedOn > input.eventDate) continue;
        const gap = daysBetween(a.appliedOn, input.eventDate);
        if (gap < a.withholdingDays) {
          out.push({
            code,
            path: `${input.context.pointer ?? ''}/eventTime`,
            message:
              `${input.stage.en} on ${input.eventDate} is ${gap} day(s) after ${a.regNo} was applied on ${a.appliedOn}; ` +
              `its ${label} is ${a.withholdingDays} day(s), so the earliest date is ${addDays(a.appliedOn, a.withholdingDays)}`,
          });
        }
      }
      return out;
    },
  };
}

/** No banned pesticide may be used (农药管理条例 (2017) 第三十四条: 农药使用者不得使用禁用的农药). */
export const bannedPesticideRule: StageRule = {
  id: 'banned_pesticide',
  source: '农药管理条例 (2017) 第三十四条; BANNED_PESTICIDES',
  check(input) {
    const declared = input.read('activeIngredients');
    const fromEvent = Array.isArray(declared)
      ? declared.filter((x): x is string => typeof x === 'string')
      : [];
    const product = input.context.pesticideProduct;
    const fromLabel = product ? [...product.activeIngredients] : [];
    const date =
      typeof input.read('applicationDate') === 'string'
        ? String(input.read('applicationDate'))
        : input.eventDate;
    if (date === null) return [];
    const found = findBannedIngredients([...new Set([...fromEvent, ...fromLabel])], input.context.item, date);
    return found.map(({ ingredient, entry }) => ({
      code: 'CATALOGUE_BANNED_PESTICIDE' as const,
      path: fromEvent.includes(ingredient)
        ? input.pointer('activeIngredients')
        : input.pointer('pesticideRegNo'),
      element: fromEvent.includes(ingredient) ? 'activeIngredients' : 'pesticideRegNo',
      message:
        `${ingredient} is banned ${entry.scope === 'all' ? 'outright' : `on ${input.context.item}`}` +
        `${entry.since ? ` since ${entry.since}` : ''} (${entry.source})`,
    }));
  },
};

/** A date element must not lie after the event that records it (a record of something done). */
export function notAfterEventRule(element: string): StageRule {
  return {
    id: `${element}_not_after_event`,
    source: 'records describe what was done (农产品质量安全法 (2022) 第二十七条)',
    check(input) {
      const v = input.read(element);
      if (typeof v !== 'string' || input.eventDate === null || v <= input.eventDate) return [];
      return [
        {
          code: 'CATALOGUE_BAD_ELEMENT',
          path: input.pointer(element),
          element,
          message: `${element} ${v} is after the event date ${input.eventDate}`,
        },
      ];
    },
  };
}

/** A declared certification needs its number, in the format of its kind (CHINA-TRACE-FACTS §2.6). */
export const certificationRule: StageRule = {
  id: 'certification_number',
  source: 'city plan annex (有效期内的认证); formats CHINA-TRACE-FACTS §2.6',
  check(input) {
    const kind = input.read('certification');
    if (typeof kind !== 'string') return [];
    const no = input.read('certificationNo');
    if (!input.present('certificationNo')) {
      return [
        {
          code: 'CATALOGUE_MISSING_ELEMENT',
          path: input.pointer('certificationNo'),
          element: 'certificationNo',
          message: `certificationNo is required when certification is ${kind}`,
        },
      ];
    }
    if (typeof no !== 'string') return [];
    const problems =
      kind === 'green_food' ? checkGreenFoodCode(no) : kind === 'organic' ? checkOrganicCode(no) : [];
    return problems.map((p) => ({
      code: 'CATALOGUE_BAD_ELEMENT' as const,
      path: input.pointer('certificationNo'),
      element: 'certificationNo',
      message: `certificationNo for ${kind} ${p}, got ${JSON.stringify(no)}`,
    }));
  },
};
