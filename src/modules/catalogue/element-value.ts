/** Checks one element value against its declared type; pure, no context. */
import { HASHED_ID, looksLikePlainPersonalId } from './formats.js';
import type { ElementDef, ProfileIssueCode } from './profile.types.js';

/** One problem with a value; `code` overrides CATALOGUE_BAD_ELEMENT where a rule has its own code. */
export interface ValueProblem {
  message: string;
  code?: ProfileIssueCode;
}

const DEFAULT_MAX_LENGTH = 200;

/** True when the string is a real calendar date in the form YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

function checkString(def: ElementDef, value: unknown): ValueProblem[] {
  if (typeof value !== 'string') return [{ message: `must be a string, got ${show(value)}` }];
  if (value.trim() === '') return [{ message: 'must not be empty' }];
  const max = def.maxLength ?? DEFAULT_MAX_LENGTH;
  if (value.length > max) return [{ message: `must be at most ${max} characters, got ${value.length}` }];
  return (def.check?.(value) ?? []).map((m) => ({ message: `${m}, got ${show(value)}` }));
}

function checkNumber(def: ElementDef, value: unknown, integer: boolean): ValueProblem[] {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return [{ message: `must be a number, got ${show(value)}` }];
  }
  if (integer && !Number.isInteger(value)) return [{ message: `must be a whole number, got ${value}` }];
  if (def.min !== undefined && value < def.min)
    return [{ message: `must be at least ${def.min}, got ${value}` }];
  if (def.max !== undefined && value > def.max)
    return [{ message: `must be at most ${def.max}, got ${value}` }];
  return [];
}

function checkMeasure(def: ElementDef, value: unknown): ValueProblem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ message: `must be an object {"value": number, "unit": string}, got ${show(value)}` }];
  }
  const { value: v, unit } = value as Record<string, unknown>;
  const out: ValueProblem[] = [];
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    out.push({ message: `value must be a number greater than 0, got ${show(v)}` });
  } else if (def.max !== undefined && v > def.max) {
    out.push({ message: `value must be at most ${def.max}, got ${v}` });
  }
  if (typeof unit !== 'string' || !(def.units ?? []).includes(unit)) {
    out.push({ message: `unit must be one of ${(def.units ?? []).join(', ')}, got ${show(unit)}` });
  }
  return out;
}

function checkList(def: ElementDef, value: unknown): ValueProblem[] {
  if (!Array.isArray(value)) return [{ message: `must be an array, got ${show(value)}` }];
  const min = def.min ?? 1;
  if (value.length < min) return [{ message: `must list at least ${min} value(s), got ${value.length}` }];
  if (new Set(value).size !== value.length)
    return [{ message: `must not repeat values, got ${show(value)}` }];
  const out: ValueProblem[] = [];
  value.forEach((item, i) => {
    if (def.kind === 'enum_list') {
      if (typeof item !== 'string' || !def.values?.includes(item)) {
        out.push({ message: `item ${i} must be one of ${def.values?.join(', ')}, got ${show(item)}` });
      }
    } else {
      for (const p of checkString(def, item)) out.push({ message: `item ${i} ${p.message}` });
    }
  });
  return out;
}

function checkHashedId(value: unknown): ValueProblem[] {
  if (typeof value === 'string' && HASHED_ID.test(value)) return [];
  // Never echo the value: it may be the very personal data the rule keeps out of the store.
  if (typeof value === 'string' && looksLikePlainPersonalId(value)) {
    return [
      {
        code: 'CATALOGUE_PLAIN_PATIENT_ID',
        message: 'looks like a plain personal identifier; send its hash as sha256:<64 hex> or sm3:<64 hex>',
      },
    ];
  }
  return [{ message: 'must be a hashed identifier: sha256:<64 lowercase hex> or sm3:<64 lowercase hex>' }];
}

/** Problems with one element value (empty when it conforms to its definition). */
export function checkElementValue(def: ElementDef, value: unknown): ValueProblem[] {
  switch (def.kind) {
    case 'string':
      return checkString(def, value);
    case 'integer':
      return checkNumber(def, value, true);
    case 'decimal':
      return checkNumber(def, value, false);
    case 'date':
      return typeof value === 'string' && isCalendarDate(value)
        ? []
        : [{ message: `must be a calendar date YYYY-MM-DD, got ${show(value)}` }];
    case 'enum':
      return typeof value === 'string' && def.values?.includes(value)
        ? []
        : [{ message: `must be one of ${def.values?.join(', ')}, got ${show(value)}` }];
    case 'enum_list':
    case 'string_list':
      return checkList(def, value);
    case 'boolean':
      return typeof value === 'boolean' ? [] : [{ message: `must be true or false, got ${show(value)}` }];
    case 'measure':
      return checkMeasure(def, value);
    case 'uri':
      return typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/i.test(value) && value.length <= 500
        ? []
        : [{ message: `must be a URI such as urn:zhuisu:loc:<USCC>:<id> or an SGLN, got ${show(value)}` }];
    case 'hashed_id':
      return checkHashedId(value);
  }
}
