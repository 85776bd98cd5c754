/**
 * The codes of an issued range, computed from the range alone (no database): a range is a prefix and a run of
 * serials, so the log stores one row per issuance, never one per code. Formats for label printers: CSV, TXT and
 * XLSX, streamed in chunks so a million codes never sit in memory as strings.
 */
import { once } from 'node:events';
import { PassThrough, Readable, type Writable } from 'node:stream';
import {
  CATEGORY_LETTERS,
  dlEncode,
  epcEscape,
  gs1CheckDigit,
  LEVEL_LETTERS,
  PLATFORM_CODE_LENGTH,
  type PlatformCategory,
  type PlatformCodePrefix,
  type PlatformLevel,
  platformCodeUrl,
  writePlatformCodeLines,
} from '../codes/index.js';
import { badExport } from './issuance.errors.js';

/** How the codes of a range are built. */
export type IssuanceScheme = 'platform-code' | 'gs1-sgtin' | 'gs1-lgtin' | 'gs1-sscc';

/** What one code stands for: an item, a batch, or a logistic unit (case, pallet). */
export type CodeLevel = PlatformLevel;

/** A range of issued codes as the log stores it. */
export interface CodeRange {
  scheme: IssuanceScheme;
  level: CodeLevel;
  /** Platform: positions 1–7 of the code; gs1-sgtin/gs1-lgtin: the GTIN-14; gs1-sscc: extension digit + GCP. */
  prefix: string;
  /** GS1 company-prefix length (EPC URNs, SSCCs); null for platform codes. */
  gcpLength: number | null;
  /** The lot of a gs1-lgtin code; otherwise the batch the codes were issued for, or null. */
  batchLot: string | null;
  firstSerial: number;
  count: number;
}

/** One issued code and the forms a label or a partner system needs. */
export interface IssuedCode {
  /** Platform: the 17-character code; GS1: the canonical Digital Link (https://id.gs1.org/…). */
  code: string;
  /** What a QR code carries: `<base>/q/<code>`, or the GS1 Digital Link on this platform's host. */
  url: string;
  /** GS1 only: the bracketed element string a GS1 DataMatrix or GS1-128 carries. */
  elementString?: string;
  /** GS1 only: the EPC URI (GS1 TDS 2.x §6) for EPCIS events. */
  epcUrn?: string;
}

/** File formats of an export. */
export type ExportFormat = 'csv' | 'txt' | 'xlsx';
/** What each line of a TXT export holds. */
export type TxtContent = 'code' | 'url';

/** Content type and file extension of each export format. */
export const EXPORT_FORMATS: Readonly<Record<ExportFormat, { contentType: string; extension: string }>> = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  txt: { contentType: 'text/plain; charset=utf-8', extension: 'txt' },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  },
};

/** Options of an export. */
export interface ExportOptions {
  /** The platform's public base URL (config.baseUrl). */
  baseUrl: string;
  /** TXT only: one code per line (default) or one URL per line. */
  content?: TxtContent;
  /** Codes per chunk written at once; 65 536 by default. */
  chunkSize?: number;
  /** Called after each chunk with the number of codes written so far (progress bars). */
  onProgress?: (done: number, total: number) => void;
}

const CATEGORY_BY_LETTER = new Map(
  Object.entries(CATEGORY_LETTERS).map(([k, v]) => [v, k as PlatformCategory]),
);
const LEVEL_BY_LETTER = new Map(Object.entries(LEVEL_LETTERS).map(([k, v]) => [v, k as PlatformLevel]));

/** The platform-code prefix object of a stored 7-character prefix. */
export function platformPrefixOf(prefix: string): PlatformCodePrefix {
  const category = CATEGORY_BY_LETTER.get(prefix.charAt(0));
  const level = LEVEL_BY_LETTER.get(prefix.charAt(1));
  if (!category || !level || prefix.length !== 7) {
    throw badExport(
      `stored platform-code prefix "${prefix}" is not a category, a level and 5 org characters`,
    );
  }
  return { category, level, org: Number.parseInt(prefix.slice(2), 36) };
}

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** One GS1 code of a range (serial = the counter value). */
function gs1Code(range: CodeRange, serial: number, base: string): IssuedCode {
  const gcp = range.gcpLength ?? 7;
  if (range.scheme === 'gs1-sgtin') {
    const gtin = range.prefix;
    const s = String(serial);
    // GS1 TDS 2.x §6.3.1: sgtin = CompanyPrefix.(indicator + item reference).serial; a decimal serial without
    // leading zeros also fits the SGTIN-96 binary encoding (TDS §14.5.1, serials < 2^38).
    return {
      code: `https://id.gs1.org/01/${gtin}/21/${s}`,
      url: `${base}/01/${gtin}/21/${s}`,
      elementString: `(01)${gtin}(21)${s}`,
      epcUrn: `urn:epc:id:sgtin:${gtin.slice(1, 1 + gcp)}.${gtin.charAt(0)}${gtin.slice(1 + gcp, 13)}.${s}`,
    };
  }
  if (range.scheme === 'gs1-sscc') {
    // GS1 GenSpecs §2.2.1: extension digit + GCP + serial reference = 17 digits, then the mod-10 check digit.
    const head = range.prefix;
    const ref = String(serial).padStart(17 - head.length, '0');
    const sscc = `${head}${ref}${gs1CheckDigit(head + ref)}`;
    return {
      code: `https://id.gs1.org/00/${sscc}`,
      url: `${base}/00/${sscc}`,
      elementString: `(00)${sscc}`,
      // GS1 TDS 2.x §6.3.2: sscc = CompanyPrefix.(extension digit + serial reference).
      epcUrn: `urn:epc:id:sscc:${head.slice(1)}.${head.charAt(0)}${ref}`,
    };
  }
  // gs1-lgtin: one batch-level code, GTIN + lot (GS1 Digital Link 1.4 §4; TDS 2.x §6.4.1 lgtin class).
  const gtin = range.prefix;
  const lot = range.batchLot ?? '';
  return {
    code: `https://id.gs1.org/01/${gtin}/10/${dlEncode(lot)}`,
    url: `${base}/01/${gtin}/10/${dlEncode(lot)}`,
    elementString: `(01)${gtin}(10)${lot}`,
    epcUrn: `urn:epc:class:lgtin:${gtin.slice(1, 1 + gcp)}.${gtin.charAt(0)}${gtin.slice(1 + gcp, 13)}.${epcEscape(lot)}`,
  };
}

function checkWindow(range: CodeRange, offset: number, limit: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > range.count) {
    throw badExport(`offset ${offset} is outside the range of ${range.count} codes`);
  }
  if (!Number.isSafeInteger(limit) || limit < 0) throw badExport(`limit ${limit} is not a count`);
}

/** The codes `offset … offset + limit − 1` of a range (clipped to its end), for previews and labels. */
export function rangeCodes(range: CodeRange, baseUrl: string, offset = 0, limit = range.count): IssuedCode[] {
  checkWindow(range, offset, limit);
  const n = Math.min(limit, range.count - offset);
  const base = trimBase(baseUrl);
  if (range.scheme === 'platform-code') {
    const bytes = writePlatformCodeLines(platformPrefixOf(range.prefix), range.firstSerial + offset, n);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const out = new Array<IssuedCode>(n);
    for (let k = 0; k < n; k++) {
      const code = text.slice(k * 18, k * 18 + PLATFORM_CODE_LENGTH);
      out[k] = { code, url: platformCodeUrl(code, base) };
    }
    return out;
  }
  const out = new Array<IssuedCode>(n);
  for (let k = 0; k < n; k++) out[k] = gs1Code(range, range.firstSerial + offset + k, base);
  return out;
}

/** Quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180 §2). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Column names of CSV and XLSX exports. */
export function exportColumns(scheme: IssuanceScheme): string[] {
  return scheme === 'platform-code' ? ['code', 'url'] : ['code', 'url', 'element_string', 'epc_urn'];
}

function rowOf(c: IssuedCode, scheme: IssuanceScheme): string[] {
  return scheme === 'platform-code'
    ? [c.code, c.url]
    : [c.code, c.url, c.elementString ?? '', c.epcUrn ?? ''];
}

/**
 * Writes `count` lines `head₀ s head₁ s … headₖ s eol` for consecutive decimal serials s into one buffer: the bulk
 * path for GS1 serial ranges (a million SGTIN CSV lines are ~160 MB). The serial's digits are kept as bytes and
 * incremented in place, and every head is a byte copy, so no string is built per line.
 */
export function writeSerialLines(
  heads: readonly Buffer[],
  firstSerial: number,
  count: number,
  eol: string,
): Buffer {
  const end = Buffer.from(eol, 'latin1');
  const maxDigits = String(firstSerial + count).length;
  const headBytes = heads.reduce((n, h) => n + h.length, 0);
  const out = Buffer.allocUnsafe(count * (headBytes + heads.length * maxDigits + end.length));
  const digits = Buffer.from(String(firstSerial), 'latin1');
  let width = digits.length;
  const buf = Buffer.alloc(maxDigits + 1);
  digits.copy(buf, buf.length - width);
  let at = 0;
  for (let k = 0; k < count; k++) {
    const from = buf.length - width;
    for (const h of heads) {
      at += h.copy(out, at);
      at += buf.copy(out, at, from);
    }
    at += end.copy(out, at);
    // Increment the decimal digits in place.
    let i = buf.length - 1;
    for (;;) {
      const d = buf[i] as number;
      if (d < 57 && d >= 48) {
        buf[i] = d + 1;
        break;
      }
      buf[i] = 48;
      i--;
      if (i < buf.length - width) {
        buf[i] = 49;
        width++;
        break;
      }
    }
  }
  return out.subarray(0, at);
}

/** The heads of each line of a GS1 SGTIN range (serial follows each head); undefined for other schemes. */
function sgtinHeads(
  range: CodeRange,
  format: 'csv' | 'txt',
  content: TxtContent,
  base: string,
): Buffer[] | undefined {
  // A base URL with a comma or quote needs per-field CSV quoting: the general path does that.
  if (range.scheme !== 'gs1-sgtin' || (format === 'csv' && /[",\r\n]/.test(base))) return undefined;
  const gtin = range.prefix;
  const gcp = range.gcpLength ?? 7;
  const code = `https://id.gs1.org/01/${gtin}/21/`;
  const url = `${base}/01/${gtin}/21/`;
  if (format === 'txt') return [Buffer.from(content === 'url' ? url : code, 'utf8')];
  const es = `(01)${gtin}(21)`;
  const epc = `urn:epc:id:sgtin:${gtin.slice(1, 1 + gcp)}.${gtin.charAt(0)}${gtin.slice(1 + gcp, 13)}.`;
  // Decimal serials and these heads hold no comma, quote or line break: nothing needs CSV quoting.
  return [code, `,${url}`, `,${es}`, `,${epc}`].map((h) => Buffer.from(h, 'utf8'));
}

/** The chunks of a CSV or TXT export (Buffers of whole lines), computed lazily. */
export function* textExportChunks(
  range: CodeRange,
  format: 'csv' | 'txt',
  options: ExportOptions,
): Generator<Buffer> {
  const chunk = options.chunkSize ?? 65_536;
  const content = options.content ?? 'code';
  const base = trimBase(options.baseUrl);
  if (format === 'csv') yield Buffer.from(`${exportColumns(range.scheme).join(',')}\r\n`, 'latin1');
  for (let offset = 0; offset < range.count; offset += chunk) {
    const n = Math.min(chunk, range.count - offset);
    if (range.scheme === 'platform-code' && format === 'txt' && content === 'code') {
      // The bulk path: the codes module writes `code\n` lines straight into bytes.
      const bytes = writePlatformCodeLines(platformPrefixOf(range.prefix), range.firstSerial + offset, n);
      yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      options.onProgress?.(offset + n, range.count);
      continue;
    }
    if (range.scheme === 'platform-code') {
      // Codes come from the bulk writer as `code\n` lines; each line is cut out once and framed.
      const bytes = writePlatformCodeLines(platformPrefixOf(range.prefix), range.firstSerial + offset, n);
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
      const url = `${base}/q/`;
      const lines = new Array<string>(n);
      for (let k = 0; k < n; k++) {
        const c = text.slice(k * 18, k * 18 + PLATFORM_CODE_LENGTH);
        lines[k] = format === 'csv' ? `${c},${url}${c}` : url + c;
      }
      const eol = format === 'csv' ? '\r\n' : '\n';
      yield Buffer.from(lines.join(eol) + eol, 'utf8');
      options.onProgress?.(offset + n, range.count);
      continue;
    }
    const heads = sgtinHeads(range, format, content, base);
    if (heads) {
      yield writeSerialLines(heads, range.firstSerial + offset, n, format === 'csv' ? '\r\n' : '\n');
      options.onProgress?.(offset + n, range.count);
      continue;
    }
    const codes = rangeCodes(range, base, offset, n);
    const lines = new Array<string>(n);
    if (format === 'txt') {
      for (let k = 0; k < n; k++) lines[k] = content === 'url' ? codes[k]!.url : codes[k]!.code;
      yield Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    } else {
      for (let k = 0; k < n; k++) lines[k] = rowOf(codes[k]!, range.scheme).map(csvField).join(',');
      yield Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
    }
    options.onProgress?.(offset + n, range.count);
  }
}

/** Writes an XLSX export into `out` with exceljs's streaming writer (one sheet `codes`, header row first). */
async function writeXlsx(range: CodeRange, options: ExportOptions, out: Writable): Promise<void> {
  // NOTE: exceljs is large; it loads only when an XLSX is asked for.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
    zip: { zlib: { level: 1 } },
  });
  const sheet = workbook.addWorksheet('codes');
  sheet.addRow(exportColumns(range.scheme)).commit();
  const chunk = options.chunkSize ?? 65_536;
  for (let offset = 0; offset < range.count; offset += chunk) {
    for (const c of rangeCodes(range, options.baseUrl, offset, chunk)) {
      sheet.addRow(rowOf(c, range.scheme)).commit();
    }
    options.onProgress?.(Math.min(offset + chunk, range.count), range.count);
    // Let the zip stream drain between chunks instead of queueing the whole sheet in memory.
    if (out.writableNeedDrain) await once(out, 'drain');
    else await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
}

/** Largest range an XLSX sheet can hold: 1 048 576 rows (ECMA-376 / Excel limits) less the header. */
export const MAX_XLSX_CODES = 1_048_575;

/** Streams an export of the range in the given format. */
export function createExportStream(range: CodeRange, format: ExportFormat, options: ExportOptions): Readable {
  if (format === 'csv' || format === 'txt') return Readable.from(textExportChunks(range, format, options));
  if (format !== 'xlsx') throw badExport(`format "${String(format)}" is none of csv, txt, xlsx`);
  if (range.count > MAX_XLSX_CODES) {
    throw badExport(`an XLSX sheet holds at most ${MAX_XLSX_CODES} codes; this range has ${range.count}`);
  }
  const out = new PassThrough();
  writeXlsx(range, options, out).catch((e: unknown) => out.destroy(e as Error));
  return out;
}
