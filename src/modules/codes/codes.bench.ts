/**
 * Speed of `parse`, for `npm run bench` (bench/ imports `benchParse`) or on its own:
 * `npx tsx src/modules/codes/codes.bench.ts [iterations]`. Not a test: it asserts nothing. Each figure
 * comes with `JSON.parse` of a JSON string literal of the same length, measured in the same run, as
 * the raw limit the issue asks the figures to be compared with (target: a Digital Link parse < 5 µs).
 */
import { pathToFileURL } from 'node:url';
import { withGs1CheckDigit } from './check/gs1.js';
import { computeUsccCheck } from './cn/index.js';
import { parse } from './parse.js';

/** One measured input kind: parses per second, µs per parse, and the JSON.parse baseline. */
export interface ParseFigure {
  name: string;
  sample: string;
  parsesPerSecond: number;
  microsPerParse: number;
  jsonParsesPerSecond: number;
  /** parsesPerSecond / jsonParsesPerSecond. */
  ratioToJsonParse: number;
}

function rate(inputs: readonly string[], iterations: number, run: (s: string) => unknown): number {
  let sink = 0;
  for (let i = 0; i < Math.min(iterations, 20_000); i++)
    sink ^= run(inputs[i % inputs.length] as string) ? 1 : 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink ^= run(inputs[i % inputs.length] as string) ? 1 : 0;
  const ns = Number(process.hrtime.bigint() - start);
  if (sink === 2) process.stdout.write(''); // keeps the loop from being optimised away
  return iterations / (ns / 1e9);
}

function figure(name: string, inputs: string[], iterations: number): ParseFigure {
  const p = rate(inputs, iterations, (s) => parse(s).valid);
  // A JSON string literal whose text has the same length as the input.
  const json = inputs.map((s) => JSON.stringify('x'.repeat(Math.max(0, s.length - 2))));
  const j = rate(json, iterations, (s) => JSON.parse(s));
  return {
    name,
    sample: inputs[0] as string,
    parsesPerSecond: Math.round(p),
    microsPerParse: Math.round((1e6 / p) * 100) / 100,
    jsonParsesPerSecond: Math.round(j),
    ratioToJsonParse: Math.round((p / j) * 1000) / 1000,
  };
}

/** Measures `parse` on GTIN element strings, Digital Links and USCCs (`iterations` parses each). */
export function benchParse(iterations = 200_000): ParseFigure[] {
  const gtins = Array.from({ length: 64 }, (_, i) => withGs1CheckDigit(`690123456${String(1000 + i)}`));
  const es = gtins.map((g, i) => `(01)${g}(17)291231(10)LOT${i}(21)SN${1000 + i}`);
  const dls = gtins.map((g, i) => `https://id.gs1.org/01/${g}/10/LOT${i}/21/SN${1000 + i}?17=291231`);
  const usccs = Array.from({ length: 64 }, (_, i) => {
    const body = `91360800MA${3_500_000 + i}`; // 吉安市 division 360800, 17 characters before the check
    return body + computeUsccCheck(body);
  });
  return [
    figure('GTIN element string', es, iterations),
    figure('GS1 Digital Link', dls, iterations),
    figure('USCC (统一社会信用代码)', usccs, iterations),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(benchParse(Number(process.argv[2]) || undefined));
}
