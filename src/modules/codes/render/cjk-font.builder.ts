/**
 * Builds a small static TrueType font holding only the characters a document needs, from the Noto Sans SC
 * variable font that `@fontsource-variable/noto-sans-sc` ships (SIL OFL 1.1; see docs/codes/labels.md).
 *
 * NOTE: that package ships the font as ~100 WOFF2 files split by Unicode range, and fontkit 2.0.4 (which
 * pdfkit uses) cannot embed them as they are: its subsetter copies raw `glyf` bytes, which WOFF2 stores
 * transformed (the glyphs come out empty), and it cannot instantiate a WOFF2 variable font (it applies no
 * `gvar` deltas to WOFF2 glyphs, and its re-encoder for varied glyphs crashes). So we read the decoded points
 * ourselves, apply the `gvar` deltas at the requested weight through fontkit's variation processor, and
 * write a plain TrueType font (no hinting, no layout tables) that pdfkit embeds and subsets the usual way.
 * Building from only the characters used is what keeps a label sheet small.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import { AppError } from '../../../lib/errors.js';

/** The font this module builds from, for the docs and the PDF metadata. */
export const CJK_FONT_SOURCE = {
  package: '@fontsource-variable/noto-sans-sc',
  family: 'Noto Sans SC',
  licence: 'SIL Open Font License 1.1',
} as const;

/** A font built for one document: the TrueType bytes and the advance of each character (font units). */
export interface BuiltFont {
  /** A complete TrueType (glyf) font: cmap, glyf, loca, hmtx, head, hhea, maxp, OS/2, name, post. */
  ttf: Buffer;
  /** Design units per em (1000 for Noto Sans SC). */
  unitsPerEm: number;
  /** Advance width in font units of every character the font holds, by code point. */
  advances: ReadonlyMap<number, number>;
  /** PostScript name written into the font (and so into the PDF). */
  postscriptName: string;
}

/** Options of {@link buildCjkFont}. */
export interface BuildCjkFontOptions {
  /** Weight on the `wght` axis, 100–900; 400 (Regular) by default. */
  weight?: number;
}

// --- the parts of fontkit's WOFF2 objects we rely on (undocumented, so declared narrowly here) ---------

interface KitPoint {
  onCurve: boolean;
  endContour: boolean;
  x: number;
  y: number;
  copy(): KitPoint;
}
interface KitDecodedGlyph {
  numberOfContours: number;
  points?: KitPoint[];
  xMin: number;
  yMax: number;
}
interface KitGlyph {
  id: number;
  advanceWidth: number;
  _decode(): KitDecodedGlyph | null;
  _getPhantomPoints(decoded: KitDecodedGlyph): KitPoint[];
}
interface KitFont {
  postscriptName: string;
  unitsPerEm: number;
  numGlyphs: number;
  variationCoords?: number[] | null;
  directory: { tables: Record<string, unknown> };
  'OS/2': Record<string, unknown> & { fsType?: Record<string, boolean> };
  hhea: { ascent: number; descent: number; lineGap: number };
  post: { italicAngle: number; underlinePosition: number; underlineThickness: number };
  fvar?: { axis: Array<{ axisTag: string; minValue: number; maxValue: number }> };
  _variationProcessor: VariationProcessor | null;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): KitGlyph;
  getGlyph(gid: number): KitGlyph;
}

interface Chunk {
  file: string;
  ranges: Array<[number, number]>;
}

interface VariationProcessor {
  transformPoints(gid: number, points: KitPoint[]): void;
  getAdvanceAdjustment(gid: number, table: unknown): number;
}
type VariationProcessorClass = new (font: KitFont, coords: number[]) => VariationProcessor;

let chunkIndex: { dir: string; chunks: Chunk[] } | undefined;
/** Chunk fonts, opened once each (WOFF2 decompression in fontkit is pure JavaScript and not cheap). */
const openChunks = new Map<string, KitFont>();
/** Variation processors by `file@weight`. */
const processors = new Map<string, VariationProcessor>();
let processorClass: VariationProcessorClass | undefined;

function loadChunkIndex(): { dir: string; chunks: Chunk[] } {
  if (chunkIndex) return chunkIndex;
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve(`${CJK_FONT_SOURCE.package}/package.json`));
  const unicode = JSON.parse(readFileSync(join(pkgDir, 'unicode.json'), 'utf8')) as Record<string, string>;
  const chunks: Chunk[] = [];
  for (const [key, spec] of Object.entries(unicode)) {
    const name = key.replace(/^\[|\]$/g, '');
    const ranges: Array<[number, number]> = [];
    for (const part of spec.split(',')) {
      const m = /^U\+([0-9a-f]+)(?:-([0-9a-f]+))?$/i.exec(part.trim());
      if (m?.[1]) ranges.push([Number.parseInt(m[1], 16), Number.parseInt(m[2] ?? m[1], 16)]);
    }
    chunks.push({ file: `noto-sans-sc-${name}-wght-normal.woff2`, ranges });
  }
  // Latin first, so ASCII resolves to the Latin chunk rather than a CJK chunk that repeats a few of it.
  chunks.sort((a, b) => Number(b.file.includes('-latin-')) - Number(a.file.includes('-latin-')));
  chunkIndex = { dir: join(pkgDir, 'files'), chunks };
  return chunkIndex;
}

interface Woff2Internals {
  stream: { pos: number; readBuffer(n: number): Uint8Array; constructor: new (b: Uint8Array) => unknown };
  _dataPos: number;
  _decompressed?: boolean;
  directory: {
    totalCompressedSize: number;
    tables: Record<string, { offset: number; length: number; transformLength?: number | null }>;
  };
  _decompress(): void;
}

/**
 * Swaps fontkit's pure-JavaScript Brotli decoder for Node's native one on one WOFF2 font: the same steps as
 * fontkit 2.0.4's `WOFF2Font._decompress` (set each table's offset, inflate the data, read from the result),
 * about ten times faster, which matters when a sheet touches a few dozen chunks.
 */
function installNativeBrotli(font: KitFont): void {
  const f = font as unknown as Woff2Internals;
  if (typeof f._decompress !== 'function' || typeof f._dataPos !== 'number') return;
  f._decompress = function decompress(this: Woff2Internals) {
    if (this._decompressed) return;
    this.stream.pos = this._dataPos;
    const compressed = this.stream.readBuffer(this.directory.totalCompressedSize);
    let size = 0;
    for (const entry of Object.values(this.directory.tables)) {
      entry.offset = size;
      size += entry.transformLength ?? entry.length;
    }
    const data = new Uint8Array(brotliDecompressSync(compressed));
    if (data.length < size) throw new Error(`WOFF2 data is ${data.length} bytes, expected ${size}`);
    const DecodeStream = this.stream.constructor;
    this.stream = new DecodeStream(data) as Woff2Internals['stream'];
    this._decompressed = true;
  };
}

function openChunk(chunk: Chunk): KitFont {
  let font = openChunks.get(chunk.file);
  if (!font) {
    font = fontkit.create(readFileSync(join(loadChunkIndex().dir, chunk.file))) as unknown as KitFont;
    installNativeBrotli(font);
    openChunks.set(chunk.file, font);
  }
  return font;
}

/**
 * fontkit does not export its glyph variation processor, and caches one per font object for good on first
 * use; so we take its class from a throw-away font and make one processor per chunk and weight, which lets
 * one decompressed chunk serve every weight.
 */
function processorFor(chunk: Chunk, font: KitFont, weight: number): VariationProcessor {
  const key = `${chunk.file}@${weight}`;
  let vp = processors.get(key);
  if (!vp) {
    if (!processorClass) {
      const { dir, chunks } = loadChunkIndex();
      const probe = fontkit.create(readFileSync(join(dir, (chunks[0] as Chunk).file))) as unknown as KitFont;
      probe.variationCoords = [400];
      const sample = probe._variationProcessor;
      if (!sample) throw new Error(`${CJK_FONT_SOURCE.package}: the font has no variation axes`);
      processorClass = sample.constructor as VariationProcessorClass;
    }
    vp = new processorClass(font, [weight]);
    processors.set(key, vp);
  }
  return vp;
}

function findGlyph(cp: number): { chunk: Chunk; font: KitFont; glyph: KitGlyph } | undefined {
  for (const chunk of loadChunkIndex().chunks) {
    if (!chunk.ranges.some(([a, b]) => cp >= a && cp <= b)) continue;
    const font = openChunk(chunk);
    if (font.hasGlyphForCodePoint(cp)) return { chunk, font, glyph: font.glyphForCodePoint(cp) };
  }
  return undefined;
}

/**
 * True when the bundled font covers this character. It reads the package's Unicode-range index only (that
 * index is generated from each chunk's cmap), so checking a whole sheet costs no font decompression.
 */
export function hasCjkGlyph(char: string): boolean {
  const cp = char.codePointAt(0);
  if (cp === undefined) return false;
  return loadChunkIndex().chunks.some((c) => c.ranges.some(([a, b]) => cp >= a && cp <= b));
}

interface OutGlyph {
  points: Array<{ x: number; y: number; on: boolean }>;
  endPts: number[];
  advance: number;
}

/** Applies the gvar deltas of `vp` to a glyph's points and moves its origin to x = 0. */
function instantiate(font: KitFont, glyph: KitGlyph, vp: VariationProcessor): OutGlyph {
  const decoded = glyph._decode();
  const source = decoded?.points ?? [];
  if (!decoded || decoded.numberOfContours < 0) {
    // Composite glyphs do not occur in the shipped chunks (all 14 801 glyphs are simple); an empty glyph
    // is still better than a crash should a future version bring one.
    return { points: [], endPts: [], advance: Math.round(glyph.advanceWidth) };
  }
  const points = source.map((p) => p.copy());
  // WOFF2 may leave out the bounding box (it is implied by the points); phantom points need it.
  const bbox = {
    ...decoded,
    xMin: source.length ? Math.min(...source.map((p) => p.x)) : 0,
    yMax: source.length ? Math.max(...source.map((p) => p.y)) : 0,
  };
  const all = [...points, ...glyph._getPhantomPoints(bbox)];
  vp.transformPoints(glyph.id, all);
  const origin = all[points.length]?.x ?? 0;
  // OpenType 1.9 HVAR: where the table exists it is the authority on advances; else the phantom points are.
  const hvar = (font as unknown as { HVAR?: unknown }).HVAR;
  const advance = hvar
    ? glyph.advanceWidth + vp.getAdvanceAdjustment(glyph.id, hvar)
    : (all[points.length + 1]?.x ?? glyph.advanceWidth) - origin;
  const endPts: number[] = [];
  points.forEach((p, i) => {
    if (p.endContour) endPts.push(i);
  });
  return {
    points: points.map((p) => ({ x: Math.round(p.x - origin), y: Math.round(p.y), on: p.onCurve })),
    endPts,
    advance: Math.max(0, Math.round(advance)),
  };
}

/**
 * Builds a TrueType font with a glyph for every character of `text` (plus `.notdef`), at the given weight.
 * Characters the font lacks raise `CODES_RENDER_FAILED` naming them, so nothing prints as a blank box.
 */
export function buildCjkFont(text: string, options: BuildCjkFontOptions = {}): BuiltFont {
  const weight = options.weight ?? 400;
  if (!Number.isInteger(weight) || weight < 100 || weight > 900) {
    throw new AppError('CODES_RENDER_FAILED', `Font weight ${weight} is outside 100–900.`, { status: 400 });
  }
  const codePoints = [...new Set(Array.from(text, (c) => c.codePointAt(0) ?? 0))]
    .filter((cp) => cp >= 0x20)
    .sort((a, b) => a - b);
  const missing: string[] = [];
  const glyphs: OutGlyph[] = [];
  const cmap: Array<[number, number]> = [];
  const advances = new Map<number, number>();

  const latinChunk = loadChunkIndex().chunks[0] as Chunk;
  const latin = openChunk(latinChunk);
  glyphs.push(instantiate(latin, latin.getGlyph(0), processorFor(latinChunk, latin, weight)));
  for (const cp of codePoints) {
    const found = findGlyph(cp);
    if (!found) {
      missing.push(`“${String.fromCodePoint(cp)}” (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`);
      continue;
    }
    const g = instantiate(found.font, found.glyph, processorFor(found.chunk, found.font, weight));
    cmap.push([cp, glyphs.length]);
    advances.set(cp, g.advance);
    glyphs.push(g);
  }
  if (missing.length > 0) {
    throw new AppError(
      'CODES_RENDER_FAILED',
      `The label font (${CJK_FONT_SOURCE.family}) has no glyph for ${missing.slice(0, 10).join(', ')}${
        missing.length > 10 ? ` and ${missing.length - 10} more` : ''
      }; remove or replace those characters.`,
      { status: 400, extra: { missing } },
    );
  }
  const postscriptName = `NotoSansSC-W${weight}`;
  return {
    ttf: writeTrueType(glyphs, cmap, latin, postscriptName, weight),
    unitsPerEm: latin.unitsPerEm,
    advances,
    postscriptName,
  };
}

// --- TrueType writer (OpenType spec 1.9, "Recommendations for OpenType fonts" and each table's chapter) --

class Writer {
  private buf: Buffer;
  length = 0;
  constructor(size = 1024) {
    this.buf = Buffer.alloc(size);
  }
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  u8(v: number): this {
    this.room(1);
    this.buf.writeUInt8(v & 0xff, this.length);
    this.length += 1;
    return this;
  }
  u16(v: number): this {
    this.room(2);
    this.buf.writeUInt16BE(v & 0xffff, this.length);
    this.length += 2;
    return this;
  }
  i16(v: number): this {
    this.room(2);
    this.buf.writeInt16BE(Math.max(-32768, Math.min(32767, Math.round(v))), this.length);
    this.length += 2;
    return this;
  }
  u32(v: number): this {
    this.room(4);
    this.buf.writeUInt32BE(v >>> 0, this.length);
    this.length += 4;
    return this;
  }
  bytes(b: Buffer): this {
    this.room(b.length);
    b.copy(this.buf, this.length);
    this.length += b.length;
    return this;
  }
  pad4(): this {
    while (this.length % 4 !== 0) this.u8(0);
    return this;
  }
  done(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** Encodes one simple glyph (OpenType `glyf` table, "Simple glyph description"), with short vectors. */
function encodeGlyph(g: OutGlyph): Buffer {
  if (g.points.length === 0) return Buffer.alloc(0);
  const w = new Writer(16 + g.points.length * 5);
  const xs = g.points.map((p) => p.x);
  const ys = g.points.map((p) => p.y);
  w.i16(g.endPts.length)
    .i16(Math.min(...xs))
    .i16(Math.min(...ys))
    .i16(Math.max(...xs))
    .i16(Math.max(...ys));
  for (const e of g.endPts) w.u16(e);
  w.u16(0); // no instructions: the outlines print at label sizes, hinting buys nothing in a PDF
  const flags: number[] = [];
  const xw = new Writer(g.points.length * 2);
  const yw = new Writer(g.points.length * 2);
  let px = 0;
  let py = 0;
  for (const p of g.points) {
    let flag = p.on ? 0x01 : 0;
    const dx = p.x - px;
    const dy = p.y - py;
    if (dx === 0) flag |= 0x10;
    else if (Math.abs(dx) <= 255) {
      flag |= 0x02 | (dx > 0 ? 0x10 : 0);
      xw.u8(Math.abs(dx));
    } else xw.i16(dx);
    if (dy === 0) flag |= 0x20;
    else if (Math.abs(dy) <= 255) {
      flag |= 0x04 | (dy > 0 ? 0x20 : 0);
      yw.u8(Math.abs(dy));
    } else yw.i16(dy);
    flags.push(flag);
    px = p.x;
    py = p.y;
  }
  for (let i = 0; i < flags.length; ) {
    let run = 1;
    while (i + run < flags.length && flags[i + run] === flags[i] && run < 256) run++;
    if (run > 1) {
      w.u8((flags[i] as number) | 0x08).u8(run - 1);
    } else w.u8(flags[i] as number);
    i += run;
  }
  return w.bytes(xw.done()).bytes(yw.done()).pad4().done();
}

function checksum(b: Buffer): number {
  let sum = 0;
  const padded = b.length % 4 === 0 ? b : Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

function nameTable(records: Array<[number, string]>): Buffer {
  const strings = records.map(([, s]) => Buffer.from(s, 'utf16le').swap16());
  const w = new Writer();
  w.u16(0)
    .u16(records.length)
    .u16(6 + records.length * 12);
  let offset = 0;
  records.forEach(([id], i) => {
    const len = (strings[i] as Buffer).length;
    w.u16(3).u16(1).u16(0x409).u16(id).u16(len).u16(offset);
    offset += len;
  });
  for (const s of strings) w.bytes(s);
  return w.done();
}

function writeTrueType(
  glyphs: OutGlyph[],
  cmap: Array<[number, number]>,
  src: KitFont,
  psName: string,
  weight: number,
): Buffer {
  const encoded = glyphs.map(encodeGlyph);
  const glyf = Buffer.concat(encoded);
  const loca = new Writer();
  let off = 0;
  for (const e of encoded) {
    loca.u32(off);
    off += e.length;
  }
  loca.u32(off);

  let xMin = 0;
  let yMin = 0;
  let xMax = 0;
  let yMax = 0;
  let maxPoints = 0;
  let maxContours = 0;
  let minRsb = 0;
  let minLsb = 0;
  let maxExtent = 0;
  for (const g of glyphs) {
    if (g.points.length === 0) continue;
    const gx0 = Math.min(...g.points.map((p) => p.x));
    const gx1 = Math.max(...g.points.map((p) => p.x));
    xMin = Math.min(xMin, gx0);
    xMax = Math.max(xMax, gx1);
    yMin = Math.min(yMin, ...g.points.map((p) => p.y));
    yMax = Math.max(yMax, ...g.points.map((p) => p.y));
    maxPoints = Math.max(maxPoints, g.points.length);
    maxContours = Math.max(maxContours, g.endPts.length);
    minLsb = Math.min(minLsb, gx0);
    minRsb = Math.min(minRsb, g.advance - gx1);
    maxExtent = Math.max(maxExtent, gx1);
  }

  const hmtx = new Writer();
  for (const g of glyphs) {
    const lsb = g.points.length ? Math.min(...g.points.map((p) => p.x)) : 0;
    hmtx.u16(g.advance).i16(lsb);
  }

  const head = new Writer()
    .u32(0x00010000)
    .u32(0x00010000)
    .u32(0) // checkSumAdjustment, set below
    .u32(0x5f0f3cf5)
    .u16(0b11) // baseline at y=0, left sidebearing point at x=0
    .u16(src.unitsPerEm)
    .u32(0)
    .u32(0)
    .u32(0)
    .u32(0)
    .i16(xMin)
    .i16(yMin)
    .i16(xMax)
    .i16(yMax)
    .u16(0)
    .u16(6)
    .i16(2)
    .i16(1) // long loca offsets
    .i16(0)
    .done();

  const hhea = new Writer()
    .u32(0x00010000)
    .i16(src.hhea.ascent)
    .i16(src.hhea.descent)
    .i16(src.hhea.lineGap)
    .u16(Math.max(...glyphs.map((g) => g.advance)))
    .i16(minLsb)
    .i16(minRsb)
    .i16(maxExtent)
    .i16(1)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .u16(glyphs.length)
    .done();

  const maxp = new Writer().u32(0x00010000).u16(glyphs.length).u16(maxPoints).u16(maxContours);
  maxp.u16(0).u16(0).u16(2).u16(0).u16(0).u16(0).u16(0).u16(0).u16(0).u16(0).u16(0);

  // cmap format 12 under (3,10) and (0,4): covers BMP and beyond in one subtable (OpenType `cmap`).
  const groups: Array<[number, number, number]> = [];
  for (const [cp, gid] of cmap) {
    const last = groups[groups.length - 1];
    if (last && cp === last[1] + 1 && gid === last[2] + (cp - last[0])) last[1] = cp;
    else groups.push([cp, cp, gid]);
  }
  const sub = new Writer()
    .u16(12)
    .u16(0)
    .u32(16 + groups.length * 12)
    .u32(0)
    .u32(groups.length);
  for (const [a, b, g] of groups) sub.u32(a).u32(b).u32(g);
  const cmapT = new Writer()
    .u16(0)
    .u16(2)
    .u16(0)
    .u16(4)
    .u32(20)
    .u16(3)
    .u16(10)
    .u32(20)
    .bytes(sub.done())
    .done();

  const os2src = src['OS/2'] as Record<string, unknown>;
  const num = (k: string, d = 0) => (typeof os2src[k] === 'number' ? (os2src[k] as number) : d);
  const firstCp = cmap[0]?.[0] ?? 0x20;
  const lastCp = cmap[cmap.length - 1]?.[0] ?? 0x20;
  const os2 = new Writer()
    .u16(4)
    .i16(Math.round(glyphs.reduce((s, g) => s + g.advance, 0) / glyphs.length))
    .u16(weight)
    .u16(5)
    .u16(0); // fsType 0: installable embedding, as the OFL allows
  for (const k of [
    'ySubscriptXSize',
    'ySubscriptYSize',
    'ySubscriptXOffset',
    'ySubscriptYOffset',
    'ySuperscriptXSize',
    'ySuperscriptYSize',
    'ySuperscriptXOffset',
    'ySuperscriptYOffset',
    'yStrikeoutSize',
    'yStrikeoutPosition',
    'sFamilyClass',
  ])
    os2.i16(num(k));
  const panose = Array.isArray(os2src.panose) ? (os2src.panose as number[]) : [2, 11, 5, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 10; i++) os2.u8(panose[i] ?? 0);
  os2.u32(0).u32(0).u32(0).u32(0);
  os2.bytes(Buffer.from('GOOG', 'latin1'));
  os2
    .u16(0x40) // REGULAR
    .u16(Math.min(firstCp, 0xffff))
    .u16(Math.min(lastCp, 0xffff))
    .i16(num('typoAscender', 880))
    .i16(num('typoDescender', -120))
    .i16(num('typoLineGap'))
    .u16(num('winAscent', src.hhea.ascent))
    .u16(num('winDescent', -src.hhea.descent))
    .u32(0x00040001) // code pages: Latin 1 and Simplified Chinese (GBK)
    .u32(0)
    .i16(num('xHeight', 543))
    .i16(num('capHeight', 733))
    .u16(0)
    .u16(0x20)
    .u16(1);

  const post = new Writer()
    .u32(0x00030000)
    .u32(Math.round(src.post.italicAngle * 65536))
    .i16(src.post.underlinePosition)
    .i16(src.post.underlineThickness)
    .u32(0)
    .u32(0)
    .u32(0)
    .u32(0)
    .u32(0)
    .done();

  const name = nameTable([
    [0, 'Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name Source.'],
    [1, 'Noto Sans SC'],
    [2, 'Regular'],
    [3, `${psName};subset`],
    [4, `Noto Sans SC ${psName}`],
    [5, 'Version 1.0; subset built by zhuisu'],
    [6, psName],
    [13, 'This Font Software is licensed under the SIL Open Font License, Version 1.1.'],
    [14, 'https://openfontlicense.org'],
  ]);

  const tables: Array<[string, Buffer]> = [
    ['OS/2', os2.done()],
    ['cmap', cmapT],
    ['glyf', glyf],
    ['head', head],
    ['hhea', hhea],
    ['hmtx', hmtx.done()],
    ['loca', loca.done()],
    ['maxp', maxp.done()],
    ['name', name],
    ['post', post],
  ];
  const n = tables.length;
  const entrySelector = Math.floor(Math.log2(n));
  const searchRange = 2 ** entrySelector * 16;
  const out = new Writer(glyf.length + 4096);
  out
    .u32(0x00010000)
    .u16(n)
    .u16(searchRange)
    .u16(entrySelector)
    .u16(n * 16 - searchRange);
  let offset = 12 + n * 16;
  const offsets: number[] = [];
  for (const [tag, data] of tables) {
    out.bytes(Buffer.from(tag, 'latin1')).u32(checksum(data)).u32(offset).u32(data.length);
    offsets.push(offset);
    offset += Math.ceil(data.length / 4) * 4;
  }
  for (const [, data] of tables) out.bytes(data).pad4();
  const font = out.done();
  const headOffset = offsets[3] as number;
  font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headOffset + 8);
  return font;
}
