import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../lib/errors.js';
import { barcodeGeometry, renderBarcode, type Symbology } from './barcode.renderer.js';

// jsqr is CommonJS with an ES-style `default` in its types; under NodeNext the function sits on `.default`.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

const samples: Array<[Symbology, string]> = [
  ['qr', 'https://id.gs1.org/01/06901234567892/10/B2024/21/X9'],
  ['gs1-datamatrix', '(01)06901234567892(10)B2024(21)X9'],
  ['gs1-128', '(01)06901234567892(10)B2024'],
  ['ean13', '6901234567892'],
  ['datamatrix', '81234567890123456789'],
];

async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('renderBarcode', () => {
  for (const [symbology, text] of samples) {
    it(`renders ${symbology} as SVG with dark modules on a white ground`, async () => {
      const out = await renderBarcode({ symbology, text, format: 'svg' });
      expect(out.contentType).toBe('image/svg+xml');
      expect(typeof out.body).toBe('string');
      expect(out.body as string).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
      expect((out.body as string).match(/<path /g)?.length ?? 0).toBeGreaterThan(0);
    });

    it(`renders ${symbology} as a PNG with a quiet zone`, async () => {
      const out = await renderBarcode({ symbology, text, format: 'png', scale: 2 });
      expect(out.contentType).toBe('image/png');
      const png = PNG.sync.read(out.body as Buffer);
      expect(png.width).toBeGreaterThan(20);
      // The corner pixel lies in the quiet zone: white.
      expect([png.data[0], png.data[1], png.data[2]]).toEqual([255, 255, 255]);
    });
  }

  it('a QR PNG decodes back to its URL', async () => {
    const url = 'https://trace.jian.gov.cn/q/ZS1A000042K';
    const out = await renderBarcode({ symbology: 'qr', text: url, format: 'png', scale: 4 });
    const png = PNG.sync.read(out.body as Buffer);
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(url);
  });

  it('margin sets the quiet zone in modules (QR: 2 px a module at scale 1)', async () => {
    const a = PNG.sync.read(
      (
        await renderBarcode({
          symbology: 'qr',
          text: samples[0]?.[1] ?? '',
          format: 'png',
          scale: 1,
          margin: 0,
        })
      ).body as Buffer,
    );
    const b = PNG.sync.read(
      (
        await renderBarcode({
          symbology: 'qr',
          text: samples[0]?.[1] ?? '',
          format: 'png',
          scale: 1,
          margin: 4,
        })
      ).body as Buffer,
    );
    expect(b.width - a.width).toBe(16);
  });

  const bad: Array<[string, Parameters<typeof renderBarcode>[0], RegExp]> = [
    [
      'a GS1-128 GTIN with a wrong check digit',
      { symbology: 'gs1-128', text: '(01)06901234567890', format: 'svg' },
      /\(01\)06901234567890.*AI 01: Bad checksum/,
    ],
    [
      'an unknown AI in GS1 DataMatrix',
      { symbology: 'gs1-datamatrix', text: '(99x)12', format: 'png' },
      /\(99x\)12.*Unrecognised AI/,
    ],
    [
      'an impossible date in AI 17',
      { symbology: 'gs1-datamatrix', text: '(01)06901234567892(17)991340', format: 'svg' },
      /Invalid month/,
    ],
    [
      'an EAN-13 with a wrong check digit',
      { symbology: 'ean13', text: '6901234567890', format: 'svg' },
      /6901234567890.*check digit/i,
    ],
    ['letters in an EAN-13', { symbology: 'ean13', text: '69012345678AB', format: 'svg' }, /69012345678AB/],
    [
      'a QR that is not a URL',
      { symbology: 'qr', text: 'ZS1A000042K', format: 'svg' },
      /ZS1A000042K.*http\(s\) URL/,
    ],
    ['an empty text', { symbology: 'datamatrix', text: '', format: 'svg' }, /empty/],
    ['an unknown symbology', { symbology: 'pdf417' as Symbology, text: 'x', format: 'svg' }, /pdf417/],
    ['an unknown format', { symbology: 'ean13', text: '6901234567892', format: 'gif' as 'png' }, /gif/],
    ['a scale of 0', { symbology: 'ean13', text: '6901234567892', format: 'png', scale: 0 }, /Scale 0/],
  ];
  for (const [what, options, message] of bad) {
    it(`rejects ${what} with CODES_RENDER_FAILED (400)`, async () => {
      const err = await rejection(renderBarcode(options));
      expect(isAppError(err)).toBe(true);
      if (!isAppError(err)) return;
      expect(err.code).toBe('CODES_RENDER_FAILED');
      expect(err.status).toBe(400);
      expect(err.fault).toBe('caller');
      expect(err.message).toMatch(message);
    });
  }

  it('cuts a 10 000-character value short in the message', async () => {
    const err = await rejection(
      renderBarcode({ symbology: 'ean13', text: '1'.repeat(10_000), format: 'svg' }),
    );
    expect(isAppError(err) && err.message.length).toBeLessThan(400);
  });
});

describe('barcodeGeometry', () => {
  it('gives the QR module matrix (version 3 for a short platform URL) and linear bars', () => {
    const qr = barcodeGeometry('qr', 'https://trace.jian.gov.cn/q/ZS1A000042K');
    expect(qr.kind).toBe('matrix');
    if (qr.kind === 'matrix') {
      expect(qr.columns).toBe(29);
      // Finder pattern: the top-left 7×7 ring is dark at its corners, light one module inside.
      expect([qr.dark(0, 0), qr.dark(6, 6), qr.dark(1, 1), qr.dark(3, 3)]).toEqual([true, true, false, true]);
    }
    const ean = barcodeGeometry('ean13', '6901234567892');
    expect(ean.kind === 'linear' && ean.modules).toBe(95); // GS1 General Specifications: EAN-13 is 95X wide
  });

  it('rejects bad GS1 data the same way as renderBarcode', () => {
    expect(() => barcodeGeometry('gs1-128', '(01)06901234567890')).toThrow(/Bad checksum/);
  });
});
