import { describe, expect, it } from 'vitest';
import { LOOKUP_KEY_COLLISION } from '../../../test/helpers/lookup-key-collision.js';
import { lookupCodeKey } from './lookup-key.js';

describe('lookupCodeKey', () => {
  it('is the 32-bit FNV-1a hash of the code, as a signed integer (FNV test vectors)', () => {
    // FNV-1a 32-bit: "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
    expect(lookupCodeKey('')).toBe(0x811c9dc5 | 0);
    expect(lookupCodeKey('a')).toBe(0xe40c292c | 0);
    expect(lookupCodeKey('foobar')).toBe(0xbf9cf968 | 0);
  });

  it("gives two different codes the same key now and then (the log's queries match the code too)", () => {
    // A pair found by trying serials: the store test (test/lookup-writer.e2e.test.ts) counts each apart.
    const [a, b] = LOOKUP_KEY_COLLISION;
    expect(a).not.toBe(b);
    expect(lookupCodeKey(a)).toBe(lookupCodeKey(b));
  });
});
