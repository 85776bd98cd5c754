/** `zhuisu codes parse|issue|label`: read any code, issue codes to a file, print label sheets. */
import type { Command } from 'commander';
import { AppError } from '../../lib/errors.js';
import type { Scope } from '../../modules/access/index.js';
import { configFrom, type DataOptions, output, UsageError, withDatabase } from '../context.js';

// NOTE: the codes, issuance and render modules (with bwip-js, pdfkit, exceljs) load only when a command runs, so
// `--help` stays instant.
const codes = () => import('../../modules/codes/index.js');
const issuance = () => import('../../modules/codes-issuance/index.js');
const access = () => import('../../modules/access/index.js');

const LEVELS = ['unit', 'batch', 'logistic-unit'];
const FORMATS = ['csv', 'txt', 'xlsx'] as const;
const SYMBOLOGIES = ['qr', 'gs1-datamatrix', 'gs1-128', 'ean13', 'datamatrix'];

/** The export format a file name asks for, from its extension. */
export function formatOfFile(file: string): (typeof FORMATS)[number] {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  const format = FORMATS.find((f) => f === ext);
  if (!format) {
    throw new UsageError(
      `--out must end in .csv, .txt or .xlsx (the format follows the extension), got ${JSON.stringify(file)}.`,
    );
  }
  return format;
}

function positiveInt(flag: string, value: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`${flag} must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}.`);
  }
  return Number(value);
}

/** The codes listed in a file: one per line (TXT), or the first column of a CSV with its header row skipped. */
export function codesInFile(text: string, file: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const csv = /\.csv$/i.test(file);
  const out: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.length === 0) continue;
    if (!csv) {
      out.push(line);
      continue;
    }
    // First field, unquoting an RFC 4180 quoted field.
    const m = /^"((?:[^"]|"")*)"|^([^,]*)/.exec(line);
    const field = m?.[1] !== undefined ? m[1].replace(/""/g, '"') : (m?.[2] ?? '');
    if (i === 0 && field.toLowerCase() === 'code') continue;
    out.push(field);
  }
  return out;
}

/** A scope acting for one organisation, as its own manager would (the operator at the shell owns the store). */
async function scopeOfOrg(
  org: Awaited<ReturnType<Awaited<ReturnType<typeof access>>['findOrganisation']>>,
): Promise<Scope> {
  const a = await access();
  return a.scopeFor(
    {
      via: 'key',
      userId: null,
      keyId: null,
      username: null,
      role: 'manager',
      org: {
        id: org.id,
        kind: org.kind,
        name: org.name,
        uscc: org.uscc,
        divisionCode: org.divisionCode,
        categories: org.categories,
      },
    },
    () => [],
  );
}

/** Registers `codes`. */
export function registerCodes(program: Command): void {
  const cmd = program.command('codes').description('Identifiers and codes: parse, issue, print labels.');

  cmd
    .command('parse')
    .description(
      'Parse any code (GS1, EPC URI, USCC, Chinese trace codes, platform codes). Exit 0 valid, 1 invalid.',
    )
    .argument('<code>', 'the code as scanned or typed (quote it in the shell)')
    .option('--json', 'print exactly the parse result as JSON')
    .option('--data <dir>', 'data directory (accepted for symmetry; parsing needs no store)')
    .action(async (code: string, opts: DataOptions & { json?: boolean }) => {
      const { parse } = await codes();
      const result = parse(code);
      output(opts.json, result, () =>
        [
          `${result.valid ? 'valid' : 'INVALID'} ${result.scheme}`,
          ...(result.canonical ? [`canonical: ${result.canonical}`] : []),
          ...Object.entries(result.fields).map(
            ([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
          ),
          ...result.errors.map(
            (e) => `error ${e.code}${e.position === undefined ? '' : ` at ${e.position}`}: ${e.message}`,
          ),
          ...(result.warnings ?? []).map((w) => `warning ${w.code}: ${w.message}`),
        ].join('\n'),
      );
      if (!result.valid) {
        throw new AppError(
          'CODES_INVALID',
          `${JSON.stringify(code)} is not a valid ${result.scheme === 'unknown' ? 'code' : result.scheme}.`,
        );
      }
    });

  cmd
    .command('issue')
    .description(
      'Issue codes for a product of an organisation and write them to a file (.csv, .txt or .xlsx).',
    )
    .requiredOption('--org <id|USCC>', 'organisation id or USCC')
    .requiredOption('--product <id>', 'product id (of that organisation)')
    .option('--batch <lot>', 'batch/lot the codes are for (for a GTIN product at batch level: the lot)')
    .option('--level <level>', `one of ${LEVELS.join(', ')}`, 'unit')
    .requiredOption('--count <n>', 'how many codes (1 to 1 000 000)')
    .requiredOption('--out <file>', 'file to write; the extension picks the format')
    .option('--urls', 'txt: one URL per line instead of one code')
    .option('--data <dir>', 'data directory of the embedded store')
    .option('--json', 'print the issuance as JSON')
    .action(
      async (
        opts: DataOptions & {
          org: string;
          product: string;
          batch?: string;
          level: string;
          count: string;
          out: string;
          urls?: boolean;
          json?: boolean;
        },
      ) => {
        const format = formatOfFile(opts.out);
        const count = positiveInt('--count', opts.count, 1_000_000);
        const productId = positiveInt('--product', opts.product, Number.MAX_SAFE_INTEGER);
        if (!LEVELS.includes(opts.level)) {
          throw new UsageError(
            `--level must be one of ${LEVELS.join(', ')}, got ${JSON.stringify(opts.level)}.`,
          );
        }
        await withDatabase(opts, async (database, config) => {
          const [a, i, fs, streams] = await Promise.all([
            access(),
            issuance(),
            import('node:fs'),
            import('node:stream/promises'),
          ]);
          const org = await a.findOrganisation(database.db, database.dialect, opts.org);
          const scope = await scopeOfOrg(org);
          const started = performance.now();
          const issued = await i.issueCodes(
            database.db,
            database.dialect,
            scope,
            {
              productId,
              count,
              level: opts.level as 'unit',
              ...(opts.batch ? { batch: opts.batch } : {}),
            },
            { issuer: { userId: null, keyId: null, via: 'cli' }, gcpLength: config.gcpLength },
          );
          await a.audit(database.db, database.dialect, null, null, {
            action: 'codes.issue',
            targetType: 'code_issuance',
            targetId: issued.id,
            targetOrgId: org.id,
            detail: { via: 'cli', productId, count, scheme: issued.scheme },
          });
          const tty = process.stderr.isTTY === true;
          const progress = (done: number, total: number) => {
            if (tty)
              process.stderr.write(
                `\rwriting ${opts.out}: ${done}/${total} (${Math.floor((done / total) * 100)}%)`,
              );
          };
          await streams.pipeline(
            i.createExportStream(issued, format, {
              baseUrl: config.baseUrl,
              ...(opts.urls ? { content: 'url' as const } : {}),
              onProgress: progress,
            }),
            fs.createWriteStream(opts.out),
          );
          if (tty) process.stderr.write('\n');
          const seconds = (performance.now() - started) / 1000;
          output(
            opts.json,
            issued,
            () =>
              `issued ${issued.count} ${issued.scheme} codes for ${issued.productName} (issuance ${issued.id}): ${issued.firstCode} … ${issued.lastCode}\nwrote ${opts.out} in ${seconds.toFixed(2)} s`,
          );
        });
      },
    );

  cmd
    .command('label')
    .description(
      'Print a PDF label sheet for the codes in a file (.txt: one per line; .csv: the first column).',
    )
    .requiredOption('--in <file>', 'file of codes')
    .option('--layout <layout>', 'a4-<cols>x<rows> or roll-<w>x<h> (mm)', 'a4-3x8')
    .requiredOption('--out <file>', 'PDF to write')
    .option('--product-name <name>', 'product name to print (else taken from the issuance log of the store)')
    .option('--batch <lot>', 'batch to print')
    .option('--date <date>', 'date to print')
    .option('--symbology <s>', `one of ${SYMBOLOGIES.join(', ')}`, 'qr')
    .option('--outline', 'draw cut lines round each label')
    .option('--data <dir>', 'data directory of the embedded store (for product names from the issuance log)')
    .action(
      async (
        opts: DataOptions & {
          in: string;
          layout: string;
          out: string;
          productName?: string;
          batch?: string;
          date?: string;
          symbology: string;
          outline?: boolean;
        },
      ) => {
        if (!SYMBOLOGIES.includes(opts.symbology)) {
          throw new UsageError(
            `--symbology must be one of ${SYMBOLOGIES.join(', ')}, got ${JSON.stringify(opts.symbology)}.`,
          );
        }
        const [fs, streams, i, render] = await Promise.all([
          import('node:fs'),
          import('node:stream/promises'),
          issuance(),
          import('../../modules/codes/render/index.js'),
        ]);
        let text: string;
        try {
          text = fs.readFileSync(opts.in, 'utf8');
        } catch (e) {
          throw new UsageError(`cannot read --in ${JSON.stringify(opts.in)}: ${(e as Error).message}`);
        }
        const list = codesInFile(text, opts.in);
        const symbology = opts.symbology as 'qr';
        const overrides = { productName: opts.productName, batch: opts.batch, date: opts.date };
        const make = async (
          db: Parameters<typeof i.labelsForCodes>[0],
          scope: Scope | null,
          baseUrl: string,
        ) => {
          const labels = await i.labelsForCodes(db, scope, list, baseUrl, symbology, overrides);
          await streams.pipeline(
            render.createLabelSheetStream({
              layout: opts.layout,
              labels,
              symbology,
              ...(opts.outline ? { outline: true } : {}),
            }),
            fs.createWriteStream(opts.out),
          );
          process.stdout.write(`wrote ${labels.length} labels to ${opts.out}\n`);
        };
        if (opts.productName) {
          await make(null, null, configFrom(opts).baseUrl);
          return;
        }
        // The operator sees the whole store: look codes up in every organisation's issuance log.
        await withDatabase(opts, async (database, config) => {
          const a = await access();
          const scope = a.scopeFor(
            {
              via: 'key',
              userId: null,
              keyId: null,
              username: null,
              role: 'admin',
              org: { id: 0, kind: 'admin', name: 'cli', uscc: null, divisionCode: null, categories: [] },
            },
            () => [],
          );
          await make(database.db, scope, config.baseUrl);
        });
      },
    );
}
