/**
 * Format checks for the registration and document numbers that profile elements carry. Each returns the
 * problems found (empty when the value passes). The codes module owns the code schemes: where it exports a
 * validator, the check here delegates to it; the rest stay here, one function each, until it does. Where a
 * format rests on a single source or on memory, the check is a loose guard and says so.
 */
import {
  validateDrugApprovalNumber,
  validateFoodProductionLicence,
  validatePesticideRegistrationNumber,
  validateVetDrugApprovalNumber,
} from '../codes/index.js';

const messages = (errors: readonly { message: string }[]): string[] => errors.map((e) => e.message);

const CONTROL_OR_SPACE_EDGE = /[\u0000-\u001f\u007f]|^\s|\s$/;

/** A printable identifier of bounded length (licence, permit, certificate and report numbers). */
export function checkDocumentNumber(value: string, min = 2, max = 64): string[] {
  if (value.length < min || value.length > max) return [`must be ${min}-${max} characters long`];
  if (CONTROL_OR_SPACE_EDGE.test(value)) return ['must not contain control characters or surrounding spaces'];
  return [];
}

/** 农药登记证号 (PD/WP/LS/WL + digits; CHINA-TRACE-FACTS §2.3): delegates to codes' validator. */
export function checkPesticideRegNo(value: string): string[] {
  return messages(validatePesticideRegistrationNumber(value));
}

/** 兽药产品批准文号 (农业部令2015年第4号, single-source layout): delegates to codes' validator. */
export function checkVetDrugApprovalNo(value: string): string[] {
  return messages(validateVetDrugApprovalNumber(value));
}

/** 药品批准文号 国药准字 + class letter(s) + 8 digits: delegates to codes' validator. */
export function checkDrugApprovalNo(value: string): string[] {
  return messages(validateDrugApprovalNumber(value));
}

/** SC 食品生产许可证编号 (SC + 14 digits, §2.6 [single-source]): delegates to codes' validator. */
export function checkScLicence(value: string): string[] {
  return messages(validateFoodProductionLicence(value));
}

/** 婴幼儿配方乳粉产品配方注册号 (食品安全法 第八十一条), e.g. 国食注字YP20160001; layout from memory. */
export function checkFormulaRegNo(value: string): string[] {
  return /^国食注字YP\d{8}$/.test(value)
    ? []
    : ['must be an infant-formula registration number: 国食注字YP + 8 digits'];
}

/** 报关单号: 18 digits (customs office 4 + year 4 + I/E flag 1 + serial 9; inner layout from memory). */
export function checkCustomsDeclarationNo(value: string): string[] {
  return /^\d{18}$/.test(value) ? [] : ['must be an 18-digit customs declaration number'];
}

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

/** 机动车号牌 (GA 36-2018): province character, issuing-office letter, 5 (6 for new-energy) characters. */
export function checkVehiclePlate(value: string): string[] {
  const re = new RegExp(`^[${PROVINCES}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂]$`);
  return re.test(value) ? [] : ['must be a Chinese vehicle plate such as 赣D12345 or 赣DD12345'];
}

/** 绿色食品 企业信息码 GF + 12 digits, or the older LB- product number (CHINA-TRACE-FACTS §2.6 [confirmed]). */
export function checkGreenFoodCode(value: string): string[] {
  return /^GF\d{12}$/.test(value) || /^LB-\d{2}-\d{8,12}A{1,2}$/.test(value)
    ? []
    : ['must be a green-food code: GF + 12 digits, or LB-xx-…A/AA'];
}

/** 有机码: 17 digits (CHINA-TRACE-FACTS §2.6 [single-source]). */
export function checkOrganicCode(value: string): string[] {
  return /^\d{17}$/.test(value) ? [] : ['must be a 17-digit organic code (有机码)'];
}

/**
 * Special-equipment code: the TSG 设备代码 (18) or the legacy 注册代码 (20), letters allowed
 * (CHINA-TRACE-FACTS §2.7 recommendation).
 */
export function checkEquipmentCode(value: string): string[] {
  return /^[0-9A-Za-z]{18,20}$/.test(value) ? [] : ['must be an 18-20 character equipment code'];
}

/**
 * 使用登记证编号: starts with the equipment-class abbreviation (梯 容 锅 起 瓶 车 索 游 管; TSG 08-2017 via
 * CHINA-TRACE-FACTS §2.7c [single-source]). The rest varies (TSG 23-2021 cylinder layout not retrieved).
 */
export function checkUseRegistrationNo(value: string): string[] {
  return /^[梯容锅起瓶车索游管]\S{5,30}$/.test(value)
    ? []
    : ['must be a use-registration number starting with the class abbreviation, e.g. 梯11赣D00001(19)'];
}

/** 特种设备 licence numbers TS + digits + year, as in TS2210890-2015 (CHINA-TRACE-FACTS §2.7b [single-source]). */
export function checkEquipmentLicence(value: string): string[] {
  return /^TS\d{5,9}-(19|20)\d{2}$/.test(value)
    ? []
    : ['must be a special-equipment licence number such as TS3336001-2021'];
}

/** Gas-cylinder code: 6-32 letters and digits (TSG 23-2021 layout not retrieved, CHINA-TRACE-FACTS §2.7). */
export function checkCylinderCode(value: string): string[] {
  return /^[0-9A-Za-z]{6,32}$/.test(value) ? [] : ['must be a 6-32 character cylinder code'];
}

/** Detonator shell code, GA 441-2003: 13 characters, no check digit (CHINA-TRACE-FACTS §2.8 [confirmed]). */
export function checkDetonatorCode(value: string): string[] {
  return /^\d{2}\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[A-Za-z0-9]\d{5}$/.test(value)
    ? []
    : ['must be a 13-character GA 441 detonator code'];
}

/** Hash forms accepted for personal identifiers: lowercase hex SHA-256 or SM3 (GM/T 0004), tagged. */
export const HASHED_ID = /^(sha256|sm3):[0-9a-f]{64}$/;

/**
 * True when a string looks like a personal identifier in the clear: a resident ID number (GB 11643), a
 * mobile number, a name (CJK characters), or a short digit run such as a medical-record number.
 */
export function looksLikePlainPersonalId(value: string): boolean {
  const v = value.trim();
  return (
    /^\d{17}[\dXx]$/.test(v) ||
    /^\d{15}$/.test(v) ||
    /^(\+?86)?1[3-9]\d{9}$/.test(v) ||
    /[\u4e00-\u9fa5]/.test(v) ||
    /^[A-Za-z]{0,4}[-_]?\d{4,16}$/.test(v)
  );
}
