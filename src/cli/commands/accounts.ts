/** `zhuisu orgs|users|keys …`: manage organisations, users and API keys from the shell. */
import type { Command } from 'commander';
import type { OrgKind, Role } from '../../modules/access/index.js';
import { type DataOptions, output, parseDateFlag, UsageError, withDatabase } from '../context.js';

// NOTE: the access module (and the codes module behind it) loads only when a command runs, so `--help` is instant.
const access = () => import('../../modules/access/index.js');

const KINDS = ['enterprise', 'department', 'county', 'platform', 'admin'];
const ROLES = ['admin', 'manager', 'member', 'viewer'];

/** Registers `orgs`, `users` and `keys`. */
export function registerAccounts(program: Command): void {
  const orgs = program
    .command('orgs')
    .description('Organisations: enterprises, departments, counties, platforms.');
  orgs
    .command('add')
    .description('Create an organisation.')
    .requiredOption('--kind <kind>', `one of ${KINDS.join(', ')}`)
    .requiredOption('--name <name>', 'name (Chinese)')
    .option('--name-en <name>', 'English name')
    .option('--uscc <uscc>', '统一社会信用代码 (required for enterprises)')
    .option('--gln <gln>', 'party GLN (GS1 AI 417) by which events may name it')
    .option('--county <code>', 'GB/T 2260 division of the seat, or of a county government itself')
    .option(
      '--categories <list>',
      'departments: comma-separated categories (AGRI,FOOD,DRUG,INPUT,EQUIP,HAZMAT)',
    )
    .option('--strictness <s>', 'profile checks: reject (default) or warn')
    .option('--data <dir>', 'data directory of the embedded store')
    .option('--json', 'print JSON')
    .action(async (opts: DataOptions & Record<string, string | boolean | undefined>) => {
      if (!KINDS.includes(String(opts.kind)))
        throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(opts.kind)}.`);
      if (opts.strictness !== undefined && !['reject', 'warn'].includes(String(opts.strictness))) {
        throw new UsageError(`--strictness must be reject or warn, got ${JSON.stringify(opts.strictness)}.`);
      }
      await withDatabase(opts, async (database) => {
        const a = await access();
        const org = await a.createOrganisation(database.db, database.dialect, {
          kind: opts.kind as OrgKind,
          name: String(opts.name),
          nameEn: (opts.nameEn as string | undefined) ?? null,
          uscc: (opts.uscc as string | undefined) ?? null,
          gln: (opts.gln as string | undefined) ?? null,
          divisionCode: (opts.county as string | undefined) ?? null,
          categories: opts.categories
            ? String(opts.categories)
                .split(',')
                .map((s) => s.trim().toUpperCase())
                .filter(Boolean)
            : [],
          ...(opts.strictness ? { strictness: opts.strictness as 'reject' | 'warn' } : {}),
        });
        await a.audit(database.db, database.dialect, null, null, {
          action: 'org.create',
          targetType: 'organisation',
          targetId: org.id,
          targetOrgId: org.id,
          detail: { via: 'cli', kind: org.kind },
        });
        output(Boolean(opts.json), org, () => `created organisation ${org.id}: ${org.name} (${org.kind})`);
      });
    });
  orgs
    .command('list')
    .description('List organisations.')
    .option('--kind <kind>', 'only this kind')
    .option('--data <dir>', 'data directory of the embedded store')
    .option('--json', 'print JSON')
    .action(async (opts: DataOptions & { kind?: string; json?: boolean }) => {
      await withDatabase(opts, async (database) => {
        const a = await access();
        const list = await a.listOrganisations(database.db, database.dialect, {
          ...(opts.kind ? { kind: opts.kind as OrgKind } : {}),
          limit: 10_000,
        });
        output(opts.json, list, () =>
          list
            .map(
              (o) =>
                `${String(o.id).padStart(5)}  ${o.kind.padEnd(10)}  ${o.uscc ?? '-'.padEnd(18)}  ${o.name}`,
            )
            .join('\n'),
        );
      });
    });

  const users = program.command('users').description('Users who log in to the web app.');
  users
    .command('add')
    .description('Create a user; prints a one-time password unless --password-stdin is given.')
    .requiredOption('--org <id|USCC>', 'organisation id or USCC')
    .requiredOption('--username <u>', 'login name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--display-name <name>', 'name shown in the app')
    .option('--password-stdin', 'read the password from standard input')
    .option('--data <dir>', 'data directory of the embedded store')
    .option('--json', 'print JSON')
    .action(async (opts: DataOptions & Record<string, string | boolean | undefined>) => {
      if (!ROLES.includes(String(opts.role)))
        throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(opts.role)}.`);
      let password: string | undefined;
      if (opts.passwordStdin) {
        const chunks: Buffer[] = [];
        for await (const c of process.stdin) chunks.push(c as Buffer);
        password = Buffer.concat(chunks)
          .toString('utf8')
          .replace(/\r?\n$/, '');
      }
      await withDatabase(opts, async (database) => {
        const a = await access();
        const org = await a.findOrganisation(database.db, database.dialect, String(opts.org));
        const { user, oneTimePassword } = await a.createUser(database.db, {
          orgId: org.id,
          orgKind: org.kind,
          username: String(opts.username),
          role: opts.role as Role,
          displayName: (opts.displayName as string | undefined) ?? null,
          ...(password !== undefined ? { password } : {}),
        });
        await a.audit(database.db, database.dialect, null, null, {
          action: 'user.create',
          targetType: 'user',
          targetId: user.id,
          targetOrgId: org.id,
          detail: { via: 'cli', role: user.role },
        });
        output(
          Boolean(opts.json),
          { id: user.id, username: user.username, orgId: org.id, role: user.role, oneTimePassword },
          () =>
            `created user ${user.username} (${user.role}) in ${org.name}${oneTimePassword ? `\none-time password: ${oneTimePassword}` : ''}`,
        );
      });
    });

  const keys = program.command('keys').description('API keys of an organisation for other systems.');
  keys
    .command('create')
    .description('Create an API key; the key is printed once and only its hash is stored.')
    .requiredOption('--org <id|USCC>', 'organisation id or USCC')
    .option('--name <n>', 'what the key is for')
    .option('--expires <date>', 'expiry date (YYYY-MM-DD or ISO 8601)')
    .option('--data <dir>', 'data directory of the embedded store')
    .option('--json', 'print JSON')
    .action(async (opts: DataOptions & { org: string; name?: string; expires?: string; json?: boolean }) => {
      const expiresAt = opts.expires ? parseDateFlag('--expires', opts.expires) : null;
      await withDatabase(opts, async (database) => {
        const a = await access();
        const org = await a.findOrganisation(database.db, database.dialect, opts.org);
        const { key, apiKey } = await a.createApiKey(database.db, {
          orgId: org.id,
          ...(opts.name ? { name: opts.name } : {}),
          expiresAt,
        });
        await a.audit(database.db, database.dialect, null, null, {
          action: 'key.create',
          targetType: 'api_key',
          targetId: apiKey.id,
          targetOrgId: org.id,
          detail: { via: 'cli' },
        });
        output(
          opts.json,
          { key, id: apiKey.id, orgId: org.id, expiresAt: apiKey.expiresAt },
          () => `created key ${apiKey.id} for ${org.name}:\n${key}\n(store it now: it is not shown again)`,
        );
      });
    });
  keys
    .command('list')
    .description("List an organisation's keys (never the keys themselves).")
    .requiredOption('--org <id|USCC>', 'organisation id or USCC')
    .option('--data <dir>', 'data directory of the embedded store')
    .option('--json', 'print JSON')
    .action(async (opts: DataOptions & { org: string; json?: boolean }) => {
      await withDatabase(opts, async (database) => {
        const a = await access();
        const org = await a.findOrganisation(database.db, database.dialect, opts.org);
        const list = await a.listApiKeys(database.db, org.id);
        output(opts.json, list, () =>
          list
            .map(
              (k) =>
                `${String(k.id).padStart(5)}  ${k.prefix}…  ${k.revokedAt ? 'revoked' : k.expiresAt ? `expires ${k.expiresAt}` : 'active'}  ${k.name}`,
            )
            .join('\n'),
        );
      });
    });
  keys
    .command('revoke')
    .description('Revoke an API key by id.')
    .argument('<id>', 'key id')
    .option('--data <dir>', 'data directory of the embedded store')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: DataOptions & { json?: boolean }) => {
      if (!/^\d+$/.test(id)) throw new UsageError(`key id must be a number, got ${JSON.stringify(id)}.`);
      await withDatabase(opts, async (database) => {
        const a = await access();
        const key = await a.revokeApiKey(database.db, Number(id), null);
        await a.audit(database.db, database.dialect, null, null, {
          action: 'key.revoke',
          targetType: 'api_key',
          targetId: key.id,
          targetOrgId: key.orgId,
          detail: { via: 'cli' },
        });
        output(opts.json, key, () => `revoked key ${key.id} (${key.prefix}…)`);
      });
    });
}
