/**
 * 药品追溯码 (drug trace code), NMPAB/T 1002-2019 《药品追溯码编码要求》 in its 20-digit form (CHINA-TRACE-FACTS
 * §2.2). GS1-form drug codes (AI 01 + 21 + 10 + 17) are not handled here: they go through GS1 parsing.
 *
 * NOTE: the check-digit algorithm of the 20-digit code is NOT public (facts §2.2, [confirmed absence]),
 * so this validates structure only; whether a code was really issued can only be answered by the
 * issuing trace system (e.g. 码上放心). Likewise the split of the 13-character tail into serial and
 * check digits (commonly "9 + 4") is [unverified] and therefore not exposed as separate fields.
 */
import type { CodeError, ParseResult } from '../types.js';
import { buildResult, clip, isDigits, nonDigitErrors } from './cn-result.js';

/** Length of a 20-digit drug trace code (NMPAB/T 1002-2019). */
export const DRUG_TRACE_CODE_LENGTH = 20;

/**
 * Parses a 20-digit drug trace code into its 7-digit 药品标识码 and 13-digit 生产标识码 + 校验位 tail.
 * Codes that do not start with 8 are still accepted (NMPAB/T 1002 lets manufacturers define their own
 * 20-character codes) but carry a warning, because 码上放心 codes always start with 8. Letters and
 * symbols, which NMPAB/T 1002 would allow, are rejected: no such 20-character code has been seen on a
 * pack, and accepting them would swallow unrelated strings.
 */
export function parseDrugTraceCode(input: string): ParseResult {
  const value = input;
  const errors: CodeError[] = [];
  const warnings: CodeError[] = [];
  if (value.length !== DRUG_TRACE_CODE_LENGTH) {
    errors.push({
      code: 'CODES_BAD_LENGTH',
      message: `a 药品追溯码 has 20 digits (NMPAB/T 1002-2019); "${clip(value)}" has ${value.length}`,
    });
    return buildResult(input, 'drug-trace-code', value, {}, errors);
  }
  errors.push(...nonDigitErrors(value, 0, 'drug trace code'));
  const msfx = value.charAt(0) === '8';
  const fields = {
    drugIdentifier: value.slice(0, 7),
    productionIdentifier: value.slice(7),
    family: msfx ? 'msfx-20' : 'manufacturer-20',
    checkVerified: false,
  };
  if (errors.length === 0 && !msfx) {
    warnings.push({
      code: 'CODES_DRUG_CODE_NOT_MSFX',
      message: `"${value}" does not start with 8, so it is not a 码上放心 code; read as a manufacturer-defined 20-digit code`,
      position: 0,
    });
  }
  return buildResult(input, 'drug-trace-code', value, fields, errors, warnings);
}

/** True when `value` has the 码上放心 shape `^8\d{19}$` (the only shape the facts confirm). */
export function looksLikeMsfxDrugCode(value: string): boolean {
  return value.length === 20 && value.charAt(0) === '8' && isDigits(value);
}
