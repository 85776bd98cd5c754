/** Structural checks of GB/T 2260 administrative-division codes embedded in other codes. */
import type { CodeError } from '../types.js';
import { isDigits } from './cn-result.js';

/**
 * The two-digit province-level prefixes of GB/T 2260 (31 mainland provinces, plus 71 台湾, 81 香港, 82 澳门).
 * NOTE: this checks the prefix only; the full division list is master data (seeded for Ji'an), not code.
 */
const PROVINCE_PREFIXES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

/**
 * `100000` stands for the national level: companies registered directly with 国家市场监督管理总局 carry it
 * in USCC positions 3–8 (e.g. 91100000…). It is not in GB/T 2260 itself.
 */
export const NATIONAL_LEVEL_DIVISION = '100000';

/** True when `code` is six digits whose province prefix GB/T 2260 knows (or the national `100000`). */
export function isPlausibleDivision(code: string): boolean {
  return (
    code.length === 6 &&
    isDigits(code) &&
    (code === NATIONAL_LEVEL_DIVISION || PROVINCE_PREFIXES.has(code.slice(0, 2)))
  );
}

/**
 * Checks a six-character division code found at `offset` of a larger code: non-digits are errors, an
 * unknown province prefix is a warning (the code may be a newer division or a platform extension such
 * as 360891 井冈山经开区, see CHINA-TRACE-FACTS §2.9).
 */
export function checkDivision(
  code: string,
  offset: number,
  what: string,
): { errors: CodeError[]; warnings: CodeError[] } {
  if (!isDigits(code) || code.length !== 6) {
    return {
      errors: [
        {
          code: 'CODES_BAD_DIVISION',
          message: `${what} "${code}" (characters ${offset + 1}–${offset + 6}) must be a six-digit GB/T 2260 code`,
          position: offset,
        },
      ],
      warnings: [],
    };
  }
  if (isPlausibleDivision(code)) return { errors: [], warnings: [] };
  return {
    errors: [],
    warnings: [
      {
        code: 'CODES_BAD_DIVISION',
        message: `${what} "${code}" starts with "${code.slice(0, 2)}", which is no GB/T 2260 province`,
        position: offset,
      },
    ],
  };
}
