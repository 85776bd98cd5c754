/**
 * 工业雷管 shell code, GA 441-2003 《工业雷管编码通则》 (CHINA-TRACE-FACTS §2.8 [confirmed]): 13 characters =
 * 2-digit 生产企业代号 + last digit of the year + MMDD + 1 特征号 + 5-digit 流水号. No check digit.
 *
 * NOTE: the 特征号 is case-sensitive: GA 441 allows A–Z, digits, and lower-case letters except
 * c o s u v w x z (those are excluded because they look like their capitals). So the parser keeps case,
 * and rewrites only those eight lower-case letters to capitals, with a warning.
 */
import type { CodeError, ParseResult } from '../types.js';
import { buildResult, clip, isDigits, nonDigitErrors, showChar } from './cn-result.js';

/** Length of a GA 441 detonator code. */
export const DETONATOR_CODE_LENGTH = 13;

/** Lower-case letters GA 441 never uses as 特征号; each can only be its capital. */
const LOOKALIKE_LOWER = 'coszuvwx';

/** Days per month when the decade is unknown: February may be the 29th. */
const MAX_DAY = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses a GA 441 detonator code. Dates are checked for month/day validity (the year is one digit). */
export function parseDetonatorCode(input: string): ParseResult {
  const errors: CodeError[] = [];
  const warnings: CodeError[] = [];
  if (input.length !== DETONATOR_CODE_LENGTH) {
    errors.push({
      code: 'CODES_BAD_LENGTH',
      message: `a 雷管编码 has 13 characters (GA 441-2003); "${clip(input)}" has ${input.length}`,
    });
    return buildResult(input, 'detonator-code', input, {}, errors);
  }
  let feature = input.charAt(7);
  if (LOOKALIKE_LOWER.includes(feature)) {
    const upper = feature.toUpperCase();
    warnings.push({
      code: 'CODES_NORMALISED',
      message: `特征号 "${feature}" (character 8) is not used in lower case by GA 441-2003; read as "${upper}"`,
      position: 7,
    });
    feature = upper;
  }
  const value = input.slice(0, 7) + feature + input.slice(8);
  errors.push(...nonDigitErrors(value.slice(0, 7), 0, 'detonator producer/date'));
  errors.push(...nonDigitErrors(value.slice(8), 8, 'detonator serial (流水号)'));
  if (!/^[0-9A-Za-z]$/.test(feature)) {
    errors.push({
      code: 'CODES_BAD_CHARSET',
      message: `特征号 (character 8) is ${showChar(feature)}; GA 441-2003 allows a digit or a letter`,
      position: 7,
    });
  }
  const producer = value.slice(0, 2);
  if (producer === '00') {
    errors.push({
      code: 'CODES_BAD_FIELD',
      message: '生产企业代号 (characters 1–2) runs 01–99; "00" is not assigned',
      position: 0,
    });
  }
  const mm = value.slice(3, 5);
  const dd = value.slice(5, 7);
  if (isDigits(mm) && isDigits(dd)) {
    const month = Number(mm);
    const day = Number(dd);
    if (month < 1 || month > 12 || day < 1 || day > (MAX_DAY[month - 1] as number)) {
      errors.push({
        code: 'CODES_BAD_DATE',
        message: `characters 4–7, "${mm}${dd}", must be the production month and day MMDD (GA 441-2003)`,
        position: 3,
      });
    }
  }
  const fields = {
    producerCode: producer,
    yearLastDigit: value.charAt(2),
    month: mm,
    day: dd,
    feature,
    serial: value.slice(8),
  };
  return buildResult(input, 'detonator-code', value, fields, errors, warnings);
}

/** True when `value` has the GA 441 shape (digits around one alphanumeric 特征号), before any date check. */
export function looksLikeDetonatorCode(value: string): boolean {
  return /^\d{7}[0-9A-Za-z]\d{5}$/.test(value);
}
