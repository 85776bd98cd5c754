import { describe, expect, it } from 'vitest';
import { lookupCodeKey } from './lookup-key.js';

describe('lookupCodeKey', () => {
  it('is the 32-bit FNV-1a hash of the code, as a signed integer (FNV test vectors)', () => {
    // FNV-1a 32-bit: "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
    expect(lookupCodeKey('')).toBe(0x811c9dc5 | 0);
    expect(lookupCodeKey('a')).toBe(0xe40c292c | 0);
    expect(lookupCodeKey('foobar')).toBe(0xbf9cf968 | 0);
  });

  it('fits a 32-bit integer column on both engines', () => {
    for (const code of [
      'https://id.gs1.org/01/06920001000011/21/T2600000-3',
      'urn:zhuisu:drug-trace-code:80000280000000000001',
    ]) {
      const key = lookupCodeKey(code);
      expect(Number.isInteger(key)).toBe(true);
      expect(key).toBeGreaterThanOrEqual(-(2 ** 31));
      expect(key).toBeLessThan(2 ** 31);
    }
  });
});
