/**
 * Label layouts: A4 sheets cut into a grid (`a4-3x8`) and rolls of single labels for thermal printers
 * (`roll-50x30`, width × height in mm). All lengths here are millimetres.
 */
import { renderFailed, shown } from './render.errors.js';

/** Top, right, bottom and left lengths in mm. */
export interface Edges {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The geometry of a layout, resolved from its name and options. */
export interface LabelLayout {
  name: string;
  kind: 'sheet' | 'roll';
  pageWidthMm: number;
  pageHeightMm: number;
  columns: number;
  rows: number;
  labelWidthMm: number;
  labelHeightMm: number;
  /** Page margins around the grid (zero on a roll: the page is the label). */
  margins: Edges;
  /** Space between neighbouring labels, across (`x`) and down (`y`). */
  gap: { x: number; y: number };
  /** Blank space inside each label's edge, where nothing is printed (die-cut tolerance, printer margin). */
  padding: number;
}

/** Overrides for margins, gaps and padding, so a layout can match a given label stock. */
export interface LayoutOptions {
  /** Page margins in mm: one number for all four, or some of them (defaults: 8 mm on A4, 0 on a roll). */
  margins?: number | Partial<Edges>;
  /** Gap between labels in mm: one number for both, or `{ x, y }` (default 2 mm on A4). */
  gap?: number | Partial<{ x: number; y: number }>;
  /** Padding inside each label in mm (default 2 mm). */
  padding?: number;
}

/** ISO 216 A4 in mm. */
const A4 = { width: 210, height: 297 } as const;

/** The sheet layouts the docs and the API list by name; any `a4-<columns>x<rows>` up to 8×20 also works. */
export const NAMED_SHEET_LAYOUTS = ['a4-2x5', 'a4-2x7', 'a4-3x7', 'a4-3x8', 'a4-3x10', 'a4-4x10'] as const;
/** Common thermal roll sizes; any `roll-<w>x<h>` from 20×15 to 200×300 mm also works. */
export const NAMED_ROLL_LAYOUTS = [
  'roll-40x30',
  'roll-50x30',
  'roll-60x40',
  'roll-70x50',
  'roll-100x50',
] as const;

/** Smallest label that still holds a readable code and a line of text. */
const MIN_LABEL = { width: 20, height: 12 } as const;

function edges(v: LayoutOptions['margins'], d: number, path: string): Edges {
  const base: Edges = { top: d, right: d, bottom: d, left: d };
  const out = typeof v === 'number' ? { top: v, right: v, bottom: v, left: v } : { ...base, ...v };
  for (const [k, n] of Object.entries(out)) checkLength(n, `${path}/${k}`, 0, 50);
  return out;
}

function checkLength(n: unknown, path: string, min: number, max: number): asserts n is number {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) {
    throw renderFailed(`Layout value ${path} = ${shown(n)} must be a length from ${min} to ${max} mm.`, [
      { code: 'CODES_RENDER_FAILED', message: `must be ${min}–${max} mm`, path },
    ]);
  }
}

function badLayout(name: unknown): Error {
  return renderFailed(
    `Unknown label layout ${shown(name)}: use a4-<columns>x<rows> (e.g. ${NAMED_SHEET_LAYOUTS.join(', ')}) or roll-<width>x<height> in mm (e.g. ${NAMED_ROLL_LAYOUTS.join(', ')}).`,
    [{ code: 'CODES_RENDER_FAILED', message: 'unknown layout', path: '/layout' }],
  );
}

/** Resolves a layout name and its options to geometry; a bad name or a grid too small for a label is a 400. */
export function resolveLabelLayout(name: string, options: LayoutOptions = {}): LabelLayout {
  if (typeof name !== 'string') throw badLayout(name);
  const padding = options.padding ?? 2;
  checkLength(padding, '/padding', 0, 20);
  const key = name.trim().toLowerCase();

  const sheet = /^a4-(\d{1,2})x(\d{1,2})$/.exec(key);
  if (sheet) {
    const columns = Number(sheet[1]);
    const rows = Number(sheet[2]);
    if (columns < 1 || columns > 8 || rows < 1 || rows > 20) throw badLayout(name);
    const margins = edges(options.margins, 8, '/margins');
    const g = options.gap ?? 2;
    const gap = typeof g === 'number' ? { x: g, y: g } : { x: g.x ?? 2, y: g.y ?? 2 };
    checkLength(gap.x, '/gap/x', 0, 30);
    checkLength(gap.y, '/gap/y', 0, 30);
    const labelWidthMm = (A4.width - margins.left - margins.right - gap.x * (columns - 1)) / columns;
    const labelHeightMm = (A4.height - margins.top - margins.bottom - gap.y * (rows - 1)) / rows;
    const layout: LabelLayout = {
      name: key,
      kind: 'sheet',
      pageWidthMm: A4.width,
      pageHeightMm: A4.height,
      columns,
      rows,
      labelWidthMm,
      labelHeightMm,
      margins,
      gap,
      padding,
    };
    checkLabelSize(layout);
    return layout;
  }

  const roll = /^roll-(\d{2,3}(?:\.\d)?)x(\d{2,3}(?:\.\d)?)$/.exec(key);
  if (roll) {
    const w = Number(roll[1]);
    const h = Number(roll[2]);
    if (w < MIN_LABEL.width || w > 200 || h < 15 || h > 300) {
      throw renderFailed(`Roll label ${shown(name)} is outside 20–200 mm wide and 15–300 mm high.`, [
        { code: 'CODES_RENDER_FAILED', message: 'roll size out of range', path: '/layout' },
      ]);
    }
    // On a roll each label is its own page: the printer feeds to the gap between labels itself.
    const layout: LabelLayout = {
      name: key,
      kind: 'roll',
      pageWidthMm: w,
      pageHeightMm: h,
      columns: 1,
      rows: 1,
      labelWidthMm: w,
      labelHeightMm: h,
      margins: edges(options.margins, 0, '/margins'),
      gap: { x: 0, y: 0 },
      padding,
    };
    layout.labelWidthMm = w - layout.margins.left - layout.margins.right;
    layout.labelHeightMm = h - layout.margins.top - layout.margins.bottom;
    checkLabelSize(layout);
    return layout;
  }
  throw badLayout(name);
}

function checkLabelSize(l: LabelLayout): void {
  const w = l.labelWidthMm - 2 * l.padding;
  const h = l.labelHeightMm - 2 * l.padding;
  if (w < MIN_LABEL.width - 4 || h < MIN_LABEL.height - 4) {
    throw renderFailed(
      `Layout ${l.name} leaves ${l.labelWidthMm.toFixed(1)} × ${l.labelHeightMm.toFixed(1)} mm per label (${w.toFixed(1)} × ${h.toFixed(1)} mm inside the padding); a label needs at least ${MIN_LABEL.width} × ${MIN_LABEL.height} mm.`,
      [{ code: 'CODES_RENDER_FAILED', message: 'label too small', path: '/layout' }],
    );
  }
}

/** Where label `index` (0-based) goes: its page and its top-left corner in mm from the page's top-left. */
export function labelPosition(
  layout: LabelLayout,
  index: number,
): { page: number; xMm: number; yMm: number } {
  const perPage = layout.columns * layout.rows;
  const page = Math.floor(index / perPage);
  const slot = index % perPage;
  const column = slot % layout.columns;
  const row = Math.floor(slot / layout.columns);
  return {
    page,
    xMm: layout.margins.left + column * (layout.labelWidthMm + layout.gap.x),
    yMm: layout.margins.top + row * (layout.labelHeightMm + layout.gap.y),
  };
}
