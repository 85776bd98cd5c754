/** `zhuisu hash` and `zhuisu import`: EPCIS documents from files. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Command } from 'commander';
import { type DataOptions, output, UsageError, withDatabase } from '../context.js';
import { progress } from '../progress.js';

const epcis = () => import('../../modules/epcis/index.js');
const DOC_EXT = new Set(['.json', '.jsonld', '.xml']);

/** Reads a JSON-LD or XML document by its first character (not its name: files are often misnamed). */
async function readDocument(path: string, options: { strictOrder?: boolean } = {}) {
  const { readJsonDocument, readXmlDocument } = await epcis();
  const bytes = readFileSync(path);
  const first = bytes
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()[0];
  return first === '<' ? readXmlDocument(bytes, options) : readJsonDocument(bytes);
}

function documentsIn(path: string): string[] {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    throw new UsageError(`${path} does not exist.`);
  }
  if (!st.isDirectory()) return [path];
  return (readdirSync(path, { recursive: true }) as string[])
    .filter((f) => DOC_EXT.has(extname(f).toLowerCase()))
    .sort()
    .map((f) => join(path, f))
    .filter((f) => statSync(f).isFile());
}

/** Registers `hash` and `import`. */
export function registerEpcis(program: Command): void {
  program
    .command('hash')
    .description(
      'Print the CBV 2.0 event hash of every event in a JSON-LD or XML EPCIS document, in document order.',
    )
    .argument('<file>', 'EPCIS document or single event (JSON-LD or XML)')
    .option('--json', 'print {"hashes": [...]}')
    .option('--prehash', 'also print the canonical pre-hash strings (CBV 2.0 §8.9)')
    .action(async (file: string, opts: { json?: boolean; prehash?: boolean }) => {
      documentsIn(file);
      const { documentHashes, documentPreHashes } = await epcis();
      // Hashing is about content, not XSD element order (CBV 2.0 §8.9 sorts fields itself).
      const input = await readDocument(file, { strictOrder: false });
      const hashes = documentHashes(input);
      const value: Record<string, string[]> = { hashes };
      if (opts.prehash) value.prehashes = documentPreHashes(input);
      output(opts.json, value, () =>
        opts.prehash ? hashes.map((h, i) => `${h}\n${value.prehashes![i]}\n`).join('\n') : hashes.join('\n'),
      );
    });

  program
    .command('import')
    .description(
      'Capture EPCIS documents (JSON-LD or XML; a file or every document under a folder) through the capture pipeline.',
    )
    .argument('<path>', 'file or folder')
    .requiredOption('--org <id|USCC>', 'the recording organisation')
    .option('--data <dir>', 'data directory of the embedded store')
    .option('--json', 'print the summary as JSON')
    .action(async (path: string, opts: DataOptions & { org: string; json?: boolean }) => {
      const files = documentsIn(path);
      if (files.length === 0) throw new UsageError(`${path} holds no .json, .jsonld or .xml documents.`);
      await withDatabase(opts, async (database, config) => {
        const { findOrganisation } = await import('../../modules/access/index.js');
        const { captureEvents } = await import('../../modules/events/index.js');
        const { captureHooks } = await import('../../pipeline.js');
        const org = await findOrganisation(database.db, database.dialect, opts.org);
        const hooks = captureHooks(database, config);
        const bar = progress(files.length, 'import');
        const accepted: { file: string; events: number; stored: number; duplicates: number }[] = [];
        const rejected: { file: string; code: string; message: string; path?: string }[] = [];
        for (const file of files) {
          try {
            const outcome = await captureEvents(database, { orgId: org.id, hooks }, await readDocument(file));
            accepted.push({
              file,
              events: outcome.eventCount,
              stored: outcome.stored,
              duplicates: outcome.duplicates,
            });
          } catch (e) {
            const err = e as { code?: string; message?: string; path?: string; errors?: { path?: string }[] };
            if (!err.code || err.code === 'INTERNAL') throw e;
            const where = err.path ?? err.errors?.[0]?.path;
            rejected.push({
              file,
              code: err.code,
              message: err.message ?? String(e),
              ...(where ? { path: where } : {}),
            });
          }
          bar.tick(file);
        }
        const events = accepted.reduce((n, a) => n + a.stored, 0);
        bar.done(`${accepted.length} accepted (${events} events stored), ${rejected.length} rejected`);
        output(opts.json, { accepted, rejected }, () =>
          rejected.map((r) => `rejected ${r.file}: ${r.path ?? ''} ${r.message} [${r.code}]`).join('\n'),
        );
        if (rejected.length > 0) process.exitCode = 1;
      });
    });
}
