/**
 * The recall report (issue 7): progress per holder and in total, as XLSX (exceljs) and PDF (pdfkit, with a Noto
 * Sans SC subset built for exactly the characters the report uses, so Chinese names print).
 */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { buildCjkFont } from '../codes/render/index.js';
import type { Recall } from './recall.service.js';

const HEADERS = [
  '持有者 holder',
  '统一社会信用代码 USCC',
  '区划 division',
  '受影响件数 items',
  '已召回件数 recovered',
  '受影响数量 quantity',
  '已召回数量 recovered',
  '单位 uom',
  '进度 %',
  '通知 notified',
  '确认 acknowledged',
  '完成 completed',
  '逾期 late',
];

function rows(recall: Recall): string[][] {
  return recall.holders.map((h) => [
    h.name ?? h.party,
    h.uscc ?? '',
    h.division ?? '',
    String(h.affectedItems),
    String(h.recoveredItems),
    String(h.affectedQuantity),
    String(h.recoveredQuantity),
    h.uom ?? '',
    String(h.percent),
    h.notifiedAt ?? '',
    h.acknowledgedAt ?? '',
    h.completedAt ?? '',
    h.late ? '是 yes' : '否 no',
  ]);
}

function headLines(recall: Recall): string[] {
  return [
    `召回报告 Recall report ${recall.number}`,
    `级别 level ${recall.level} · ${recall.kind === 'ordered' ? '责令召回 ordered' : '主动召回 voluntary'} · ${recall.status}`,
    `原因 reason: ${recall.reason}`,
    `对象 root: ${recall.root}`,
    `期限 deadline: ${recall.deadline} · 开始 started: ${recall.createdAt}${recall.closedAt ? ` · 结束 closed: ${recall.closedAt}` : ''}`,
    `进度 progress: ${recall.progress.percent}% · 件 items ${recall.progress.recoveredItems}/${recall.progress.affectedItems} · 数量 quantity ${recall.progress.recoveredQuantity}/${recall.progress.affectedQuantity} · 逾期持有者 late holders ${recall.progress.holdersLate}`,
  ];
}

/** The report as an XLSX workbook. */
export async function recallReportXlsx(recall: Recall): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Zhuisu 追溯';
  const sheet = book.addWorksheet(recall.number);
  for (const line of headLines(recall)) sheet.addRow([line]);
  sheet.addRow([]);
  const header = sheet.addRow(HEADERS);
  header.font = { bold: true };
  for (const r of rows(recall)) sheet.addRow(r);
  sheet.autoFilter = {
    from: { row: header.number, column: 1 },
    to: { row: header.number, column: HEADERS.length },
  };
  sheet.columns.forEach((c) => {
    c.width = 20;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The report as a PDF (A4 landscape). */
export async function recallReportPdf(recall: Recall): Promise<Buffer> {
  const lines = headLines(recall);
  const table = [HEADERS, ...rows(recall)];
  const text = [...lines, ...table.flat()].join('');
  const font = buildCjkFont(`${text}0123456789%.:-/ `);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    info: { Title: `Recall ${recall.number}`, Creator: 'Zhuisu' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', font.ttf);
  doc.font('cjk').fontSize(14).text(lines[0]!);
  doc.fontSize(9);
  for (const line of lines.slice(1)) doc.text(line);
  doc.moveDown();
  const widths = [110, 95, 45, 45, 45, 50, 50, 30, 35, 55, 55, 55, 30];
  for (const r of table) {
    const y = doc.y;
    let x = doc.page.margins.left;
    let h = 0;
    for (const [i, cell] of r.entries()) {
      const w = widths[i] ?? 40;
      doc.text(cell, x, y, { width: w - 4 });
      h = Math.max(h, doc.y - y);
      x += w;
    }
    doc.y = y + h + 4;
    doc.x = doc.page.margins.left;
    if (doc.y > doc.page.height - 60) doc.addPage();
  }
  doc.end();
  return done;
}
