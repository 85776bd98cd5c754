/**
 * 特种设备 (special equipment) identifiers. Three different codes exist and must not be mixed up
 * (CHINA-TRACE-FACTS §2.7), so one scheme `equipment-code` carries `fields.kind`:
 *
 * - `device`: 设备代码, the lifetime code given at manufacture, TSG 08-2017 附件2 / TSG 21-2016
 *   [single-source]: 4-digit 设备品种 code + 5-character 制造单位代号 + 4-digit year + 5-character
 *   sequence = 18. When the registration authority assigns it, its 6-digit division code replaces the
 *   manufacturer code, giving 19 characters [single-source].
 * - `register`: the legacy 20-digit 注册代码 (category + GB/T 2260 division + YYYYMM + sequence)
 *   [confirmed]; pipelines switch the sequence to A001… after 9999.
 * - `use-certificate`: 使用登记证编号 under TSG 08-2017, e.g. `梯11赣D00001(19)` [single-source].
 *
 * None of them has a check character: validation is structural only.
 */
import type { CodeError, ParseResult } from '../types.js';
import { buildResult, clip, isCalendarDate, isDigits } from './cn-result.js';
import { checkDivision } from './division.js';

/** Which special-equipment identifier a value is. */
export type EquipmentCodeKind = 'device' | 'register' | 'use-certificate';

/** 类别简称 of 使用登记证编号 (TSG 08-2017), seen in tooling [single-source]. */
const USE_CERT_CATEGORIES: Record<string, string> = {
  梯: '电梯',
  容: '压力容器',
  锅: '锅炉',
  起: '起重机械',
  瓶: '气瓶',
  车: '场(厂)内专用机动车辆',
  索: '客运索道',
  游: '大型游乐设施',
  管: '压力管道',
};

/** Province abbreviations as on licence plates (the facts file infers city letters from plates). */
const PROVINCES = '京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵黔云滇藏陕甘青宁新';

const USE_CERT = /^(.)(\d{2})(.)([A-Z])(\d{5})\((\d{2})\)$/u;
const DEVICE = /^(\d{4})(\d{5}|\d{6})(\d{4})([0-9A-Z]{5})$/;
const REGISTER = /^(\d{4})(\d{6})(\d{4})(\d{2})([0-9A-Z]\d{3})$/;

/** Earliest and latest plausible years of manufacture or registration in a code. */
const MIN_YEAR = 1950;
const MAX_YEAR = 2099;

function result(
  input: string,
  kind: EquipmentCodeKind | null,
  value: string,
  fields: Record<string, unknown>,
  errors: CodeError[],
  warnings: CodeError[] = [],
): ParseResult {
  const key = kind === 'use-certificate' ? encodeURIComponent(value) : value;
  return buildResult(input, 'equipment-code', `${kind}:${key}`, { kind, ...fields }, errors, warnings);
}

/**
 * Parses any of the three special-equipment identifiers, choosing the kind by shape: a Chinese first
 * character → use certificate; 20 characters → legacy register code; 18–19 → device code. Full-width
 * parentheses and lower-case letters are normalised.
 */
export function parseEquipmentCode(input: string): ParseResult {
  const value = input.replace(/（/g, '(').replace(/）/g, ')').toUpperCase();
  const first = value.codePointAt(0) ?? 0;
  if (first > 0x2e80) return parseUseCertificate(input, value);
  if (value.length === 20) return parseRegisterCode(input, value);
  if (value.length === 18 || value.length === 19) return parseDeviceCode(input, value);
  return result(input, null, value, {}, [
    {
      code: 'CODES_BAD_LENGTH',
      message: `a special-equipment 设备代码 has 18 or 19 characters and a 注册代码 20; "${clip(value)}" has ${value.length}`,
    },
  ]);
}

function yearError(year: string, position: number, what: string): CodeError[] {
  const y = Number(year);
  if (y >= MIN_YEAR && y <= MAX_YEAR) return [];
  return [
    { code: 'CODES_BAD_DATE', message: `${what} "${year}" is not a year ${MIN_YEAR}–${MAX_YEAR}`, position },
  ];
}

function parseDeviceCode(input: string, value: string): ParseResult {
  const m = DEVICE.exec(value);
  if (!m) {
    return result(input, 'device', value, {}, [
      {
        code: 'CODES_BAD_CHARSET',
        message: `a 设备代码 is 4 digits (品种) + 5 or 6 digits (制造单位代号 or division) + 4-digit year + 5 digits or letters; "${value}" is not (TSG 08-2017 附件2)`,
      },
    ]);
  }
  const [, variety, maker, year, sequence] = m as unknown as [string, string, string, string, string];
  const byAuthority = maker.length === 6;
  const errors = yearError(year, 4 + maker.length, 'year of manufacture');
  const warnings: CodeError[] = [];
  if (byAuthority) {
    const d = checkDivision(maker, 4, 'registration-authority division');
    errors.push(...d.errors);
    warnings.push(...d.warnings);
  }
  return result(
    input,
    'device',
    value,
    {
      varietyCode: variety,
      assignedBy: byAuthority ? 'registration-authority' : 'manufacturer',
      ...(byAuthority ? { division: maker } : { manufacturerCode: maker }),
      year,
      sequence,
    },
    errors,
    warnings,
  );
}

function parseRegisterCode(input: string, value: string): ParseResult {
  const m = REGISTER.exec(value);
  if (!m) {
    return result(input, 'register', value, {}, [
      {
        code: 'CODES_BAD_CHARSET',
        message: `a 注册代码 is 4-digit category + 6-digit division + YYYYMM + 4-character sequence; "${value}" is not`,
      },
    ]);
  }
  const [, category, division, year, month, sequence] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const errors: CodeError[] = [];
  const d = checkDivision(division, 4, 'registering-office division');
  errors.push(...d.errors);
  if (!isCalendarDate(Number(year), Number(month), 1) || Number(year) < MIN_YEAR || Number(year) > MAX_YEAR) {
    errors.push({
      code: 'CODES_BAD_DATE',
      message: `characters 11–16, "${year}${month}", must be the registration month YYYYMM`,
      position: 10,
    });
  }
  return result(
    input,
    'register',
    value,
    { categoryCode: category, division, registered: `${year}-${month}`, sequence },
    errors,
    d.warnings,
  );
}

function parseUseCertificate(input: string, value: string): ParseResult {
  const m = USE_CERT.exec(value);
  if (!m) {
    return result(input, 'use-certificate', value, {}, [
      {
        code: 'CODES_BAD_CHARSET',
        message: `a 使用登记证编号 looks like 梯11赣D00001(19): 类别简称 + 2 digits + province + city letter + 5 digits + (2-digit year); "${clip(value)}" is not`,
      },
    ]);
  }
  const [, cat, variety, province, city, serial, yy] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const errors: CodeError[] = [];
  if (USE_CERT_CATEGORIES[cat] === undefined) {
    errors.push({
      code: 'CODES_BAD_FIELD',
      message: `类别简称 "${cat}" is none of ${Object.keys(USE_CERT_CATEGORIES).join(' ')}`,
      position: 0,
    });
  }
  if (!PROVINCES.includes(province)) {
    errors.push({
      code: 'CODES_BAD_FIELD',
      message: `"${province}" (character 4) is no province abbreviation`,
      position: 3,
    });
  }
  return result(
    input,
    'use-certificate',
    value,
    {
      category: cat,
      categoryName: USE_CERT_CATEGORIES[cat] ?? null,
      varietyCode: variety,
      province,
      cityLetter: city,
      serial,
      year: yy,
    },
    errors,
  );
}

/** True when `value` (18–19 characters) has the 设备代码 shape including a plausible year. */
export function looksLikeDeviceCode(value: string): boolean {
  const m = DEVICE.exec(value);
  if (!m) return false;
  const year = Number(m[3]);
  return year >= MIN_YEAR && year <= MAX_YEAR && isDigits(value.slice(0, 4));
}

/** True when `value` has the legacy 20-digit 注册代码 shape including a real YYYYMM and a plausible division. */
export function looksLikeRegisterCode(value: string): boolean {
  const m = REGISTER.exec(value);
  if (!m) return false;
  const year = Number(m[3]);
  const month = Number(m[4]);
  return (
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    checkDivision(m[2] as string, 0, '').warnings.length === 0
  );
}
