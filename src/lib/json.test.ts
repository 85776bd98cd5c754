import { describe, expect, it } from 'vitest';
import { asciiJson } from './json.js';

describe('asciiJson', () => {
  it('writes every character beyond ASCII as an escape, and the text is the same JSON value', () => {
    const value = {
      name: '遂川狗牯脑茶业有限公司',
      place: { 'zh-CN': '遂川县', en: 'Suichuan County' },
      emoji: '🍵 tea',
      latin: 'Café',
      quote: 'a "quoted" \\ back\nslash',
      n: [1, 2.5, null, true],
    };
    const text = asciiJson(value);
    expect(text).toMatch(/^[\x20-\x7e]*$/);
    expect(text).toContain('\\u9042\\u5ddd');
    expect(text).toContain('\\ud83c\\udf75');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('answers ASCII-only values exactly as JSON.stringify does', () => {
    const value = { a: 'plain', b: [1, 2], c: { d: null } };
    expect(asciiJson(value)).toBe(JSON.stringify(value));
  });
});
