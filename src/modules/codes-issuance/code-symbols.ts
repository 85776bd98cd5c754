/**
 * What a symbol carries for a code: a QR code carries a URL (`<base>/q/<code>` or the GS1 Digital Link on this
 * platform's host), a GS1 DataMatrix or GS1-128 the bracketed element string, an EAN-13 the GTIN-13.
 */
import { AppError } from '../../lib/errors.js';
import { CANONICAL_HOST, type ParseResult, parse, platformCodeUrl } from '../codes/index.js';
import type { Symbology } from '../codes/render/index.js';

/** The data of one symbol and the human-readable text printed beside it. */
export interface SymbolData {
  symbology: Symbology;
  /** What the symbol encodes. */
  text: string;
  /** What a person reads on the label: the platform code, or the GS1 element string. */
  printed: string;
  parsed: ParseResult;
}

const GS1_SCHEMES = new Set(['gs1-digital-link', 'gs1-element-string', 'epc-urn', 'gtin', 'sscc', 'gln']);

function mismatch(code: string, symbology: string, why: string, path: string): AppError {
  return new AppError(
    'CODES_SYMBOLOGY_MISMATCH',
    `Cannot put ${JSON.stringify(code)} in ${symbology}: ${why}.`,
    {
      status: 400,
      path,
    },
  );
}

/** Parses `code` and picks the data `symbology` carries; throws CODES_INVALID (with parse errors) or a mismatch. */
export function symbolDataOf(
  code: string,
  symbology: Symbology,
  baseUrl: string,
  path = '/code',
): SymbolData {
  const parsed = parse(code);
  if (!parsed.valid) {
    throw new AppError(
      'CODES_INVALID',
      `${JSON.stringify(code)} is not a valid code: ${parsed.errors.map((e) => e.message).join('; ') || `it is read as ${parsed.scheme}`}.`,
      {
        status: 400,
        path,
        errors: parsed.errors.map((e) => ({
          code: e.code,
          message: e.message,
          path,
          ...(e.position === undefined ? {} : { position: e.position }),
        })),
      },
    );
  }
  const base = baseUrl.replace(/\/+$/, '');
  if (parsed.scheme === 'platform-code') {
    const canonical = parsed.canonical as string; // urn:zhuisu:platform-code:<CODE>
    const value = canonical.slice(canonical.lastIndexOf(':') + 1);
    if (symbology === 'qr') return { symbology, text: platformCodeUrl(value, base), printed: value, parsed };
    if (symbology === 'datamatrix') return { symbology, text: value, printed: value, parsed };
    throw mismatch(code, symbology, 'a platform trace code is not GS1 data; use qr or datamatrix', path);
  }
  if (GS1_SCHEMES.has(parsed.scheme)) {
    const elementString = String(parsed.fields.elementString ?? '');
    const canonical = parsed.canonical as string;
    const ai = (parsed.fields.ai ?? {}) as Record<string, string>;
    switch (symbology) {
      case 'qr':
        // The Digital Link on this platform's host, which resolves it (GS1 Digital Link 1.4 §4: any host may serve).
        return {
          symbology,
          text: base + canonical.slice(CANONICAL_HOST.length),
          printed: elementString,
          parsed,
        };
      case 'gs1-datamatrix':
      case 'gs1-128':
        return { symbology, text: elementString, printed: elementString, parsed };
      case 'ean13': {
        const gtin = ai['01'];
        if (!gtin?.startsWith('0') || Object.keys(ai).length !== 1) {
          throw mismatch(
            code,
            symbology,
            'EAN-13 carries a GTIN-13 alone (GS1 GenSpecs §5.2), nothing more',
            path,
          );
        }
        return { symbology, text: gtin.slice(1), printed: gtin.slice(1), parsed };
      }
      default:
        return { symbology, text: elementString, printed: elementString, parsed };
    }
  }
  // Chinese schemes (drug trace codes …) print as they are, in a plain Data Matrix.
  if (symbology === 'datamatrix')
    return { symbology, text: parsed.input.trim(), printed: parsed.input.trim(), parsed };
  throw mismatch(code, symbology, `a ${parsed.scheme} goes in a datamatrix symbol`, path);
}
