/**
 * Oracle test: the GS1 normative JSON schema (read from ../shared, compiled with ajv, tests only) must never
 * accept less than our validator — every document it rejects, we reject too: the published examples and
 * mutated copies of them (a required field dropped, a wrong type, a bad date, a bad enum value …).
 */
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filesUnder, readConformance } from './conformance.fixtures.js';
import { validateDocument } from './document.validator.js';

const ajv = new Ajv({ strict: false, allErrors: false });
addFormats.default(ajv);
const schemaValid = ajv.compile(JSON.parse(readConformance('epcis-schema/epcis-json-schema.json')));

const docs = filesUnder('epcis-examples/', /\.json(ld)?$/)
  .filter((f) => !/\/Queries\//.test(f))
  .map((f) => ({
    file: f,
    doc: JSON.parse(readConformance(`epcis-examples/${f}`)) as Record<string, unknown>,
  }));

type Json = unknown;
/** All JSON paths (as key lists) of a value, so mutations can target any field. */
function paths(v: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(v)) return [prefix, ...v.flatMap((x, i) => paths(x, [...prefix, i]))];
  if (v !== null && typeof v === 'object')
    return [prefix, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...prefix, k]))];
  return [prefix];
}

const MUTATIONS = [
  { name: 'drop', apply: (_: Json) => undefined },
  { name: 'wrong type (number)', apply: (_: Json) => 42 },
  { name: 'wrong type (object)', apply: (_: Json) => ({}) },
  { name: 'wrong type (array)', apply: (_: Json) => ['x'] },
  { name: 'bad date', apply: (_: Json) => '2024-13-45T25:61:00' },
  { name: 'date without offset', apply: (_: Json) => '2024-05-01T08:00:00' },
  { name: 'not a uri', apply: (_: Json) => 'not a uri' },
  { name: 'bad enum', apply: (_: Json) => 'SHIPPED' },
  { name: 'empty string', apply: (_: Json) => '' },
  { name: 'empty array', apply: (_: Json) => [] },
  { name: 'null', apply: (_: Json) => null },
] as const;

function mutate(doc: Json, path: Array<string | number>, m: (typeof MUTATIONS)[number]): Json {
  const copy = structuredClone(doc);
  if (path.length === 0) return m.apply(copy);
  let parent = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  const value = m.apply(parent[last]);
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

describe('the official JSON schema as oracle', () => {
  it('every published example the schema rejects is rejected by validateDocument', () => {
    for (const { file, doc } of docs) {
      if (!schemaValid(doc)) expect(validateDocument(doc), file).not.toEqual([]);
    }
  });

  it('every mutated copy of an example the schema rejects is rejected too (property-based)', () => {
    const valid = docs.filter(({ doc }) => schemaValid(doc));
    expect(valid.length).toBeGreaterThan(40);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: valid.length - 1 }),
        fc.nat(),
        fc.integer({ min: 0, max: MUTATIONS.length - 1 }),
        (d, p, m) => {
          const { file, doc } = valid[d]!;
          const all = paths(doc);
          const path = all[p % all.length]!;
          const mutated = mutate(doc, path, MUTATIONS[m]!);
          if (schemaValid(mutated)) return true;
          const errors = validateDocument(mutated);
          if (errors.length === 0)
            throw new Error(
              `${file}: ${MUTATIONS[m]!.name} at /${path.join('/')} is rejected by the schema but accepted here`,
            );
          return true;
        },
      ),
      { numRuns: 3000, seed: 20241129 },
    );
  });

  it('every field of every example, dropped or retyped, is never accepted when the schema rejects it (exhaustive on one document)', () => {
    const { doc } = docs.find((d) => d.file.endsWith('ObjectEvent_all_possible_fields.json'))!;
    let rejectedBySchema = 0;
    for (const path of paths(doc)) {
      for (const m of MUTATIONS) {
        const mutated = mutate(doc, path, m);
        if (schemaValid(mutated)) continue;
        rejectedBySchema++;
        expect(validateDocument(mutated), `${m.name} at /${path.join('/')}`).not.toEqual([]);
      }
    }
    expect(rejectedBySchema).toBeGreaterThan(100);
  });
});
