import { describe, expect, it } from 'vitest';
import {
  labelPosition,
  NAMED_ROLL_LAYOUTS,
  NAMED_SHEET_LAYOUTS,
  resolveLabelLayout,
} from './label-layouts.js';

describe('resolveLabelLayout', () => {
  it('a4-3x8 is 24 labels on A4 with 8 mm margins and 2 mm gaps', () => {
    const l = resolveLabelLayout('a4-3x8');
    expect(l).toMatchObject({ kind: 'sheet', columns: 3, rows: 8, pageWidthMm: 210, pageHeightMm: 297 });
    expect(l.labelWidthMm).toBeCloseTo((210 - 16 - 4) / 3, 6);
    expect(l.labelHeightMm).toBeCloseTo((297 - 16 - 14) / 8, 6);
  });

  it('margins, gaps and padding can be set to match the label stock', () => {
    const l = resolveLabelLayout('A4-2x5', {
      margins: { top: 10, bottom: 10 },
      gap: { x: 5, y: 0 },
      padding: 3,
    });
    expect(l.margins).toEqual({ top: 10, right: 8, bottom: 10, left: 8 });
    expect(l.labelWidthMm).toBeCloseTo((210 - 16 - 5) / 2, 6);
    expect(l.labelHeightMm).toBeCloseTo((297 - 20) / 5, 6);
    expect(l.padding).toBe(3);
  });

  it('a roll label is one label per page of its own size, decimals allowed', () => {
    expect(resolveLabelLayout('roll-50x30')).toMatchObject({
      kind: 'roll',
      pageWidthMm: 50,
      pageHeightMm: 30,
      labelWidthMm: 50,
      labelHeightMm: 30,
    });
    expect(resolveLabelLayout('roll-57.5x30').labelWidthMm).toBe(57.5);
  });

  it('every named layout resolves', () => {
    for (const name of [...NAMED_SHEET_LAYOUTS, ...NAMED_ROLL_LAYOUTS])
      expect(resolveLabelLayout(name).name).toBe(name);
  });

  for (const [name, options, message] of [
    ['letter-3x8', {}, /Unknown label layout "?letter-3x8/],
    ['a4-0x8', {}, /Unknown label layout/],
    ['a4-9x8', {}, /Unknown label layout/],
    ['roll-500x30', {}, /outside 20–200 mm/],
    ['a4-8x20', { gap: 5 }, /leaves .* mm per label/],
    ['a4-3x8', { margins: -1 }, /\/margins\/top = -1/],
    ['a4-3x8', { padding: Number.NaN }, /\/padding/],
  ] as const) {
    it(`rejects ${name} ${JSON.stringify(options)}`, () => {
      expect(() => resolveLabelLayout(name, options)).toThrow(message);
    });
  }
});

describe('labelPosition', () => {
  it('fills rows left to right, then the next page', () => {
    const l = resolveLabelLayout('a4-3x8');
    expect(labelPosition(l, 0)).toEqual({ page: 0, xMm: 8, yMm: 8 });
    const p = labelPosition(l, 25);
    expect(p.page).toBe(1);
    expect(p.xMm).toBeCloseTo(8 + l.labelWidthMm + 2, 6);
    expect(p.yMm).toBe(8);
  });
});
