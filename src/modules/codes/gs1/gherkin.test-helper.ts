/**
 * Test helper: reads Gherkin `.feature` files (the Solidsoft GS1 Digital Link library's test vectors)
 * into scenarios with their steps, step data tables and `Examples:` rows. Only what those files use.
 */
import { readFileSync } from 'node:fs';

/** One scenario (or outline) with its steps, the data tables under steps, and its example rows. */
export interface Scenario {
  title: string;
  outline: boolean;
  steps: string[];
  /** Data tables that follow a step, keyed by the index of that step. */
  tables: Map<number, Record<string, string>[]>;
  examples: Record<string, string>[];
}

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/** Parses a feature file into its scenarios. */
export function readFeature(path: string): Scenario[] {
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const scenarios: Scenario[] = [];
  let current: Scenario | null = null;
  let header: string[] | null = null;
  let target: Record<string, string>[] | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    const sc = /^Scenario( Outline)?:\s*(.*)$/.exec(line);
    if (sc) {
      current = { title: sc[2] ?? '', outline: Boolean(sc[1]), steps: [], tables: new Map(), examples: [] };
      scenarios.push(current);
      header = null;
      target = null;
      continue;
    }
    if (!current) continue;
    if (line.startsWith('Examples:')) {
      target = current.examples;
      header = null;
      continue;
    }
    if (line.startsWith('|')) {
      if (!target) {
        target = [];
        current.tables.set(current.steps.length - 1, target);
      }
      if (!header) header = cells(line);
      else {
        const row = cells(line);
        target.push(Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])));
      }
      continue;
    }
    if (/^(Given|When|Then|And|But)\b/.test(line)) {
      current.steps.push(line);
      header = null;
      target = null;
    }
  }
  return scenarios;
}

/** Replaces `<name>` placeholders of an outline step with the row's values. */
export function fill(step: string, row: Record<string, string>): string {
  return step.replace(/<([A-Za-z0-9]+)>/g, (m, name: string) => row[name] ?? m);
}

/** The first double-quoted argument of a step. */
export function quoted(step: string): string {
  return /"(.*)"/.exec(step)?.[1] ?? '';
}

/** Replaces the feature files' `<GS>` / `<gs>` notation with the GS character. */
export function withGs(text: string): string {
  return text.replace(/<gs>/gi, '\x1d');
}
