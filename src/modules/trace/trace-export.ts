/**
 * A trace as a sortable spreadsheet: one row per event with what, when, where, who, which lot and how much — the
 * form regulators elsewhere demand within 24 hours (issue 7, Export). CSV (RFC 4180, UTF-8 with BOM for Excel) or
 * XLSX (exceljs, with an auto-filter so every column sorts).
 */
import ExcelJS from 'exceljs';
import type { TraceRun } from './trace.service.js';
import { nodeKind } from './trace-vocabulary.js';

const HEADERS = [
  '时间 time',
  '事件 event',
  '业务步骤 bizStep',
  '处置 disposition',
  '主体 organisation',
  '统一社会信用代码 USCC',
  '地点 location',
  '区划 division',
  '标识 codes',
  '批次 lot',
  '数量 quantity',
  '单位 uom',
  '事件ID eventID',
];

/** The rows of a trace export (header first). */
export function exportRows(run: TraceRun): string[][] {
  const { data, result } = run;
  const byEvent = new Map<number, Array<{ code: string; quantity: number | null; uom: string | null }>>();
  for (const [id, list] of data.namings) {
    const code = data.canonical.get(id) ?? String(id);
    for (const n of list) {
      const l = byEvent.get(n.eventPk);
      const entry = { code, quantity: n.quantity, uom: n.uom };
      if (l) l.push(entry);
      else byEvent.set(n.eventPk, [entry]);
    }
  }
  const byId = new Map([...data.events.values()].map((e) => [e.eventId, e]));
  const rows: string[][] = [HEADERS];
  for (const ev of result.events) {
    const e = byId.get(ev.eventID);
    const named = e ? (byEvent.get(e.pk) ?? []) : [];
    const lots = named.filter((n) => nodeKind(n.code) === 'lot').map((n) => n.code.replace(/^.*\/10\//, ''));
    const withQ = named.filter((n) => n.quantity !== null);
    rows.push([
      ev.eventTime,
      ev.type,
      ev.bizStep ?? '',
      ev.disposition ?? '',
      ev.organisation.name ?? '',
      ev.organisation.uscc ?? '',
      ev.location?.name ?? ev.location?.id ?? '',
      ev.location?.division ?? '',
      named.map((n) => n.code).join(' '),
      [...new Set(lots)].join(' '),
      withQ.map((n) => String(n.quantity)).join(' '),
      [...new Set(withQ.map((n) => n.uom ?? ''))].join(' '),
      ev.eventID,
    ]);
  }
  return rows;
}

const csvCell = (s: string) => {
  // A leading = + - @ would run as a formula in a spreadsheet (CSV injection): quote it behind an apostrophe.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The export as CSV text. */
export function exportCsv(run: TraceRun): string {
  return `\uFEFF${exportRows(run)
    .map((r) => r.map(csvCell).join(','))
    .join('\r\n')}\r\n`;
}

/** The export as an XLSX workbook. */
export async function exportXlsx(run: TraceRun, title: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Zhuisu 追溯';
  const sheet = book.addWorksheet(title.slice(0, 31) || 'trace');
  const rows = exportRows(run);
  for (const r of rows) sheet.addRow(r);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: HEADERS.length } };
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c) => {
    c.width = 22;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
