/**
 * The Chinese code schemes (and the platform trace code) behind one entry point, `parseChinese`, which
 * the GS1 `parse()` calls after its own detection fails. Precedence where shapes collide is decided
 * here and listed in `parseChinese`'s comment.
 */
import { isValidGs1CheckDigit } from '../check/gs1.js';
import { computeUsccCheck } from '../check/iso7064.js';
import { type ParsePlatformOptions, parsePlatformCode } from '../platform/platform-code.js';
import type { ParseResult } from '../types.js';
import { isDigits } from './cn-result.js';
import { parseDetonatorCode } from './detonator-code.js';
import { parseDrugTraceCode } from './drug-trace-code.js';
import { looksLikeDeviceCode, looksLikeRegisterCode, parseEquipmentCode } from './equipment-code.js';
import { parsePesticideCode } from './pesticide-code.js';
import { parseUscc } from './uscc.js';
import { parseVetDrugCode } from './vet-drug-code.js';

export { CnErrorCode } from './cn.errors.js';
export { parseDetonatorCode } from './detonator-code.js';
export { parseDrugTraceCode } from './drug-trace-code.js';
export { type EquipmentCodeKind, parseEquipmentCode } from './equipment-code.js';
export { parsePesticideCode, pesticideCodeMatchesRegistration } from './pesticide-code.js';
export {
  validateDrugApprovalNumber,
  validateFoodProductionLicence,
  validatePesticideRegistrationNumber,
  validateVetDrugApprovalNumber,
} from './registration-numbers.js';
export { computeUsccCheck, isValidUscc, makeUscc, parseUscc, type UsccParts } from './uscc.js';
export { parseVetDrugCode } from './vet-drug-code.js';

/** 类别简称 that open a special-equipment 使用登记证编号 (TSG 08-2017). */
const USE_CERT_FIRST = '梯容锅起瓶车索游管';
/** A pesticide QR content: URL whose last 32 characters are the 单元识别代码 (农业部公告第2579号). */
const PESTICIDE_URL = /^https?:\/\/\S*\D\d{32}$/i;
const ALNUM_18 = /^[0-9A-Za-z]{18}$/;

/**
 * Answers which Chinese scheme (or the platform trace code) `normalisedInput` is, or null when none
 * has its shape. Precedence, first match wins:
 *
 * 1. `…/q/<code>` URL or 17 letters/digits starting with a letter → platform code.
 * 2. http(s) URL ending in 32 digits → pesticide QR content.
 * 3. Starts with 梯 容 锅 起 瓶 车 索 游 管 → special-equipment use certificate.
 * 4. 13 characters of GA 441 shape → detonator code; but 13 digits whose GS1 check holds → null
 *    (a GTIN-13/GLN wins).
 * 5. 18 characters: all digits with a valid GS1 check → null (an SSCC wins); else a valid GB 32100
 *    check → USCC; else the TSG 设备代码 shape (digits, year 1950–2099 at 10–13) → equipment device
 *    code; else any 18 letters/digits → USCC, reported invalid (a mistyped credit code is likelier).
 *    19 characters of 设备代码 shape → equipment device code (assigned by the registration authority).
 * 6. 20 digits: starting with 8 → drug trace code (码上放心); else legacy 注册代码 shape → equipment
 *    register code; else drug trace code (manufacturer-defined, with a warning). 20 characters of
 *    register shape with a letter in the sequence (pipelines, A001…) → equipment register code.
 * 7. 24 digits → veterinary-drug trace code. 8. 32 digits → pesticide code.
 */
export function parseChinese(normalisedInput: string, opts: ParsePlatformOptions = {}): ParseResult | null {
  const v = normalisedInput;
  if (v.length === 0 || v.length > 2048) return null;
  const platform = parsePlatformCode(v, opts);
  if (platform !== null) return platform;
  if (PESTICIDE_URL.test(v)) return parsePesticideCode(v);
  if (USE_CERT_FIRST.includes(v.charAt(0))) return parseEquipmentCode(v);

  const digits = isDigits(v);
  switch (v.length) {
    case 13:
      if (digits && isValidGs1CheckDigit(v)) return null;
      return /^\d{7}[0-9A-Za-z]\d{5}$/.test(v) ? parseDetonatorCode(v) : null;
    case 18: {
      if (!ALNUM_18.test(v)) return null;
      if (digits && isValidGs1CheckDigit(v)) return null;
      const upper = v.toUpperCase();
      if (computeUsccCheck(upper.slice(0, 17)) === upper.charAt(17)) return parseUscc(v);
      if (looksLikeDeviceCode(upper)) return parseEquipmentCode(v);
      return parseUscc(v);
    }
    case 19:
      return looksLikeDeviceCode(v.toUpperCase()) ? parseEquipmentCode(v) : null;
    case 20:
      if (digits) {
        if (v.charAt(0) !== '8' && looksLikeRegisterCode(v)) return parseEquipmentCode(v);
        return parseDrugTraceCode(v);
      }
      return looksLikeRegisterCode(v.toUpperCase()) ? parseEquipmentCode(v) : null;
    case 24:
      return digits ? parseVetDrugCode(v) : null;
    case 32:
      return digits ? parsePesticideCode(v) : null;
    default:
      return null;
  }
}
