/**
 * Validators for registration, approval and licence numbers that master data stores beside products
 * and organisations. None of them has a public check algorithm, so each checks form only; each returns
 * the problems found (empty when the number is well formed). Inputs are taken as given apart from
 * surrounding blanks, full-width brackets and letter case.
 */
import type { CodeError } from '../types.js';
import { clip } from './cn-result.js';
import { isPlausibleDivision } from './division.js';

const BAD = 'CODES_BAD_REGISTRATION_NUMBER';

function tidy(value: string): string {
  return value.trim().replace(/（/g, '(').replace(/）/g, ')').toUpperCase();
}

function problem(message: string, position?: number): CodeError[] {
  return [position === undefined ? { code: BAD, message } : { code: BAD, message, position }];
}

/**
 * 农药登记证号: PD/WP (正式登记) or LS/WL (临时登记), optional N for old numbers, digits, optional
 * `-n` and a repackaging letter (CHINA-TRACE-FACTS §2.3 [confirmed prefixes]; the full pattern is the
 * facts file's loose guard `^(PD|LS|WP|WL)(N)?\d{2,8}(-\d+)?[A-Z]?$` [constructed]).
 */
export function validatePesticideRegistrationNumber(value: string): CodeError[] {
  const v = tidy(value);
  if (/^(PD|LS|WP|WL)N?\d{2,8}(-\d+)?[A-Z]?$/.test(v)) return [];
  if (!/^(PD|LS|WP|WL)/.test(v)) {
    return problem(`农药登记证号 "${clip(v)}" must start with PD, WP (正式登记), LS or WL (临时登记)`, 0);
  }
  return problem(
    `农药登记证号 "${clip(v)}" must be PD/WP/LS/WL + digits (e.g. PD20080005), optionally -n and a letter`,
  );
}

/**
 * 兽药产品批准文号: 类别简称 (兽药字, 兽药生字 for biologicals, 兽药添字 for medicated feed additives,
 * 兽药中字 [unverified]) + 2-digit province + 3-digit enterprise + 4-digit product = 9 digits, under
 * 农业部令2015年第4号 [single-source: a packaging supplier's summary]. The pre-2015 form put the approval
 * year in brackets, 兽药字(2010)150011234 [single-source], and is still accepted.
 */
export function validateVetDrugApprovalNumber(value: string): CodeError[] {
  const v = tidy(value).replace(/\s+/g, '');
  if (/^兽药(生|添|中)?字(\((19|20)\d{2}\))?\d{9}$/u.test(v)) return [];
  if (!/^兽药(生|添|中)?字/u.test(v)) {
    return problem(`兽药批准文号 "${clip(v)}" must start with 兽药字, 兽药生字 or 兽药添字`, 0);
  }
  return problem(
    `兽药批准文号 "${clip(v)}" must end in 9 digits (2 province + 3 enterprise + 4 product), optionally after (YYYY)`,
  );
}

/**
 * 食品生产许可证编号: SC + 14 digits = 3-digit food category (first digit 1 food, 2 food additive) +
 * 6-digit county division + 4-digit sequence + 1 check digit (CHINA-TRACE-FACTS §2.6 [single-source]).
 * NOTE: the check-digit algorithm was not found [unverified], so the last digit is not verified.
 */
export function validateFoodProductionLicence(value: string): CodeError[] {
  const v = tidy(value);
  if (!/^SC\d{14}$/.test(v)) {
    return problem(`食品生产许可证编号 "${clip(v)}" must be SC followed by 14 digits`);
  }
  if (v.charAt(2) !== '1' && v.charAt(2) !== '2') {
    return problem(
      `食品生产许可证编号 ${v}: the food category (characters 3–5) starts with 1 (food) or 2 (additive)`,
      2,
    );
  }
  if (!isPlausibleDivision(v.slice(5, 11))) {
    return problem(
      `食品生产许可证编号 ${v}: characters 6–11, "${v.slice(5, 11)}", are no GB/T 2260 division`,
      5,
    );
  }
  return [];
}

/**
 * 药品批准文号: 国药准字 + H (化学药品), Z (中药) or S (生物制品) + optional C (港澳台) or J (境外生产;
 * before 2020 J alone meant 进口分包装) + 8 digits ("4-digit year + 4-digit sequence"; legacy numbers
 * converted in 2002 use 10/19/20 prefixes rather than a real year, so the year is not checked).
 * Source: 药品注册管理办法 as summarised by an exam-prep page [single-source]; B, T and F are legacy
 * letters seen on old packs [unverified] and accepted.
 */
export function validateDrugApprovalNumber(value: string): CodeError[] {
  const v = tidy(value).replace(/\s+/g, '');
  if (/^国药准字(([HZS][CJ]?)|J|B|T|F)\d{8}$/u.test(v)) return [];
  if (!v.startsWith('国药准字')) return problem(`药品批准文号 "${clip(v)}" must start with 国药准字`, 0);
  return problem(
    `药品批准文号 "${clip(v)}" must be 国药准字 + H, Z or S (optionally C or J) + 8 digits, e.g. 国药准字H20000001`,
  );
}
