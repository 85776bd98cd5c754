/**
 * Test support: locating the shared third-party conformance material (never copied into the project) and the
 * per-file notes of its SOURCES.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of ../shared/conformance relative to the repository. */
export const CONFORMANCE = fileURLToPath(new URL('../../../../shared/conformance/', import.meta.url));

/** Every file under a conformance sub-folder whose name matches `pattern`, as paths relative to that folder. */
export function filesUnder(dir: string, pattern: RegExp): string[] {
  return (readdirSync(CONFORMANCE + dir, { recursive: true }) as string[])
    .filter((f) => pattern.test(f))
    .sort();
}

/** Read a conformance file as text. */
export const readConformance = (path: string): string => readFileSync(CONFORMANCE + path, 'utf8');

/**
 * Files SOURCES.md marks invalid against the normative JSON schema (`JSON-Schema(2.0.1): INVALID`) or the XSD
 * (`XSD: INVALID`), by their path inside the examples folders.
 */
export function knownInvalid(kind: 'JSON-Schema' | 'XSD'): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readConformance('SOURCES.md').split('\n')) {
    const m = /^- `([^`]+)` - (JSON-Schema\(2\.0\.1\)|XSD): INVALID:? ?(.*)$/.exec(line);
    if (m && m[2]!.startsWith(kind)) out.set(m[1]!, m[3]!);
  }
  return out;
}
