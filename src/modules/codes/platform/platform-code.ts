/**
 * The platform trace code (平台追溯码) for enterprises without GS1 membership. Design and reasons:
 * docs/codes/platform-code.md. Layout (17 characters of 0–9 A–Z, 1-based positions):
 *
 *   1      category letter (one of the six categories of DESIGN.md)
 *   2      level letter: U 单品 item, B 批次 batch, L 物流单元 case/pallet
 *   3–7    organisation serial allocated by the platform, base 36
 *   8–15   serial within that organisation and level, base 36
 *   16–17  check pair, ISO/IEC 7064 MOD 1271-36 over characters 1–15
 *
 * The pure MOD 1271-36 system catches every single-character substitution and every transposition of
 * two adjacent characters (the hybrid MOD 37,36 does not; MOD 37-2 would need the symbol `*`).
 */
import { AppError } from '../../../lib/errors.js';
import {
  ISO7064_ALPHANUMERIC,
  MOD_1271_36,
  pureAccumulate,
  pureCheck,
  pureCheckValueFrom,
} from '../check/iso7064.js';
import { buildResult, clip, showChar } from '../cn/cn-result.js';
import type { CodeError, ParseResult } from '../types.js';

/** The six categories of important products (DESIGN.md, "The six categories"). */
export type PlatformCategory =
  | 'edible-agricultural' // 食用农产品
  | 'food' // 食品
  | 'drug' // 药品
  | 'agricultural-input' // 农业生产资料
  | 'special-equipment' // 特种设备
  | 'hazardous'; // 危险品

/** What one code stands for. */
export type PlatformLevel = 'unit' | 'batch' | 'logistic-unit';

/** Category → its letter in position 1 (mnemonic where the pinyin allows: N 农资, T 特种, W 危险). */
export const CATEGORY_LETTERS: Readonly<Record<PlatformCategory, string>> = {
  'edible-agricultural': 'A',
  food: 'F',
  drug: 'D',
  'agricultural-input': 'N',
  'special-equipment': 'T',
  hazardous: 'W',
};
/** Level → its letter in position 2. */
export const LEVEL_LETTERS: Readonly<Record<PlatformLevel, string>> = {
  unit: 'U',
  batch: 'B',
  'logistic-unit': 'L',
};

const CATEGORY_BY_LETTER = new Map(
  Object.entries(CATEGORY_LETTERS).map(([k, v]) => [v, k as PlatformCategory]),
);
const LEVEL_BY_LETTER = new Map(Object.entries(LEVEL_LETTERS).map(([k, v]) => [v, k as PlatformLevel]));

/** Length of a platform trace code. */
export const PLATFORM_CODE_LENGTH = 17;
/** Characters of the organisation serial; 36^5 = 60 466 176 organisations. */
export const ORG_CHARS = 5;
/** Characters of the item/batch serial; 36^8 ≈ 2.8 × 10^12 codes per organisation and level. */
export const SERIAL_CHARS = 8;
/** Largest organisation serial. */
export const MAX_ORG = 36 ** ORG_CHARS - 1;
/** Largest item/batch serial (well inside Number.MAX_SAFE_INTEGER). */
export const MAX_SERIAL = 36 ** SERIAL_CHARS - 1;

/** The parts a platform trace code carries; `parsePlatformCode(formatPlatformCode(p)).fields` holds them. */
export interface PlatformCodeParts {
  category: PlatformCategory;
  level: PlatformLevel;
  /** Organisation serial allocated by the platform (master data maps it to the organisation and its USCC). */
  org: number;
  /** Serial of the item, batch or logistic unit within the organisation and level. */
  serial: number;
}

/** The fixed part of a run of codes: everything but the serial. */
export type PlatformCodePrefix = Omit<PlatformCodeParts, 'serial'>;

function base36(n: number, width: number): string {
  return n.toString(36).toUpperCase().padStart(width, '0');
}

function badParts(message: string, parts: unknown): AppError {
  return new AppError('CODES_PLATFORM_BAD_PARTS', message, { status: 400, extra: { parts } });
}

/** Position 1–7 of a code; throws AppError CODES_PLATFORM_BAD_PARTS on an unknown category/level or an org out of range. */
export function formatPlatformPrefix(prefix: PlatformCodePrefix): string {
  const c = CATEGORY_LETTERS[prefix.category];
  const l = LEVEL_LETTERS[prefix.level];
  if (c === undefined) throw badParts(`unknown platform-code category "${String(prefix.category)}"`, prefix);
  if (l === undefined) throw badParts(`unknown platform-code level "${String(prefix.level)}"`, prefix);
  if (!Number.isSafeInteger(prefix.org) || prefix.org < 0 || prefix.org > MAX_ORG) {
    throw badParts(`organisation serial ${prefix.org} is outside 0–${MAX_ORG}`, prefix);
  }
  return c + l + base36(prefix.org, ORG_CHARS);
}

/** Formats one platform trace code; throws AppError CODES_PLATFORM_BAD_PARTS on parts out of range. */
export function formatPlatformCode(parts: PlatformCodeParts): string {
  const prefix = formatPlatformPrefix(parts);
  if (!Number.isSafeInteger(parts.serial) || parts.serial < 0 || parts.serial > MAX_SERIAL) {
    throw badParts(`serial ${parts.serial} is outside 0–${MAX_SERIAL}`, parts);
  }
  const body = prefix + base36(parts.serial, SERIAL_CHARS);
  return body + (pureCheck(MOD_1271_36, body) as string);
}

/** The URL a QR code carries for `code`: `<baseUrl>/q/<code>` (a trailing slash on the base is ignored). */
export function platformCodeUrl(code: string, baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/q/${code}`;
}

/** ASCII codes of '0'–'9' 'A'–'Z', indexed by value. */
const ALNUM_BYTES = Uint8Array.from(ISO7064_ALPHANUMERIC, (c) => c.charCodeAt(0));

/**
 * Writes `count` consecutive codes starting at `firstSerial` as ASCII lines (`code\n`) into one buffer:
 * the allocator-friendly path for issuance and export (no per-code string is built). Throws AppError
 * CODES_PLATFORM_BAD_PARTS when the range leaves 0–MAX_SERIAL.
 */
export function writePlatformCodeLines(
  prefix: PlatformCodePrefix,
  firstSerial: number,
  count: number,
): Uint8Array {
  const head = formatPlatformPrefix(prefix);
  if (
    !Number.isSafeInteger(firstSerial) ||
    !Number.isSafeInteger(count) ||
    firstSerial < 0 ||
    count < 0 ||
    firstSerial + count - 1 > MAX_SERIAL
  ) {
    throw badParts(`serial range ${firstSerial} + ${count} is outside 0–${MAX_SERIAL}`, {
      prefix,
      firstSerial,
      count,
    });
  }
  const lineLength = PLATFORM_CODE_LENGTH + 1;
  const out = new Uint8Array(count * lineLength);
  const headAcc = pureAccumulate(MOD_1271_36, head);
  const { modulus, radix } = MOD_1271_36;
  // Serial digits, most significant first; incremented in place instead of dividing per code.
  const digits = new Uint8Array(SERIAL_CHARS);
  let n = firstSerial;
  for (let i = SERIAL_CHARS - 1; i >= 0; i--) {
    digits[i] = n % 36;
    n = Math.floor(n / 36);
  }
  for (let i = 0; i < head.length; i++) out[i] = head.charCodeAt(i);
  for (let k = 0; k < count; k++) {
    const at = k * lineLength;
    if (k > 0) out.copyWithin(at, 0, head.length);
    let p = headAcc;
    for (let i = 0; i < SERIAL_CHARS; i++) {
      const d = digits[i] as number;
      out[at + head.length + i] = ALNUM_BYTES[d] as number;
      p = ((p + d) * radix) % modulus;
    }
    const check = pureCheckValueFrom(MOD_1271_36, p);
    out[at + 15] = ALNUM_BYTES[Math.floor(check / radix)] as number;
    out[at + 16] = ALNUM_BYTES[check % radix] as number;
    out[at + 17] = 10; // '\n'
    for (let i = SERIAL_CHARS - 1; i >= 0; i--) {
      const d = (digits[i] as number) + 1;
      if (d < 36) {
        digits[i] = d;
        break;
      }
      digits[i] = 0;
    }
  }
  return out;
}

/** Formats `count` consecutive codes from `firstSerial` as strings (see writePlatformCodeLines for bulk export). */
export function formatPlatformCodeRange(
  prefix: PlatformCodePrefix,
  firstSerial: number,
  count: number,
): string[] {
  const bytes = writePlatformCodeLines(prefix, firstSerial, count);
  const text = new TextDecoder('ascii').decode(bytes);
  const codes = new Array<string>(count);
  for (let k = 0; k < count; k++) codes[k] = text.slice(k * 18, k * 18 + PLATFORM_CODE_LENGTH);
  return codes;
}

/** Options of parsePlatformCode. */
export interface ParsePlatformOptions {
  /** The platform's public base URL; when given, a `…/q/<code>` URL on another base is an error. */
  baseUrl?: string;
}

/** `<scheme>://<host>[/path…]/q/<code>[/][?…][#…]`, any case (QR alphanumeric mode prints upper case). */
const URL_FORM = /^(https?:\/\/[^/?#\s]+(?:\/[^?#\s]*)?)\/q\/([^/?#\s]*)\/?(?:[?#]\S*)?$/i;
/** A bare code: 17 ASCII letters/digits starting with a letter (no other scheme here has that shape). */
const BARE = /^[A-Za-z][0-9A-Za-z]{16}$/;

function normaliseBase(url: string): string {
  return url.replace(/\/+$/, '').toLowerCase();
}

/**
 * Parses a platform trace code, bare or as `<base>/q/<code>`. Returns null when the input has neither
 * shape (so the caller can try other schemes); otherwise a result, valid or with errors. Lower case is
 * read as upper case. Never throws.
 */
export function parsePlatformCode(input: string, opts: ParsePlatformOptions = {}): ParseResult | null {
  let code = input;
  let base: string | null = null;
  const m = URL_FORM.exec(input);
  if (m) {
    base = m[1] as string;
    code = m[2] as string;
  } else if (!BARE.test(input)) {
    return null;
  }
  const value = code.toUpperCase();
  // Error positions point into the input, so in the URL form they start after `<base>/q/`.
  const offset = m ? (base as string).length + 3 : 0;
  const errors: CodeError[] = [];
  if (base !== null && opts.baseUrl !== undefined && normaliseBase(base) !== normaliseBase(opts.baseUrl)) {
    errors.push({
      code: 'CODES_PLATFORM_FOREIGN_BASE',
      message: `the URL's base "${clip(base)}" is not this platform's "${opts.baseUrl}"`,
      position: 0,
    });
  }
  if (value.length !== PLATFORM_CODE_LENGTH) {
    errors.push({
      code: 'CODES_BAD_LENGTH',
      message: `a platform trace code has ${PLATFORM_CODE_LENGTH} characters; "${clip(value)}" has ${value.length}`,
      position: offset,
    });
    return buildResult(input, 'platform-code', value, base === null ? {} : { url: input }, errors);
  }
  for (let i = 0; i < value.length; i++) {
    if (!ISO7064_ALPHANUMERIC.includes(value.charAt(i))) {
      errors.push({
        code: 'CODES_BAD_CHARSET',
        message: `character ${i + 1} of the platform code, ${showChar(value.charAt(i))}, is not 0–9 or A–Z`,
        position: offset + i,
      });
    }
  }
  const category = CATEGORY_BY_LETTER.get(value.charAt(0)) ?? null;
  const level = LEVEL_BY_LETTER.get(value.charAt(1)) ?? null;
  if (category === null) {
    errors.push({
      code: 'CODES_BAD_FIELD',
      message: `category letter (character 1) "${value.charAt(0)}" is none of ${Object.values(CATEGORY_LETTERS).join(', ')}`,
      position: offset,
    });
  }
  if (level === null) {
    errors.push({
      code: 'CODES_BAD_FIELD',
      message: `level letter (character 2) "${value.charAt(1)}" is none of U (item), B (batch), L (logistic unit)`,
      position: offset + 1,
    });
  }
  const orgCode = value.slice(2, 7);
  const serialCode = value.slice(7, 15);
  const fields: Record<string, unknown> = {
    category,
    level,
    org: errors.length === 0 ? Number.parseInt(orgCode, 36) : null,
    serial: errors.length === 0 ? Number.parseInt(serialCode, 36) : null,
    orgCode,
    serialCode,
    check: value.slice(15),
  };
  if (base !== null) fields.url = input;
  if (!errors.some((e) => e.code === 'CODES_BAD_CHARSET')) {
    const expected = pureCheck(MOD_1271_36, value.slice(0, 15));
    if (expected !== value.slice(15)) {
      errors.push({
        code: 'CODES_PLATFORM_BAD_CHECK',
        message: `check pair (characters 16–17) is "${value.slice(15)}" but ISO/IEC 7064 MOD 1271-36 gives "${expected}" for ${value.slice(0, 15)}`,
        position: offset + 15,
      });
    }
  }
  if (errors.length > 0) {
    fields.org = null;
    fields.serial = null;
  }
  return buildResult(input, 'platform-code', value, fields, errors);
}
