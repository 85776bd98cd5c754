/** `zhuisu ledger verify|head`: re-check the tamper-evident log from the stored events; print the current head. */
import type { Command } from 'commander';
import { AppError } from '../../lib/errors.js';
import { type DataOptions, output, withDatabase } from '../context.js';

// NOTE: the ledger and epcis modules load only when a command runs, so `--help` stays instant.
const ledger = () => import('../../modules/ledger/index.js');

/** Registers `ledger verify` and `ledger head`. */
export function registerLedger(program: Command): void {
  const cmd = program
    .command('ledger')
    .description('The tamper-evident log (RFC 9162 Merkle tree over captured events, signed tree heads).');

  cmd
    .command('verify')
    .description(
      'Recompute every leaf from the stored events, check every signed head; exit 1 naming the first bad leaf.',
    )
    .option('--data <dir>', 'data directory of the embedded store')
    .option('--json', 'print JSON')
    .action(async (opts: DataOptions & { json?: boolean }) => {
      await withDatabase(opts, async (database) => {
        const { verifyStoredLedger } = await ledger();
        const audit = await verifyStoredLedger(database);
        const { verification: _v, ...summary } = audit;
        output(opts.json, summary, () =>
          [
            `leaves: ${audit.leafCount}, heads: ${audit.headCount} (${audit.headsVerified} verified, up to size ${audit.verifiedSize})`,
            ...(audit.uncoveredLeaves > 0
              ? [`leaves not yet covered by a signed head: ${audit.uncoveredLeaves}`]
              : []),
            `keys: ${audit.keys.map((k) => `${k.keyId} (${k.algorithm})`).join(', ') || 'none'}`,
            audit.ok ? 'ok: the stored events reproduce every signed head' : 'TAMPERED:',
            ...audit.problems.map((p) => `  - ${p}`),
          ].join('\n'),
        );
        if (!audit.ok) {
          const where = audit.firstBadLeaf === null ? '' : `; the first bad leaf is ${audit.firstBadLeaf}`;
          throw new AppError('LEDGER_TAMPERED', `the log does not verify${where}`, {
            extra: { firstBadLeaf: audit.firstBadLeaf },
          });
        }
      });
    });

  cmd
    .command('head')
    .description('Print the current signed tree head and the public key that signed it.')
    .option('--data <dir>', 'data directory of the embedded store')
    .option('--json', 'print JSON')
    .action(async (opts: DataOptions & { json?: boolean }) => {
      await withDatabase(opts, async (database) => {
        const { currentHead } = await ledger();
        // Read-only: no signer, so a log without a head answers LEDGER_HEAD_NOT_FOUND instead of signing one.
        const { head, publicKey } = await currentHead(database);
        output(opts.json, { head, publicKey }, () =>
          [
            `tree size: ${head.treeSize}`,
            `root hash: ${head.rootHash}`,
            `timestamp: ${new Date(head.timestamp).toISOString()}`,
            `signed by: ${head.keyId} (${head.algorithm})`,
            `signature: ${head.signature}`,
            publicKey.publicKeyPem.trimEnd(),
          ].join('\n'),
        );
      });
    });
}
