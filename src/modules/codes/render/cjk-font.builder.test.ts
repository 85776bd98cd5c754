import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { buildCjkFont, hasCjkGlyph } from './cjk-font.builder.js';

interface Parsed {
  numGlyphs: number;
  postscriptName: string;
  glyphForCodePoint(cp: number): {
    id: number;
    advanceWidth: number;
    path: { commands: unknown[]; bbox: { minX: number; maxX: number } };
  };
}
const parse = (ttf: Buffer) => fontkit.create(ttf) as unknown as Parsed;
const cp = (c: string) => c.codePointAt(0) as number;

describe('buildCjkFont', () => {
  it('builds a TrueType font holding exactly the characters asked for, which fontkit reads back', () => {
    const built = buildCjkFont('遂川狗牯脑茶 AB-1');
    const font = parse(built.ttf);
    expect(font.postscriptName).toBe('NotoSansSC-W400');
    // .notdef + 遂川狗牯脑茶 (6) + space, A, B, -, 1
    expect(font.numGlyphs).toBe(12);
    const sui = font.glyphForCodePoint(cp('遂'));
    expect(sui.id).toBeGreaterThan(0);
    expect(sui.path.commands.length).toBeGreaterThan(50);
    expect(sui.advanceWidth).toBe(1000);
    expect(built.advances.get(cp('A'))).toBe(font.glyphForCodePoint(cp('A')).advanceWidth);
    expect(font.glyphForCodePoint(cp('泰')).id).toBe(0); // not asked for, not included
  });

  it('stays small: a sheet’s worth of characters is tens of kilobytes, not the 5 MB of the whole font', () => {
    const built = buildCjkFont('遂川狗牯脑茶泰和乌鸡井冈山红米永丰辣椒酱批次日期0123456789-ZSAKB');
    expect(built.ttf.length).toBeLessThan(60_000);
  });

  it('applies the weight axis: bold Latin is wider and its strokes heavier than regular', () => {
    const regular = buildCjkFont('H', { weight: 400 });
    const bold = buildCjkFont('H', { weight: 700 });
    expect(bold.advances.get(cp('H'))).toBeGreaterThan(regular.advances.get(cp('H')) as number);
  });

  it('names the characters it cannot print', () => {
    expect(() => buildCjkFont('泰和ก')).toThrow(/“ก” \(U\+0E01\)/);
    expect(hasCjkGlyph('ก')).toBe(false);
    expect(hasCjkGlyph('鸡')).toBe(true);
  });

  it('rejects a weight outside the axis', () => {
    expect(() => buildCjkFont('a', { weight: 1000 })).toThrow(/weight 1000/);
  });
});
