/**
 * Stable error codes of the Chinese code parsers and the platform trace code. They appear in
 * `ParseResult.errors[].code` and `warnings[].code`, and through the public parse endpoint, so never
 * rename one; add a new code instead.
 */
export const CnErrorCode = {
  /** The value has the wrong number of characters for the scheme. */
  BAD_LENGTH: 'CODES_BAD_LENGTH',
  /** A character is outside the scheme's character set (position given). */
  BAD_CHARSET: 'CODES_BAD_CHARSET',
  /** The GB 32100 check character (position 18) does not match. */
  USCC_BAD_CHECK: 'CODES_USCC_BAD_CHECK',
  /** The GB 11714 organisation-code check inside a USCC (position 17) does not match: a warning only. */
  USCC_ORG_CODE_BAD_CHECK: 'CODES_USCC_ORG_CODE_BAD_CHECK',
  /** A GB/T 2260 division code is malformed (error) or names no known province (warning). */
  BAD_DIVISION: 'CODES_BAD_DIVISION',
  /** A date inside the code is not a calendar date. */
  BAD_DATE: 'CODES_BAD_DATE',
  /** A field holds a value outside its enumerated set (e.g. pesticide registration class 4). */
  BAD_FIELD: 'CODES_BAD_FIELD',
  /** The ISO/IEC 7064 MOD 1271-36 check pair of a platform trace code does not match. */
  PLATFORM_BAD_CHECK: 'CODES_PLATFORM_BAD_CHECK',
  /** A `<base>/q/<code>` URL whose base is not the platform's configured base URL. */
  PLATFORM_FOREIGN_BASE: 'CODES_PLATFORM_FOREIGN_BASE',
  /** A 20-digit drug code that does not start with 8, so is not a 码上放心 code: a warning only. */
  DRUG_CODE_NOT_MSFX: 'CODES_DRUG_CODE_NOT_MSFX',
  /** A character was rewritten to the form the standard prescribes (e.g. lower-case `c` → `C`): a warning. */
  NORMALISED: 'CODES_NORMALISED',
  /** The registration/approval/licence number does not have the documented form. */
  BAD_REGISTRATION_NUMBER: 'CODES_BAD_REGISTRATION_NUMBER',
} as const;

/** One of the stable codes above. */
export type CnErrorCode = (typeof CnErrorCode)[keyof typeof CnErrorCode];
