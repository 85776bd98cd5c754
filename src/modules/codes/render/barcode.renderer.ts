/**
 * Barcode and QR rendering through bwip-js (a JavaScript port of Barcode Writer in Pure PostScript), which
 * also checks GS1 element strings (AI formats, check digits, dates) before it draws anything.
 */
import bwipjs from 'bwip-js';
import { encode as encodeQr } from 'uqr';
import { CODES_RENDER_FAILED, renderFailed, shown } from './render.errors.js';

/** The symbologies the platform prints. */
export type Symbology = 'qr' | 'gs1-datamatrix' | 'gs1-128' | 'ean13' | 'datamatrix';

/** Every {@link Symbology}, for validation and docs. */
export const SYMBOLOGIES: readonly Symbology[] = ['qr', 'gs1-datamatrix', 'gs1-128', 'ean13', 'datamatrix'];

/** Output formats of {@link renderBarcode}. */
export type BarcodeFormat = 'svg' | 'png';

/** What to render. */
export interface RenderBarcodeOptions {
  symbology: Symbology;
  /**
   * The data: for `qr` an absolute http(s) URL (a GS1 Digital Link or `<base>/q/<code>`); for `gs1-datamatrix`
   * and `gs1-128` a bracketed element string `(01)…(21)…`; for `ean13` 12 digits or 13 with a valid check
   * digit; for `datamatrix` any text (e.g. a 20-digit drug trace code).
   */
  text: string;
  format: BarcodeFormat;
  /** Pixels per module for PNG (and the SVG's nominal size): an integer 1–20, 4 by default. */
  scale?: number;
  /** Quiet zone in modules on every side; the symbology's minimum by default (see QUIET_ZONE). */
  margin?: number;
  /** Print the human-readable text under linear symbols (default true for gs1-128 and ean13). */
  includeText?: boolean;
}

/** A rendered symbol: SVG as a string, PNG as a Buffer. */
export interface RenderedBarcode {
  contentType: 'image/svg+xml' | 'image/png';
  body: Buffer | string;
}

/** The module pattern of a symbol, for drawing it as vectors (label PDFs). */
export type BarcodeGeometry =
  | { kind: 'matrix'; columns: number; rows: number; dark: (column: number, row: number) => boolean }
  | { kind: 'linear'; modules: number; bars: Array<{ start: number; width: number }> };

const BCID: Record<Symbology, string> = {
  qr: 'qrcode',
  'gs1-datamatrix': 'gs1datamatrix',
  'gs1-128': 'gs1-128',
  ean13: 'ean13',
  datamatrix: 'datamatrix',
};

/**
 * Minimum quiet zones in modules (X). QR: 4X (ISO/IEC 18004:2015, "Quiet zone"). Data Matrix: 1X
 * (ISO/IEC 16022:2006, "Quiet zone"; GS1 General Specifications, GS1 DataMatrix). GS1-128: 10X on each side
 * (GS1 General Specifications, GS1-128 symbol dimensions). EAN-13: 11X left and 7X right (GS1 General
 * Specifications, EAN/UPC quiet zones); we use the left one on both sides when a single margin is asked for.
 */
export const QUIET_ZONE: Record<Symbology, { left: number; right: number; vertical: number }> = {
  qr: { left: 4, right: 4, vertical: 4 },
  'gs1-datamatrix': { left: 1, right: 1, vertical: 1 },
  datamatrix: { left: 1, right: 1, vertical: 1 },
  'gs1-128': { left: 10, right: 10, vertical: 2 },
  ean13: { left: 11, right: 7, vertical: 2 },
};

const isLinear = (s: Symbology) => s === 'gs1-128' || s === 'ean13';

/** bwip-js draws a 2-D module as 2 units and a linear module as 1 unit at scale 1; its padding uses units. */
const unitsPerModule = (s: Symbology) => (isLinear(s) ? 1 : 2);

/** True for an absolute http(s) URL without whitespace: what a QR code on a label must carry. */
export function isHttpUrl(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function checkInput(symbology: unknown, text: unknown): asserts symbology is Symbology {
  if (typeof symbology !== 'string' || !(SYMBOLOGIES as readonly string[]).includes(symbology)) {
    throw renderFailed(`Unknown symbology ${shown(symbology)}: use one of ${SYMBOLOGIES.join(', ')}.`, [
      { code: CODES_RENDER_FAILED, message: 'unknown symbology', path: '/symbology' },
    ]);
  }
  if (typeof text !== 'string' || text.length === 0) {
    throw renderFailed(`Nothing to encode: the ${symbology} text is empty.`, [
      { code: CODES_RENDER_FAILED, message: 'empty text', path: '/text' },
    ]);
  }
  if (symbology === 'qr') {
    if (!isHttpUrl(text)) {
      throw renderFailed(
        `Cannot render qr for "${shown(text)}": a QR code on a label carries an absolute http(s) URL (a GS1 Digital Link or <base>/q/<code>).`,
        [{ code: CODES_RENDER_FAILED, message: 'not an absolute http(s) URL', path: '/text' }],
      );
    }
  }
}

/** Turns bwip-js's `bwipp.GS1badChecksum#3251: AI 01: Bad checksum` into a sentence naming the value. */
function bwipError(symbology: Symbology, text: string, err: unknown) {
  const raw = err instanceof Error ? err.message : String(err);
  const m = /^(bwipp\.[A-Za-z0-9]+)(?:#\d+)?:\s*(.*)$/s.exec(raw);
  const reason = m ? `${m[2]} (${m[1]})` : raw;
  return renderFailed(
    `Cannot render ${symbology} for "${shown(text)}": ${reason}`,
    [{ code: CODES_RENDER_FAILED, message: reason, path: '/text' }],
    err,
  );
}

/** Renders one symbol as SVG or PNG; bad data raises `CODES_RENDER_FAILED` (400) with bwip-js's reason. */
export async function renderBarcode(options: RenderBarcodeOptions): Promise<RenderedBarcode> {
  const { symbology, text, format } = options;
  checkInput(symbology, text);
  if (format !== 'svg' && format !== 'png') {
    throw renderFailed(`Unknown barcode format ${shown(format)}: use svg or png.`, [
      { code: CODES_RENDER_FAILED, message: 'unknown format', path: '/format' },
    ]);
  }
  const scale = options.scale ?? 4;
  if (!Number.isInteger(scale) || scale < 1 || scale > 20) {
    throw renderFailed(`Scale ${shown(scale)} is not an integer from 1 to 20.`, [
      { code: CODES_RENDER_FAILED, message: 'bad scale', path: '/scale' },
    ]);
  }
  const margin = options.margin;
  if (margin !== undefined && (!Number.isFinite(margin) || margin < 0 || margin > 50)) {
    throw renderFailed(`Margin ${shown(margin)} is not a number of modules from 0 to 50.`, [
      { code: CODES_RENDER_FAILED, message: 'bad margin', path: '/margin' },
    ]);
  }
  const q = QUIET_ZONE[symbology];
  const u = unitsPerModule(symbology);
  const bwipOptions = {
    bcid: BCID[symbology],
    text,
    scale,
    includetext: options.includeText ?? isLinear(symbology),
    textxalign: 'center' as const,
    paddingleft: (margin ?? q.left) * u,
    paddingright: (margin ?? q.right) * u,
    paddingtop: (margin ?? q.vertical) * u,
    paddingbottom: (margin ?? q.vertical) * u,
    backgroundcolor: 'FFFFFF',
    // bwip-js refuses images beyond this many pixels; a label symbol never comes near it.
    sizelimit: 4096 * 4096,
  };
  try {
    if (format === 'svg') {
      return { contentType: 'image/svg+xml', body: bwipjs.toSVG(bwipOptions) };
    }
    return { contentType: 'image/png', body: await bwipjs.toBuffer(bwipOptions) };
  } catch (err) {
    throw bwipError(symbology, text, err);
  }
}

/**
 * The module pattern of a symbol (no quiet zone), for vector drawing in label PDFs; same checks as
 * {@link renderBarcode}. QR goes through uqr (a port of Nayuki's QR generator, error correction M as bwip-js
 * uses): bwip-js takes ~15 ms a QR code on this machine against ~2 ms, which decides whether a run of 100 000
 * labels takes half an hour or four. Both pick the mask by the ISO/IEC 18004 penalty rules.
 */
export function barcodeGeometry(symbology: Symbology, text: string): BarcodeGeometry {
  checkInput(symbology, text);
  if (symbology === 'qr') {
    try {
      const qr = encodeQr(text, { ecc: 'M', border: 0 });
      return { kind: 'matrix', columns: qr.size, rows: qr.size, dark: (c, r) => qr.data[r]?.[c] === true };
    } catch (err) {
      throw bwipError(symbology, text, err);
    }
  }
  type Raw = Array<{ pixs: number[]; pixx: number; pixy: number } | { sbs: number[] }>;
  let raw: Raw;
  try {
    raw = bwipjs.raw(BCID[symbology], text, {}) as Raw;
  } catch (err) {
    throw bwipError(symbology, text, err);
  }
  const first = raw[0];
  if (first && 'pixs' in first) {
    const { pixs, pixx, pixy } = first;
    return { kind: 'matrix', columns: pixx, rows: pixy, dark: (c, r) => pixs[r * pixx + c] === 1 };
  }
  if (first && 'sbs' in first) {
    const bars: Array<{ start: number; width: number }> = [];
    let x = 0;
    first.sbs.forEach((w: number, i: number) => {
      if (i % 2 === 0 && w > 0) bars.push({ start: x, width: w });
      x += w;
    });
    return { kind: 'linear', modules: x, bars };
  }
  throw renderFailed(`bwip-js returned no symbol for ${symbology} "${shown(text)}".`);
}
