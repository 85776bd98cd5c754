/**
 * The printable 承诺达标合格证: an A6 page with the fields of 第十四条 and a QR code a buyer scans. The QR holds
 * the batch's GS1 Digital Link on this platform when the product has a GTIN (`<base>/01/<gtin>/10/<lot>`),
 * else `<base>/q/<certificate number>`.
 */
import PDFDocument from 'pdfkit';
import { buildCjkFont, renderBarcode } from '../codes/render/index.js';
import type { ComplianceCertificate } from './compliance-certificates.service.js';

const PROMISE_ZH: Record<string, string> = {
  no_banned_inputs: '不使用禁用农药兽药、停用兽药和非法添加物',
  residues_within_limits: '常规农药兽药残留不超标',
  withholding_respected: '对承诺的真实性负责 (遵守农药安全间隔期、兽药休药期规定)',
};
const BASIS_ZH: Record<string, string> = {
  quality_control: '质量安全控制符合要求',
  self_test: '自行检测合格',
  commissioned_test: '委托检测合格',
};
const MM = 72 / 25.4;

/** The text the QR code carries. */
export function certificateQrText(cert: ComplianceCertificate, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (cert.gtin) return `${base}/01/${cert.gtin}/10/${encodeURIComponent(cert.lot)}`;
  return `${base}/q/${encodeURIComponent(cert.number)}`;
}

/** Renders the certificate as a one-page PDF. */
export async function renderCertificatePdf(cert: ComplianceCertificate, baseUrl: string): Promise<Buffer> {
  const lines: Array<[string, string]> = [
    ['编号', cert.number],
    ['产品名称', cert.productName],
    ['数量 (重量)', `${cert.quantity} ${cert.uom}`],
    ['产地', `${cert.originName ?? ''} (${cert.originDivision})`],
    ['生产者', cert.issuerName],
    ['联系方式', cert.contact],
    ['开具日期', cert.issuedOn],
    ['批次', cert.lot],
  ];
  const promise = cert.promise.map((p) => `√ ${PROMISE_ZH[p] ?? p}`);
  const basis = cert.basis.map((b) => `√ ${BASIS_ZH[b] ?? b}`);
  const sources = cert.sources.length > 0 ? [`混批来源合格证: ${cert.sources.join(', ')}`] : [];
  const title = '承诺达标合格证';
  const heading = ['我承诺对生产销售的食用农产品:', '承诺依据:'];
  const allText = [title, ...heading, ...lines.flat(), ...promise, ...basis, ...sources].join('');
  const regular = buildCjkFont(`${allText} :()`, { weight: 400 });
  const bold = buildCjkFont(title, { weight: 700 });
  const qr = await renderBarcode({
    symbology: 'qr',
    text: certificateQrText(cert, baseUrl),
    format: 'png',
    scale: 4,
  });

  const doc = new PDFDocument({
    size: 'A6',
    margin: 8 * MM,
    info: { Title: `${title} ${cert.number}`, Creator: 'Zhuisu 追溯' },
  });
  doc.registerFont('regular', regular.ttf);
  doc.registerFont('bold', bold.ttf);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('bold').fontSize(16).text(title, { align: 'center' });
  doc.moveDown(0.5);
  doc.font('regular').fontSize(8);
  doc.text(heading[0]!);
  for (const p of promise) doc.text(p, { indent: 8 });
  doc.text(heading[1]!);
  for (const b of basis) doc.text(b, { indent: 8 });
  doc.moveDown(0.4);
  for (const [k, v] of lines) doc.text(`${k}: ${v}`);
  for (const s of sources) doc.text(s);
  const size = 28 * MM;
  doc.image(
    qr.body as Buffer,
    doc.page.width - doc.page.margins.right - size,
    doc.page.height - doc.page.margins.bottom - size,
    {
      width: size,
      height: size,
    },
  );
  doc.end();
  return done;
}
