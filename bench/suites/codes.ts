/**
 * Codes: `parse` speed per input kind as a ratio to `JSON.parse` of a JSON string of the same length (recorded
 * first, in the same run), and issuing 1 000 000 codes to a file (allocation in the embedded store + streamed
 * export), as a ratio to the bare bulk formatter writing the same codes to memory.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from '../../src/config/index.js';
import { migrateUp, openDatabase } from '../../src/db/index.js';
import { createOrganisation, scopeFor } from '../../src/modules/access/index.js';
import { benchParse } from '../../src/modules/codes/codes.bench.js';
import { makeUscc, writePlatformCodeLines } from '../../src/modules/codes/index.js';
import { createExportStream, type ExportFormat, issueCodes } from '../../src/modules/codes-issuance/index.js';
import { createProduct } from '../../src/modules/masterdata/index.js';
import type { BenchContext } from '../lib/results.js';

const SLUG: Record<string, string> = {
  'GTIN element string': 'gtin-element-string',
  'GS1 Digital Link': 'digital-link',
  'USCC (统一社会信用代码)': 'uscc',
};

/** A valid USCC of an enterprise in 遂川县 (some organisation bodies have no valid check character: skip them). */
function benchUscc(): string {
  for (let n = 350_000; ; n++) {
    try {
      return makeUscc({ authority: '9', entityType: '1', division: '360827', orgBody: `MA${n}` });
    } catch {
      // try the next body
    }
  }
}

/** Issues `count` codes of one product into a fresh SQLite store and streams them to a file; codes/s. */
async function issueToFile(
  count: number,
  format: ExportFormat,
  gtin: string | null,
): Promise<{ rate: number; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'zhuisu-bench-codes-'));
  const config = loadConfig({ dataDir: dir, logLevel: 'silent', baseUrl: 'https://zs.example.cn' }, {});
  const database = await openDatabase(config);
  try {
    await migrateUp(database);
    const org = await createOrganisation(database.db, database.dialect, {
      kind: 'enterprise',
      name: '遂川狗牯脑茶叶合作社',
      uscc: benchUscc(),
      divisionCode: '360827',
    });
    const scope = scopeFor(
      {
        via: 'key',
        userId: null,
        keyId: null,
        username: null,
        role: 'manager',
        org: {
          id: org.id,
          kind: 'enterprise',
          name: org.name,
          uscc: org.uscc,
          divisionCode: '360827',
          categories: [],
        },
      },
      () => [],
    );
    const product = await createProduct(database.db, scope, {
      name: '遂川狗牯脑茶',
      category: 'AGRI',
      ...(gtin ? { gtin } : {}),
    });
    const start = performance.now();
    const issued = await issueCodes(
      database.db,
      database.dialect,
      scope,
      { productId: product.id, count },
      { issuer: { userId: null, keyId: null, via: 'cli' } },
    );
    await pipeline(
      createExportStream(issued, format, { baseUrl: config.baseUrl }),
      createWriteStream(join(dir, `codes.${format}`)),
    );
    const seconds = (performance.now() - start) / 1000;
    return { rate: count / seconds, seconds };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the codes figures. */
export async function run(ctx: BenchContext): Promise<void> {
  for (const f of benchParse(ctx.quick ? 50_000 : 300_000)) {
    const slug = SLUG[f.name] ?? f.name;
    const baseline = `codes.json-parse.same-length.${slug}`;
    ctx.record(baseline, f.jsonParsesPerSecond, 'parses/s');
    ctx.record(`codes.parse.${slug}`, f.parsesPerSecond, 'parses/s', baseline);
  }

  const count = 1_000_000;
  const start = performance.now();
  writePlatformCodeLines({ category: 'edible-agricultural', level: 'unit', org: 1 }, 1, count);
  ctx.record('codes.platform.write-lines', count / ((performance.now() - start) / 1000), 'codes/s');

  const runs: [string, ExportFormat, string | null][] = [
    ['codes.issue-1m.platform.txt', 'txt', null],
    ['codes.issue-1m.platform.csv', 'csv', null],
    ['codes.issue-1m.gs1-sgtin.csv', 'csv', '6901234567892'],
  ];
  if (!ctx.quick) runs.push(['codes.issue-1m.platform.xlsx', 'xlsx', null]);
  for (const [name, format, gtin] of runs) {
    const r = await issueToFile(count, format, gtin);
    ctx.record(name, r.rate, 'codes/s', 'codes.platform.write-lines');
    ctx.record(`${name}.seconds`, r.seconds, 's');
  }
}
