/**
 * Speed of platform-code formatting, for `npm run bench` (bench/run.ts may import `benchPlatformFormat`)
 * or on its own: `npx tsx src/modules/codes/platform/platform.bench.ts [count]`. Not a test: it asserts
 * nothing and prints figures. Issue 3 asks for 1 000 000 codes issued to a file in under 10 s; this
 * measures the formatting share of that.
 */
import { pathToFileURL } from 'node:url';
import { formatPlatformCode, formatPlatformCodeRange, writePlatformCodeLines } from './platform-code.js';

/** One measured way of formatting `count` codes. */
export interface PlatformFormatFigure {
  name: string;
  count: number;
  ms: number;
  codesPerSecond: number;
}

function time(name: string, count: number, run: () => unknown): PlatformFormatFigure {
  const start = process.hrtime.bigint();
  run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { name, count, ms: Math.round(ms * 10) / 10, codesPerSecond: Math.round(count / (ms / 1000)) };
}

/** Formats `count` codes three ways (bulk bytes, bulk strings, one call per code) and returns the timings. */
export function benchPlatformFormat(count = 1_000_000): PlatformFormatFigure[] {
  const prefix = { category: 'food', level: 'unit', org: 123_456 } as const;
  writePlatformCodeLines(prefix, 0, 10_000); // warm-up so the JIT has compiled the loop
  return [
    time('writePlatformCodeLines (bytes for export)', count, () =>
      writePlatformCodeLines(prefix, 1_000_000, count),
    ),
    time('formatPlatformCodeRange (string[])', count, () =>
      formatPlatformCodeRange(prefix, 1_000_000, count),
    ),
    time('formatPlatformCode (one call per code)', count, () => {
      let last = '';
      for (let k = 0; k < count; k++) last = formatPlatformCode({ ...prefix, serial: 1_000_000 + k });
      return last;
    }),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = Number(process.argv[2] ?? 1_000_000);
  for (const f of benchPlatformFormat(count)) {
    console.log(
      `${f.name.padEnd(45)} ${String(f.count).padStart(9)} codes  ${String(f.ms).padStart(8)} ms  ${f.codesPerSecond.toLocaleString('en')} codes/s`,
    );
  }
}
