/**
 * In-browser decoding of QR, DataMatrix and EAN-13 with zxing-wasm (ZXing-C++ compiled to WebAssembly). The
 * decoder and its .wasm are loaded only when the scan page needs them, from this server (never a CDN: the
 * package's default would fetch the .wasm from jsDelivr).
 */
import type { ReaderOptions } from 'zxing-wasm/reader';

/** The symbologies a label in scope carries: QR (platform and drug codes), DataMatrix (GS1 DataMatrix), EAN-13. */
const OPTIONS: ReaderOptions = {
  formats: ['QRCode', 'DataMatrix', 'EAN-13'],
  tryHarder: true,
  maxNumberOfSymbols: 1,
};

let ready: Promise<typeof import('zxing-wasm/reader')> | null = null;

function reader(): Promise<typeof import('zxing-wasm/reader')> {
  ready ??= (async () => {
    const [mod, wasm] = await Promise.all([
      import('zxing-wasm/reader'),
      import('zxing-wasm/reader/zxing_reader.wasm?url'),
    ]);
    mod.prepareZXingModule({
      overrides: {
        locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasm.default : prefix + path),
      },
    });
    return mod;
  })();
  return ready;
}

/** The text of the first code found in an image (a file, or a camera frame), or null when there is none. */
export async function decodeImage(input: Blob | ImageData): Promise<string | null> {
  const { readBarcodes } = await reader();
  const results = await readBarcodes(input, OPTIONS);
  const hit = results.find((r) => r.isValid && r.text);
  return hit ? hit.text : null;
}

/** What a decoded text is: a code to look up here, or a link to another site that is shown but never followed. */
export type Decoded = { kind: 'code'; code: string } | { kind: 'foreign'; url: string };

/** Hosts whose links are codes this platform looks up itself (GS1's canonical Digital Link host, and our own). */
const OWN_HOSTS = new Set(['id.gs1.org']);

/** Classifies a decoded text (issue 8: a QR code that carries a URL to another site is shown, never followed). */
export function classify(text: string, here: string = location.host): Decoded {
  const trimmed = text.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      const url = new URL(trimmed);
      if (url.host === here || OWN_HOSTS.has(url.host)) {
        // Our own platform-code URL (/q/<code>) or any Digital Link: look the code up here.
        const q = /^\/q\/(.+)$/.exec(url.pathname);
        return { kind: 'code', code: q ? decodeURIComponent(q[1]!) : trimmed };
      }
      return { kind: 'foreign', url: trimmed };
    } catch {
      return { kind: 'foreign', url: trimmed };
    }
  }
  return { kind: 'code', code: trimmed };
}
