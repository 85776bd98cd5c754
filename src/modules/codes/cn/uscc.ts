/**
 * 统一社会信用代码 (unified social credit code, USCC), GB 32100-2015. Structure, alphabet and both check
 * rules as recorded in CHINA-TRACE-FACTS §2.1 [confirmed].
 */
import {
  computeOrgCodeCheck,
  computeUsccCheck,
  ISO7064_ALPHANUMERIC,
  USCC_ALPHABET,
} from '../check/iso7064.js';
import type { CodeError, ParseResult } from '../types.js';
import { buildResult, clip, showChar } from './cn-result.js';
import { checkDivision } from './division.js';

export { computeUsccCheck } from '../check/iso7064.js';

/**
 * 登记管理部门代码 (GB 32100-2015 Table 2). 1, 5, 9 and Y are [confirmed] in the facts file; A and N are
 * seen in real codes; the remaining names are from memory of the standard's table [unverified], so an
 * unknown authority character is never an error.
 */
const AUTHORITIES: Record<string, string> = {
  '1': '机构编制',
  '2': '外交', // [unverified]
  '3': '司法行政', // [unverified]
  '4': '文化', // [unverified]
  '5': '民政',
  '6': '旅游', // [unverified]
  '7': '宗教', // [unverified]
  '8': '工会', // [unverified]
  '9': '工商 (市场监管)',
  A: '中央军委改革和编制办公室', // [unverified]
  N: '农业', // [unverified]
  Y: '其他',
};

/** 机构类别代码 under the authorities the facts file confirms (GB 32100-2015 Table 2). */
const ENTITY_TYPES: Record<string, Record<string, string>> = {
  '1': { '1': '机关', '2': '事业单位', '3': '编办直接管理机构编制的群众团体', '9': '其他' },
  '5': { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' },
  '9': { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' },
};

/** Letters a USCC never uses, with the character a person most likely meant (GB 32100-2015 §4.2). */
const CONFUSABLE: Record<string, string> = { I: '1', O: '0', S: '5', V: 'U', Z: '2' };

/** The parts of a USCC before its check characters; `makeUscc` appends both checks. */
export interface UsccParts {
  /** 登记管理部门代码, one USCC character (e.g. `9` for 市场监管). */
  authority: string;
  /** 机构类别代码, one USCC character (e.g. `1` 企业, `3` 农民专业合作社). */
  entityType: string;
  /** GB/T 2260 code of the registering office, six digits (e.g. `360802` 吉州区). */
  division: string;
  /** First eight characters of the embedded GB 11714 organisation code (digits and USCC letters). */
  orgBody: string;
}

/**
 * Builds a USCC from its parts, computing the organisation-code check (position 17, GB 11714-1997) and
 * the USCC check (position 18, GB 32100-2015 §4.3). For tests and demo data; throws a TypeError on
 * parts that cannot form a code (a programming error, not user input), e.g. an `orgBody` with I, O, S,
 * V or Z, which GB 11714 allows but GB 32100 does not.
 */
export function makeUscc(parts: UsccParts): string {
  const { authority, entityType, division, orgBody } = parts;
  if (
    authority.length !== 1 ||
    entityType.length !== 1 ||
    !/^\d{6}$/.test(division) ||
    orgBody.length !== 8
  ) {
    throw new TypeError(`makeUscc: malformed parts ${JSON.stringify(parts)}`);
  }
  const orgCheck = computeOrgCodeCheck(orgBody);
  const first17 = authority + entityType + division + orgBody + (orgCheck ?? '');
  const check = orgCheck === null ? null : computeUsccCheck(first17);
  if (check === null) {
    throw new TypeError(
      `makeUscc: ${JSON.stringify(parts)} gives no USCC (a character outside the 31-character set)`,
    );
  }
  return first17 + check;
}

/**
 * Parses a USCC. Lower-case letters are read as upper case (the standard prints only capitals). Never
 * throws; errors carry 0-based positions.
 */
export function parseUscc(input: string): ParseResult {
  const value = input.toUpperCase();
  const errors: CodeError[] = [];
  const warnings: CodeError[] = [];
  if (value.length !== 18) {
    errors.push({
      code: 'CODES_BAD_LENGTH',
      message: `a 统一社会信用代码 has 18 characters (GB 32100-2015 §4.1); "${clip(value)}" has ${value.length}`,
    });
    return buildResult(input, 'uscc', value, {}, errors);
  }
  for (let i = 0; i < 18; i++) {
    const ch = value.charAt(i);
    if (USCC_ALPHABET.includes(ch)) continue;
    const hint =
      CONFUSABLE[ch] === undefined
        ? ''
        : ` (never used, to avoid confusion; did you mean "${CONFUSABLE[ch]}"?)`;
    errors.push({
      code: 'CODES_BAD_CHARSET',
      message: `character ${i + 1}, ${showChar(ch)}, is not in the USCC character set 0-9 A-H J-N P-R T U W-Y${hint}`,
      position: i,
    });
  }
  const division = checkDivision(value.slice(2, 8), 2, 'registering-office division (characters 3–8)');
  errors.push(...division.errors);
  warnings.push(...division.warnings);

  const authority = value.charAt(0);
  const entityType = value.charAt(1);
  const orgCode = value.slice(8, 17);
  const fields: Record<string, unknown> = {
    registrationAuthority: { code: authority, name: AUTHORITIES[authority] ?? null },
    entityType: { code: entityType, name: ENTITY_TYPES[authority]?.[entityType] ?? null },
    division: value.slice(2, 8),
    organisationCode: orgCode,
    organisationCodeDisplay: `${orgCode.slice(0, 8)}-${orgCode.charAt(8)}`,
    checkCharacter: value.charAt(17),
  };
  if (errors.some((e) => e.code === 'CODES_BAD_CHARSET'))
    return buildResult(input, 'uscc', value, fields, errors, warnings);

  const expected = computeUsccCheck(value.slice(0, 17));
  if (expected !== value.charAt(17)) {
    errors.push({
      code: 'CODES_USCC_BAD_CHECK',
      message: `check character (18th) is "${value.charAt(17)}" but GB 32100-2015 §4.3 gives "${expected}" for ${value.slice(0, 17)}`,
      position: 17,
    });
  }
  // Both the org-code body and its check are USCC characters here, so the GB 11714 check is computable.
  const orgExpected = [...orgCode.slice(0, 8)].every((c) => ISO7064_ALPHANUMERIC.includes(c))
    ? computeOrgCodeCheck(orgCode.slice(0, 8))
    : null;
  fields.organisationCodeCheckValid = orgExpected === orgCode.charAt(8);
  if (orgExpected !== orgCode.charAt(8)) {
    // CHINA-TRACE-FACTS §2.1 Gotcha 1: real codes exist that fail this; warn, do not reject.
    warnings.push({
      code: 'CODES_USCC_ORG_CODE_BAD_CHECK',
      message: `embedded organisation code ${fields.organisationCodeDisplay as string}: GB 11714-1997 gives check "${orgExpected}", found "${orgCode.charAt(8)}"`,
      position: 16,
    });
  }
  return buildResult(input, 'uscc', value, fields, errors, warnings);
}

/** True when `value` is a USCC whose GB 32100 check holds (the organisation-code check is not required). */
export function isValidUscc(value: string): boolean {
  return (
    value.length === 18 &&
    computeUsccCheck(value.slice(0, 17)) === value.charAt(17) &&
    /^[0-9A-Z]{2}\d{6}/.test(value)
  );
}
