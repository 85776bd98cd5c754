/**
 * 农药 label QR trace code (单元识别代码, 32 digits), 农业部公告第2579号 (2017) 《农药标签二维码管理规定》
 * (CHINA-TRACE-FACTS §2.3 [confirmed]). The QR carries 追溯网址 + 单元识别代码, so the parser also takes
 * a URL that ends in the 32 digits.
 *
 * NOTE: the code has no check digit (positions 12–32 are random), so validation is structural only.
 */
import type { CodeError, ParseResult } from '../types.js';
import { buildResult, clip, isDigits, nonDigitErrors } from './cn-result.js';

/** Length of the 单元识别代码 (公告第2579号). */
export const PESTICIDE_CODE_LENGTH = 32;

/** Position 1: 登记类别代码 → the registration-number prefix it stands for (公告第2579号). */
const REGISTRATION_CLASS: Record<string, string> = { '1': 'PD', '2': 'WP', '3': 'LS/WL' };
/** Position 8: 生产类型 (公告第2579号). */
const PRODUCTION_TYPE: Record<string, string> = {
  '1': 'own-production',
  '2': 'contract-manufacture',
  '3': 'contract-repackaging',
};

/** A pesticide QR content: optional URL, then exactly 32 digits not preceded by another digit. */
const URL_FORM = /^(https?:\/\/[^\s]*?[^0-9])(\d{32})$/i;

/**
 * Parses a 32-digit pesticide code, or a QR content `<追溯网址><code>`; `fields.url` keeps that content.
 * The canonical form holds the 32 digits only, so the same pack found by QR or by typed digits is one
 * identifier.
 */
export function parsePesticideCode(input: string): ParseResult {
  let value = input;
  let url: string | null = null;
  const m = URL_FORM.exec(input);
  if (m) {
    url = m[1] as string;
    value = m[2] as string;
  }
  const offset = input.length - value.length;
  const errors: CodeError[] = [];
  if (value.length !== PESTICIDE_CODE_LENGTH) {
    errors.push({
      code: 'CODES_BAD_LENGTH',
      message: `a 农药 单元识别代码 has 32 digits (农业部公告第2579号); "${clip(value)}" has ${value.length}`,
    });
    return buildResult(input, 'pesticide-code', value, {}, errors);
  }
  errors.push(...nonDigitErrors(value, offset, 'pesticide code'));
  const cls = value.charAt(0);
  const prod = value.charAt(7);
  if (isDigits(cls) && REGISTRATION_CLASS[cls] === undefined) {
    errors.push({
      code: 'CODES_BAD_FIELD',
      message: `登记类别代码 (character 1) is "${cls}"; 公告第2579号 allows 1 (PD), 2 (WP) or 3 (临时登记)`,
      position: offset,
    });
  }
  if (isDigits(prod) && PRODUCTION_TYPE[prod] === undefined) {
    errors.push({
      code: 'CODES_BAD_FIELD',
      message: `生产类型 (character 8) is "${prod}"; 公告第2579号 allows 1 (own), 2 (委托加工) or 3 (委托分装)`,
      position: offset + 7,
    });
  }
  const fields: Record<string, unknown> = {
    registrationClass: REGISTRATION_CLASS[cls] ?? null,
    registrationNumberTail: value.slice(1, 7),
    productionType: PRODUCTION_TYPE[prod] ?? null,
    specCode: value.slice(8, 11),
    random: value.slice(11),
  };
  if (url !== null) fields.url = input;
  return buildResult(input, 'pesticide-code', value, fields, errors);
}

/**
 * True when a pesticide code's class digit and six-digit tail agree with a 农药登记证号 such as
 * `PD20080005` (公告第2579号: positions 2–7 are the last six digits of the registration number).
 * Lets master data flag a code printed for another product.
 */
export function pesticideCodeMatchesRegistration(code: string, registrationNumber: string): boolean {
  const reg = /^(PD|WP|LS|WL)N?(\d+)/.exec(registrationNumber.toUpperCase());
  if (!reg || code.length !== PESTICIDE_CODE_LENGTH) return false;
  const prefix = reg[1] as string;
  const cls = prefix === 'PD' ? '1' : prefix === 'WP' ? '2' : '3';
  return code.charAt(0) === cls && code.slice(1, 7) === (reg[2] as string).slice(-6).padStart(6, '0');
}
