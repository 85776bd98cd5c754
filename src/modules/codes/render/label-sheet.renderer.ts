/**
 * Label sheets as PDF (pdfkit): each label carries its code symbol (QR by default), the human-readable code,
 * the product name in Chinese, the batch and the date. Symbols are drawn as vectors, so they stay sharp at
 * any printer resolution; text uses a Noto Sans SC font built from only the characters on the sheet.
 */
import { PassThrough, type Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { ProblemItem } from '../../../lib/errors.js';
import { isAppError } from '../../../lib/errors.js';
import {
  type BarcodeGeometry,
  barcodeGeometry,
  isHttpUrl,
  QUIET_ZONE,
  SYMBOLOGIES,
  type Symbology,
} from './barcode.renderer.js';
import { type BuiltFont, buildCjkFont, CJK_FONT_SOURCE, hasCjkGlyph } from './cjk-font.builder.js';
import { type LabelLayout, type LayoutOptions, labelPosition, resolveLabelLayout } from './label-layouts.js';
import { renderFailed, shown } from './render.errors.js';

/** One label to print. */
export interface LabelInput {
  /** The human-readable code printed under the product name; also the symbol's data for non-QR symbologies. */
  code: string;
  /** The URL a QR symbol carries (GS1 Digital Link or `<base>/q/<code>`); required when the symbology is qr. */
  url?: string;
  /** Product name, usually Chinese (产品名称). */
  productName: string;
  /** Batch or lot number (批次). */
  batch?: string;
  /** A date to print, as given (e.g. the production date 生产日期). */
  date?: string;
  /** Symbology of this label; the sheet's default otherwise. */
  symbology?: Symbology;
}

/** A sheet (or roll) of labels to render. */
export interface LabelSheetInput extends LayoutOptions {
  /** `a4-<columns>x<rows>` or `roll-<width>x<height>` (mm); see label-layouts.ts. */
  layout: string;
  labels: LabelInput[];
  /** Default symbology for labels that name none: `qr`. */
  symbology?: Symbology;
  /** Caption before the batch, `批次` by default. */
  batchCaption?: string;
  /** Caption before the date, `日期` by default. */
  dateCaption?: string;
  /** Draw a thin outline round each label (for plain paper cut by hand); off by default. */
  outline?: boolean;
  /** PDF document title. */
  title?: string;
}

/** Most labels one request may render; a larger print run is split into several files. */
export const MAX_LABELS_PER_SHEET = 10_000;

const PT_PER_MM = 72 / 25.4;
const ELLIPSIS = '…';
/** Thinnest module (X-dimension) we print for linear symbols: two dots of a 300 dpi thermal printer. */
const MIN_LINEAR_MODULE_MM = 0.17;

interface CleanLabel {
  code: string;
  url: string | undefined;
  productName: string;
  batch: string | undefined;
  date: string | undefined;
  symbology: Symbology;
  data: string;
  /** Computed up front for GS1 and other data bwip-js checks; for QR (a checked URL) when drawn. */
  geometry: BarcodeGeometry | undefined;
}

/** Collapses control characters, line breaks and runs of spaces from scanner or spreadsheet input. */
function clean(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\s]+/gu, ' ')
    .trim();
}

function validate(input: LabelSheetInput): CleanLabel[] {
  const problems: ProblemItem[] = [];
  const add = (path: string, message: string) => {
    if (problems.length < 50) problems.push({ code: 'CODES_RENDER_FAILED', message, path });
  };
  if (!Array.isArray(input.labels) || input.labels.length === 0) {
    throw renderFailed('No labels to render: `labels` must be a non-empty array.', [
      { code: 'CODES_RENDER_FAILED', message: 'empty', path: '/labels' },
    ]);
  }
  if (input.labels.length > MAX_LABELS_PER_SHEET) {
    throw renderFailed(
      `${input.labels.length} labels in one request; at most ${MAX_LABELS_PER_SHEET} are rendered at once.`,
      [{ code: 'CODES_RENDER_FAILED', message: 'too many labels', path: '/labels' }],
    );
  }
  const sheetSymbology = input.symbology ?? 'qr';
  if (!SYMBOLOGIES.includes(sheetSymbology)) add('/symbology', `unknown symbology ${shown(sheetSymbology)}`);

  const text = (v: unknown, path: string, max: number, required: boolean): string | undefined => {
    if (v === undefined || v === null || v === '') {
      if (required) add(path, 'is required');
      return undefined;
    }
    if (typeof v !== 'string') {
      add(path, `must be a string, not ${shown(v)}`);
      return undefined;
    }
    const c = clean(v);
    if (c.length === 0 && required) add(path, `is blank (${shown(v)})`);
    if (c.length > max) add(path, `is ${c.length} characters long; at most ${max} fit on a label`);
    return c || undefined;
  };

  const out: CleanLabel[] = [];
  const glyphOk = new Map<string, boolean>();
  input.labels.forEach((raw, i) => {
    const p = `/labels/${i}`;
    if (typeof raw !== 'object' || raw === null) {
      add(p, `must be an object, not ${shown(raw)}`);
      return;
    }
    const symbology = raw.symbology ?? sheetSymbology;
    if (!SYMBOLOGIES.includes(symbology)) add(`${p}/symbology`, `unknown symbology ${shown(symbology)}`);
    const code = text(raw.code, `${p}/code`, 200, true);
    const url = text(raw.url, `${p}/url`, 2000, symbology === 'qr');
    const productName = text(raw.productName, `${p}/productName`, 100, true);
    const batch = text(raw.batch, `${p}/batch`, 60, false);
    const date = text(raw.date, `${p}/date`, 60, false);
    for (const [field, value] of [
      ['productName', productName],
      ['code', code],
      ['batch', batch],
      ['date', date],
    ] as const) {
      for (const ch of value ?? '') {
        let ok = glyphOk.get(ch);
        if (ok === undefined) {
          ok = hasCjkGlyph(ch);
          glyphOk.set(ch, ok);
        }
        if (!ok) {
          add(
            `${p}/${field}`,
            `has “${ch}” (U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}), which the label font (${CJK_FONT_SOURCE.family}) cannot print`,
          );
          break;
        }
      }
    }
    if (symbology === 'qr' && url && !isHttpUrl(url)) {
      add(`${p}/url`, `${shown(url)} is not an absolute http(s) URL (a GS1 Digital Link or <base>/q/<code>)`);
      return;
    }
    if (!code || !productName || (symbology === 'qr' && !url)) return;
    const data = symbology === 'qr' ? (url as string) : code;
    try {
      // A checked URL always fits a QR code (2 000 characters < 2 331 bytes at level M, ISO/IEC 18004 table 7),
      // so QR symbols are left to drawing time: a long run then starts streaming at once.
      const geometry = symbology === 'qr' ? undefined : barcodeGeometry(symbology, data);
      out.push({ code, url, productName, batch, date, symbology, data, geometry });
    } catch (err) {
      if (!isAppError(err)) throw err;
      add(symbology === 'qr' ? `${p}/url` : `${p}/code`, err.message);
    }
  });
  if (problems.length > 0) {
    const first = problems[0] as ProblemItem;
    throw renderFailed(
      `${problems.length === 50 ? '50 or more' : problems.length} problem(s) in the labels; the first: ${first.path} ${first.message}.`,
      problems,
    );
  }
  return out;
}

// --- text fitting --------------------------------------------------------------------------------------

interface Fonts {
  regular: BuiltFont;
  bold: BuiltFont;
}

function widthOf(font: BuiltFont, s: string, size: number): number {
  let units = 0;
  for (const ch of s) units += font.advances.get(ch.codePointAt(0) ?? 0) ?? 0;
  return (units * size) / font.unitsPerEm;
}

/** Greedy line breaking by character (Chinese has no spaces); Latin breaks at a space, `/` or `)` if it can. */
function wrap(font: BuiltFont, s: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of s) {
    if (line === '' || widthOf(font, line + ch, size) <= maxWidth) {
      line += ch;
      continue;
    }
    const cut = Math.max(line.lastIndexOf(' '), line.lastIndexOf('/'), line.lastIndexOf(')'));
    if (cut > line.length / 2 && !/[\u3400-\u9fff]/u.test(ch)) {
      lines.push(line.slice(0, cut + 1).trimEnd());
      line = line.slice(cut + 1).trimStart() + ch;
    } else {
      lines.push(line);
      line = ch === ' ' ? '' : ch;
    }
  }
  if (line) lines.push(line);
  return lines;
}

interface TextBlock {
  font: 'regular' | 'bold';
  size: number;
  lines: string[];
}

/** Largest size from `max` down to `min` at which `s` wraps into `maxLines`; else `min` with an ellipsis. */
function fitText(
  fonts: Fonts,
  which: 'regular' | 'bold',
  s: string,
  width: number,
  maxLines: number,
  max: number,
  min: number,
  ellipsis: boolean,
): TextBlock | undefined {
  const font = fonts[which];
  for (let size = max; size >= min - 1e-9; size -= 0.25) {
    const lines = wrap(font, s, size, width);
    if (lines.length <= maxLines) return { font: which, size, lines };
  }
  if (!ellipsis) return undefined;
  const lines = wrap(font, s, min, width).slice(0, maxLines);
  let last = lines[maxLines - 1] ?? '';
  while (last && widthOf(font, last + ELLIPSIS, min) > width) last = Array.from(last).slice(0, -1).join('');
  lines[maxLines - 1] = last + ELLIPSIS;
  return { font: which, size: min, lines };
}

const LINE = 1.2;
const blockHeight = (b: TextBlock) => (b.lines.length - 1) * b.size * LINE + b.size;

/** Text blocks of one label for a column `width` × `height` pt, or undefined when they cannot fit. */
function planText(
  fonts: Fonts,
  label: CleanLabel,
  input: LabelSheetInput,
  width: number,
  height: number,
  withCode: boolean,
): { top: TextBlock[]; bottom: TextBlock | undefined } | undefined {
  for (let scale = 1; scale >= 0.45; scale -= 0.05) {
    const base = Math.min(height, 120) * scale;
    const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
    const name = fitText(fonts, 'bold', label.productName, width, 2, clamp(base * 0.17, 5, 14), 5, true);
    const info: TextBlock[] = [];
    const cap = (c: string | undefined, d: string) => (c === undefined ? d : clean(c));
    const infoSize = clamp(base * 0.12, 4.5, 10);
    for (const line of [
      label.batch ? `${cap(input.batchCaption, '批次')} ${label.batch}` : undefined,
      label.date ? `${cap(input.dateCaption, '日期')} ${label.date}` : undefined,
    ]) {
      if (!line) continue;
      const b = fitText(fonts, 'regular', line, width, 1, infoSize, 4.5, true);
      if (b) info.push(b);
    }
    const code = withCode
      ? fitText(fonts, 'regular', label.code, width, 3, clamp(base * 0.11, 4, 9), 4, false)
      : undefined;
    if (withCode && !code) continue;
    const blocks = [name, ...info].filter((b): b is TextBlock => b !== undefined);
    const used =
      blocks.reduce((s, b) => s + blockHeight(b), 0) +
      (blocks.length - 1) * 0.3 * (blocks[0]?.size ?? 0) +
      (code ? blockHeight(code) + 0.6 * code.size : 0);
    if (used <= height) return { top: blocks, bottom: code };
  }
  return undefined;
}

// --- drawing -------------------------------------------------------------------------------------------

type Doc = InstanceType<typeof PDFDocument>;

function drawBlocks(
  doc: Doc,
  fonts: Fonts,
  blocks: TextBlock[],
  x: number,
  y: number,
  width: number,
  align: 'left' | 'center',
) {
  let top = y;
  for (const b of blocks) {
    doc.font(b.font).fontSize(b.size);
    b.lines.forEach((line, i) => {
      const dx = align === 'center' ? (width - widthOf(fonts[b.font], line, b.size)) / 2 : 0;
      // Baseline at 0.88 em below the top: the CJK ideographic ascent (OS/2 sTypoAscender 880/1000). No
      // `width` option: with one pdfkit wraps, and adds a page when a line ends near the page's foot.
      doc.text(line, x + dx, top + b.size * 0.88 + i * b.size * LINE, {
        lineBreak: false,
        baseline: 'alphabetic',
      });
    });
    top += blockHeight(b) + 0.3 * b.size;
  }
}

function drawMatrix(
  doc: Doc,
  g: Extract<BarcodeGeometry, { kind: 'matrix' }>,
  x: number,
  y: number,
  m: number,
) {
  for (let r = 0; r < g.rows; r++) {
    let c = 0;
    while (c < g.columns) {
      if (!g.dark(c, r)) {
        c++;
        continue;
      }
      const start = c;
      while (c < g.columns && g.dark(c, r)) c++;
      doc.rect(x + start * m, y + r * m, (c - start) * m, m);
    }
  }
  doc.fill('#000000');
}

function drawLabel(
  doc: Doc,
  fonts: Fonts,
  layout: LabelLayout,
  input: LabelSheetInput,
  label: CleanLabel,
  index: number,
) {
  const pos = labelPosition(layout, index);
  const edgeX = pos.xMm * PT_PER_MM;
  const edgeY = pos.yMm * PT_PER_MM;
  const pad = layout.padding * PT_PER_MM;
  const x = edgeX + pad;
  const y = edgeY + pad;
  const w = (layout.labelWidthMm - 2 * layout.padding) * PT_PER_MM;
  const h = (layout.labelHeightMm - 2 * layout.padding) * PT_PER_MM;
  if (input.outline) {
    doc
      .lineWidth(0.3)
      .strokeColor('#999999')
      .rect(edgeX, edgeY, layout.labelWidthMm * PT_PER_MM, layout.labelHeightMm * PT_PER_MM)
      .stroke();
  }
  const q = QUIET_ZONE[label.symbology];
  const g = label.geometry ?? barcodeGeometry(label.symbology, label.data);
  const fail = (why: string) =>
    renderFailed(`Label ${index} (code ${shown(label.code)}) does not fit layout ${layout.name}: ${why}.`, [
      { code: 'CODES_RENDER_FAILED', message: why, path: `/labels/${index}` },
    ]);

  if (g.kind === 'matrix') {
    const side = w >= h * 1.5;
    const box = side ? Math.min(h, w * 0.45) : Math.min(w, h * 0.55);
    // The quiet zone may lie in the label's padding, which is blank too, but not beyond the label's edge.
    const m = Math.min(box / g.columns, (box + 2 * pad) / (g.columns + 2 * q.left));
    const symbol = g.columns * m;
    const qz = q.left * m;
    if (side) {
      const sx = x + Math.max(0, qz - pad);
      drawMatrix(doc, g, sx, y + (h - symbol) / 2, m);
      const tx = sx + symbol + Math.max(qz, 2 * PT_PER_MM);
      const tw = x + w - tx;
      const plan = planText(fonts, label, input, tw, h, true);
      if (!plan || tw < 10 * PT_PER_MM) throw fail('the text column beside the symbol is too small');
      drawBlocks(doc, fonts, plan.top, tx, y, tw, 'left');
      if (plan.bottom)
        drawBlocks(doc, fonts, [plan.bottom], tx, y + h - blockHeight(plan.bottom), tw, 'left');
    } else {
      const sy = y + Math.max(0, qz - pad);
      drawMatrix(doc, g, x + (w - symbol) / 2, sy, m);
      const ty = sy + symbol + Math.max(qz * 0.5, 1.5 * PT_PER_MM);
      const th = y + h - ty;
      const plan = planText(fonts, label, input, w, th, true);
      if (!plan) throw fail('the text under the symbol does not fit');
      drawBlocks(doc, fonts, [...plan.top, ...(plan.bottom ? [plan.bottom] : [])], x, ty, w, 'center');
    }
    return;
  }

  // Linear symbols: text on top, bars across the bottom, the human-readable code under the bars.
  // Widest module whose quiet zones still end inside the label, capped at 0.5 mm (no need for more).
  const module = Math.min((w + 2 * pad) / (g.modules + q.left + q.right), w / g.modules, 0.5 * PT_PER_MM);
  const mm = module / PT_PER_MM;
  if (mm < MIN_LINEAR_MODULE_MM) {
    throw fail(
      `its ${g.modules}-module ${label.symbology} symbol would have ${mm.toFixed(3)} mm bars, under the ${MIN_LINEAR_MODULE_MM} mm a printer can make; use a wider layout or a 2-D symbology`,
    );
  }
  const barsW = g.modules * module;
  const plan = planText(fonts, label, input, w, h * 0.45, false);
  if (!plan) throw fail('the product name and batch do not fit above the bars');
  const codeBlock = fitText(fonts, 'regular', label.code, w, 1, Math.min(9, h * 0.1), 4, false);
  if (!codeBlock) throw fail('the human-readable code does not fit under the bars');
  const used = plan.top.reduce((s, b) => s + blockHeight(b) + 0.3 * b.size, 0);
  drawBlocks(doc, fonts, plan.top, x, y, w, 'left');
  const barsTop = y + used + 1 * PT_PER_MM;
  const barsBottom = y + h - blockHeight(codeBlock) - 0.8 * PT_PER_MM;
  if (barsBottom - barsTop < 5 * PT_PER_MM) throw fail('less than 5 mm is left for the bars');
  const bx = x + (w - barsW) / 2;
  for (const bar of g.bars)
    doc.rect(bx + bar.start * module, barsTop, bar.width * module, barsBottom - barsTop);
  doc.fill('#000000');
  drawBlocks(doc, fonts, [codeBlock], x, y + h - blockHeight(codeBlock), w, 'center');
}

/**
 * Renders a label sheet and returns the PDF as a stream. Input is checked first and problems are thrown
 * (`CODES_RENDER_FAILED`, 400, one item per bad field); pages are then drawn one per event-loop turn, so a
 * run of thousands of labels streams out without holding the process.
 */
export function createLabelSheetStream(input: LabelSheetInput): Readable {
  const layout = resolveLabelLayout(input.layout, input);
  const labels = validate(input);
  const captions = `${clean(input.batchCaption ?? '批次')}${clean(input.dateCaption ?? '日期')}`;
  // The space joins caption and value; the ellipsis ends text cut to fit.
  const regularText = labels.map((l) => `${l.code}${l.batch ?? ''}${l.date ?? ''}`).join('') + captions;
  const fonts: Fonts = {
    regular: buildCjkFont(`${regularText} ${ELLIPSIS}`, { weight: 400 }),
    bold: buildCjkFont(`${labels.map((l) => l.productName).join('')} ${ELLIPSIS}`, { weight: 700 }),
  };
  const doc = new PDFDocument({
    size: [layout.pageWidthMm * PT_PER_MM, layout.pageHeightMm * PT_PER_MM],
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: { Title: input.title ?? `Labels (${layout.name}, ${labels.length})`, Creator: 'Zhuisu 追溯' },
  });
  doc.registerFont('regular', fonts.regular.ttf);
  doc.registerFont('bold', fonts.bold.ttf);
  const out = new PassThrough();
  doc.on('error', (err: Error) => out.destroy(err));
  doc.pipe(out);

  const perPage = layout.columns * layout.rows;
  const pages = Math.ceil(labels.length / perPage);
  const drawPage = (page: number) => {
    doc.addPage();
    for (let i = page * perPage; i < Math.min(labels.length, (page + 1) * perPage); i++) {
      drawLabel(doc, fonts, layout, input, labels[i] as CleanLabel, i);
    }
  };
  const next = (page: number) => {
    try {
      if (out.destroyed) return;
      if (page >= pages) {
        doc.end();
        return;
      }
      drawPage(page);
      setImmediate(next, page + 1);
    } catch (err) {
      out.destroy(err as Error);
    }
  };
  // The first page is drawn before returning, so a label that cannot fit (the same layout applies to every
  // label) usually fails the call itself; a later failure ends the stream with the error.
  drawPage(0);
  setImmediate(next, 1);
  return out;
}

/** Renders a label sheet to one PDF Buffer; see {@link createLabelSheetStream} for the checks. */
export async function renderLabelSheet(input: LabelSheetInput): Promise<Buffer> {
  const stream = createLabelSheetStream(input);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
