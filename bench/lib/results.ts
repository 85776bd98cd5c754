/** Benchmark figures: what every suite reports, how they are printed and saved to bench/results.json. */
import { writeFileSync } from 'node:fs';

/** One figure, with its ratio to a raw limit measured in the same run where it has one. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  ratio?: { to: string; value: number };
}

/** What suites share: the figures so far (raw limits first) and a way to add one. */
export class BenchContext {
  readonly results: BenchResult[] = [];
  /** Short runs for CI smoke checks (BENCH_QUICK=1). */
  readonly quick: boolean;

  constructor(quick: boolean) {
    this.quick = quick;
  }

  /** Records a figure; with `ratioTo`, divides it by that earlier figure's value. */
  record(name: string, value: number, unit: string, ratioTo?: string): BenchResult {
    const result: BenchResult = { name, value: round(value), unit };
    if (ratioTo) {
      const base = this.get(ratioTo);
      if (base && base.value > 0) result.ratio = { to: ratioTo, value: round(value / base.value, 4) };
    }
    this.results.push(result);
    process.stdout.write(
      `  ${name}: ${result.value} ${unit}${result.ratio ? `  (×${result.ratio.value} of ${ratioTo})` : ''}\n`,
    );
    return result;
  }

  /** A figure recorded earlier in this run. */
  get(name: string): BenchResult | undefined {
    return this.results.find((r) => r.name === name);
  }
}

function round(v: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Prints the table and writes bench/results.json. */
export function saveResults(ctx: BenchContext, file: string): void {
  writeFileSync(file, `${JSON.stringify(ctx.results, null, 2)}\n`);
  const rows = ctx.results.map((r) => [
    r.name,
    String(r.value),
    r.unit,
    r.ratio ? `${r.ratio.value} × ${r.ratio.to}` : '',
  ]);
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...rows.map((r) => r[i]!.length), ['figure', 'value', 'unit', 'ratio'][i]!.length),
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  process.stdout.write(
    `\n${line(['figure', 'value', 'unit', 'ratio'])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`,
  );
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
  process.stdout.write(`\nwritten to ${file}\n`);
}

/** Percentile of sorted numbers. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
