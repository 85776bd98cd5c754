import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../lib/errors.js';
import { labelPosition, resolveLabelLayout } from './label-layouts.js';
import { createLabelSheetStream, type LabelInput, renderLabelSheet } from './label-sheet.renderer.js';

// jsqr is CommonJS with an ES-style `default` in its types; under NodeNext the function sits on `.default`.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

const NAMES = [
  '遂川狗牯脑茶',
  '泰和乌鸡',
  '井冈山红米',
  '永丰辣椒酱',
  '安福火腿（特级礼盒装）',
  '新干三湖红橘',
];
const labels = (n: number, base = 'https://trace.jian.gov.cn/q/'): LabelInput[] =>
  Array.from({ length: n }, (_, i) => {
    const code = `ZS1A${String(i).padStart(6, '0')}K`;
    return {
      code,
      url: `${base}${code}`,
      productName: NAMES[i % NAMES.length] as string,
      batch: `B2024-${i % 9}`,
      date: '2024-05-01',
    };
  });

const dir = mkdtempSync(join(tmpdir(), 'zhuisu-labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hasTool = (t: string) => spawnSync(t, ['-v'], { stdio: 'ignore' }).error === undefined;
const popplerReady = hasTool('pdftoppm') && hasTool('pdftotext');
// Without poppler-utils the checks below cannot run: CI must have them (fail), a laptop may not (skip, say so).
const withPoppler = popplerReady ? it : process.env.CI ? it : it.skip;
if (!popplerReady && !process.env.CI) {
  console.warn(
    'label-sheet tests: pdftoppm/pdftotext not found; install poppler-utils to run the PDF checks.',
  );
}
function requirePoppler() {
  if (!popplerReady) throw new Error('pdftoppm/pdftotext (Debian package poppler-utils) are required in CI.');
}

const pdfOf = async (layout: string, list: LabelInput[], extra = {}) => {
  const pdf = await renderLabelSheet({ layout, labels: list, ...extra });
  const file = join(dir, `${layout}-${list.length}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return { pdf, file };
};

describe('renderLabelSheet', () => {
  withPoppler(
    'an A4 3×8 sheet carries the Chinese names, the codes and QR codes that decode to their URLs',
    async () => {
      requirePoppler();
      const list = labels(24);
      const { pdf, file } = await pdfOf('a4-3x8', list);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      for (const name of ['遂川狗牯脑茶', '泰和乌鸡', '井冈山红米']) expect(text).toContain(name);
      for (const l of list) expect(text).toContain(l.code);
      expect(text).toContain('批次 B2024-0');
      expect(text).toContain('日期 2024-05-01');

      execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', file, join(dir, 'page')]);
      const pageFile = readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png')) as string;
      const page = PNG.sync.read(readFileSync(join(dir, pageFile)));
      const layout = resolveLabelLayout('a4-3x8');
      const px = 150 / 25.4;
      const decoded: string[] = [];
      list.forEach((_, i) => {
        // Crop the label's own cell, so each decode sees exactly one symbol.
        const pos = labelPosition(layout, i);
        const x0 = Math.round(pos.xMm * px);
        const y0 = Math.round(pos.yMm * px);
        const w = Math.round(layout.labelWidthMm * px);
        const h = Math.round(layout.labelHeightMm * px);
        const crop = new Uint8ClampedArray(w * h * 4);
        for (let y = 0; y < h; y++) {
          const from = ((y0 + y) * page.width + x0) * 4;
          crop.set(page.data.subarray(from, from + w * 4), y * w * 4);
        }
        decoded.push(jsQR(crop, w, h)?.data ?? `label ${i}: no QR found`);
      });
      expect(decoded).toEqual(list.map((l) => l.url));
    },
  );

  it('a page of 24 labels stays far under 1 MB because the font is subset', async () => {
    const { pdf } = await pdfOf('a4-3x8', labels(24));
    expect(pdf.length).toBeLessThan(120_000);
  });

  withPoppler(
    'roll labels print one label per page of the roll size, with GS1-128 bars when asked',
    async () => {
      requirePoppler();
      const list: LabelInput[] = [
        {
          code: '(01)06901234567892(10)B2024',
          productName: '泰和乌鸡',
          batch: 'B2024',
          symbology: 'gs1-128',
        },
        { code: '6901234567892', productName: '遂川狗牯脑茶', date: '2024-05-01', symbology: 'ean13' },
        { code: '(01)06901234567892(21)X9', productName: '井冈山红米', symbology: 'gs1-datamatrix' },
      ];
      const { file } = await pdfOf('roll-60x40', list);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Pages:\s+3/);
      expect(info).toMatch(/Page size:\s+170\.0\d* x 113\.3\d* pts/);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      for (const s of ['泰和乌鸡', '(01)06901234567892(10)B2024', '6901234567892', '井冈山红米'])
        expect(text).toContain(s);
    },
  );

  it('streams a run of 1 000 labels page by page', async () => {
    const started = performance.now();
    const stream = createLabelSheetStream({ layout: 'a4-3x8', labels: labels(1000) });
    let chunks = 0;
    let bytes = 0;
    let firstChunkAt = 0;
    const parts: Buffer[] = [];
    for await (const chunk of stream) {
      if (chunks === 0) firstChunkAt = performance.now() - started;
      chunks++;
      bytes += (chunk as Buffer).length;
      parts.push(chunk as Buffer);
    }
    const total = performance.now() - started;
    const pdf = Buffer.concat(parts);
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBe(42); // ceil(1000 / 24)
    expect(chunks).toBeGreaterThan(42);
    expect(firstChunkAt).toBeLessThan(total / 2);
    expect(bytes).toBeLessThan(3_000_000);
  }, 120_000);

  it('lists every bad label field with its path, before drawing anything', async () => {
    const bad = [
      ...labels(2),
      { code: 'ZS1', productName: '泰和乌鸡' },
      { code: '(01)06901234567890', productName: '泰和乌鸡', symbology: 'gs1-128' },
      { code: 'X', url: 'https://a.cn/q/X', productName: '泰和乌鸡ก' },
      { code: ' ', url: 'ftp://a.cn/x', productName: '' },
    ] as LabelInput[];
    const err = await renderLabelSheet({ layout: 'a4-3x8', labels: bad }).catch((e: unknown) => e);
    expect(isAppError(err)).toBe(true);
    if (!isAppError(err)) return;
    expect(err.code).toBe('CODES_RENDER_FAILED');
    expect(err.status).toBe(400);
    const byPath = Object.fromEntries(err.errors.map((e) => [e.path, e.message]));
    expect(byPath['/labels/2/url']).toMatch(/required/);
    expect(byPath['/labels/3/code']).toMatch(/Bad checksum/);
    expect(byPath['/labels/4/productName']).toMatch(/U\+E01/);
    expect(byPath['/labels/5/code']).toMatch(/blank/);
    expect(byPath['/labels/5/productName']).toMatch(/required/);
    expect(byPath['/labels/5/url']).toMatch(/http\(s\) URL/);
  });

  it('rejects an unknown layout, an empty list and a code too long for a small label', async () => {
    await expect(renderLabelSheet({ layout: 'a4-3x99', labels: labels(1) })).rejects.toThrow(
      /Unknown label layout/,
    );
    await expect(renderLabelSheet({ layout: 'a4-3x8', labels: [] })).rejects.toThrow(/No labels/);
    const long = [
      {
        code: '(01)06901234567892(10)ABCDEFGHIJKLMNOPQRST(21)ABCDEFGHIJKLMNOPQRST',
        productName: '泰和乌鸡',
        symbology: 'gs1-128' as const,
      },
    ];
    await expect(renderLabelSheet({ layout: 'roll-30x20', labels: long })).rejects.toThrow(
      /does not fit layout roll-30x20/,
    );
  });
});
