/**
 * 兽药追溯码 (veterinary-drug trace code, 24 digits), 农业部公告第2210号 (2015) and the 国家兽药产品追溯系统
 * (CHINA-TRACE-FACTS §2.4 [confirmed]): 8-digit request date YYYYMMDD, 5-digit 企业标识, 11 random digits.
 *
 * NOTE: no check digit exists; validation is structural plus a calendar check of the date.
 */
import type { CodeError, ParseResult } from '../types.js';
import { buildResult, clip, isCalendarDate, isDigits, nonDigitErrors } from './cn-result.js';

/** Length of a 兽药追溯码. */
export const VET_DRUG_CODE_LENGTH = 24;

/** Parses a 24-digit veterinary-drug trace code; `fields.requestDate` is ISO `YYYY-MM-DD`. */
export function parseVetDrugCode(input: string): ParseResult {
  const value = input;
  const errors: CodeError[] = [];
  if (value.length !== VET_DRUG_CODE_LENGTH) {
    errors.push({
      code: 'CODES_BAD_LENGTH',
      message: `a 兽药追溯码 has 24 digits (农业部公告第2210号); "${clip(value)}" has ${value.length}`,
    });
    return buildResult(input, 'vet-drug-code', value, {}, errors);
  }
  errors.push(...nonDigitErrors(value, 0, 'veterinary-drug trace code'));
  const date = value.slice(0, 8);
  let requestDate: string | null = null;
  if (isDigits(date)) {
    const y = Number(date.slice(0, 4));
    const mo = Number(date.slice(4, 6));
    const d = Number(date.slice(6, 8));
    if (isCalendarDate(y, mo, d)) {
      requestDate = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
    } else {
      errors.push({
        code: 'CODES_BAD_DATE',
        message: `characters 1–8, "${date}", must be the code's request date YYYYMMDD; it is no calendar date`,
        position: 0,
      });
    }
  }
  const fields = { requestDate, enterpriseId: value.slice(8, 13), random: value.slice(13) };
  return buildResult(input, 'vet-drug-code', value, fields, errors);
}
