import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../lib/errors.js';
import { CT_ROOTS } from './ct-test-vectors.js';
import {
  generateLedgerKey,
  keyIdOf,
  loadSigner,
  loadVerifier,
  signTreeHead,
  verifyTreeHead,
} from './signer.js';
import { type SignedTreeHead, TREE_HEAD_SIGNING_INPUT_LENGTH, treeHeadSigningInput } from './tree-head.js';

const HEAD = { treeSize: 8, rootHash: CT_ROOTS[8]!, timestamp: 1_732_900_000_123 };

/** Runs `fn` and returns the AppError code it threw (fails the test when it does not throw one). */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  throw new Error('expected an AppError');
}

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

describe('the signed bytes (RFC 9162 §4.10 TreeHeadDataV2)', () => {
  it('are timestamp, tree size, length-prefixed root and an empty extension list, big-endian', () => {
    const bytes = treeHeadSigningInput({ treeSize: 0x0102, rootHash: CT_ROOTS[8]!, timestamp: 0x0a0b0c });
    expect(bytes.length).toBe(TREE_HEAD_SIGNING_INPUT_LENGTH);
    expect(TREE_HEAD_SIGNING_INPUT_LENGTH).toBe(51);
    expect(Buffer.from(bytes).toString('hex')).toBe(
      `00000000000a0b0c` + `0000000000000102` + `20${CT_ROOTS[8]}` + `0000`,
    );
  });

  it('refuses a root that is not 64 lower-case hex characters', () => {
    expect(() => treeHeadSigningInput({ ...HEAD, rootHash: 'AB' })).toThrow(/rootHash/);
    expect(() => treeHeadSigningInput({ ...HEAD, timestamp: -1 })).toThrow(/timestamp/);
  });
});

describe.each(['ed25519', 'sm2-sm3'] as const)('tree heads signed with %s', (algorithm) => {
  const pair = generateLedgerKey(algorithm);
  const signer = loadSigner(pair.privateKeyPem);
  const verifier = loadVerifier(pair.publicKeyPem);
  const head = signTreeHead(signer, HEAD);

  it('verify with the public key, which round-trips through PEM with the same key id', () => {
    expect(head).toMatchObject({ ...HEAD, algorithm, keyId: pair.keyId });
    expect(signer.keyId).toBe(pair.keyId);
    expect(verifier.keyId).toBe(pair.keyId);
    expect(pair.keyId).toBe(
      keyIdOf(createPublicKey(pair.publicKeyPem).export({ type: 'spki', format: 'der' })),
    );
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(verifyTreeHead(JSON.parse(JSON.stringify(head)), verifier)).toEqual(head);
    // A second load of the same PEM signs heads the first verifies (the key was kept faithfully).
    expect(verifyTreeHead(signTreeHead(loadSigner(pair.privateKeyPem), HEAD), [verifier])).toBeTruthy();
  });

  it('refuses a head signed by another key with LEDGER_BAD_SIGNATURE', () => {
    const other = loadSigner(generateLedgerKey(algorithm).privateKeyPem);
    const foreign = signTreeHead(other, HEAD);
    expect(codeOf(() => verifyTreeHead(foreign, verifier))).toBe('LEDGER_BAD_SIGNATURE');
    // The forger also claims our key id: the signature itself must then fail.
    const disguised = { ...foreign, keyId: pair.keyId };
    expect(codeOf(() => verifyTreeHead(disguised, verifier))).toBe('LEDGER_BAD_SIGNATURE');
    expect(() => verifyTreeHead(foreign, verifier)).toThrow(/not a trusted ledger key/);
  });

  it('refuses a head whose size, root or timestamp was changed after signing', () => {
    const tampered: SignedTreeHead[] = [
      { ...head, treeSize: head.treeSize + 1 },
      { ...head, rootHash: CT_ROOTS[7]! },
      { ...head, timestamp: head.timestamp + 1 },
    ];
    for (const t of tampered) expect(codeOf(() => verifyTreeHead(t, verifier))).toBe('LEDGER_BAD_SIGNATURE');
    const sig = Buffer.from(head.signature, 'base64');
    sig[sig.length - 1]! ^= 1;
    expect(codeOf(() => verifyTreeHead({ ...head, signature: sig.toString('base64') }, verifier))).toBe(
      'LEDGER_BAD_SIGNATURE',
    );
    expect(codeOf(() => verifyTreeHead({ ...head, signature: 'AAAA' }, verifier))).toBe(
      'LEDGER_BAD_SIGNATURE',
    );
  });
});

describe('malformed heads and keys', () => {
  const pair = generateLedgerKey();
  const verifier = loadVerifier(pair.publicKeyPem);
  const head = signTreeHead(loadSigner(pair.privateKeyPem), HEAD);

  it('refuses a malformed head with LEDGER_MALFORMED_HEAD naming the member', () => {
    const cases: [unknown, string][] = [
      [null, ''],
      [[head], ''],
      [{ ...head, treeSize: -1 }, '/treeSize'],
      [{ ...head, treeSize: '8' }, '/treeSize'],
      [{ ...head, timestamp: 1.5 }, '/timestamp'],
      [{ ...head, rootHash: CT_ROOTS[8]!.toUpperCase() }, '/rootHash'],
      [{ ...head, algorithm: 'rsa' }, '/algorithm'],
      [{ ...head, keyId: 'abc' }, '/keyId'],
      [{ ...head, signature: 'not base64!' }, '/signature'],
      [{ ...head, extra: 1 }, '/extra'],
    ];
    for (const [value, path] of cases) {
      try {
        verifyTreeHead(value, verifier);
        expect.unreachable(`accepted ${JSON.stringify(value)}`);
      } catch (e) {
        expect(isAppError(e) && e.code).toBe('LEDGER_MALFORMED_HEAD');
        if (isAppError(e)) expect(e.errors[0]?.path).toBe(path);
      }
    }
  });

  it('refuses a head that claims the wrong algorithm for the key', () => {
    expect(() => verifyTreeHead({ ...head, algorithm: 'sm2-sm3' }, verifier)).toThrow(
      /claims algorithm sm2-sm3/,
    );
  });

  it('refuses keys of other algorithms and unreadable keys with LEDGER_BAD_KEY', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(codeOf(() => loadVerifier(p256.publicKey.export({ type: 'spki', format: 'pem' })))).toBe(
      'LEDGER_BAD_KEY',
    );
    expect(codeOf(() => loadSigner(p256.privateKey.export({ type: 'pkcs8', format: 'pem' })))).toBe(
      'LEDGER_BAD_KEY',
    );
    expect(codeOf(() => loadSigner('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'))).toBe(
      'LEDGER_BAD_KEY',
    );
    expect(codeOf(() => generateLedgerKey('rsa' as 'ed25519'))).toBe('LEDGER_BAD_KEY');
  });
});

describe.skipIf(!hasOpenssl)('SM2 interoperability with the OpenSSL command line', () => {
  it('our SM2 signatures verify with openssl, and openssl SM2 signatures verify with us', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhuisu-sm2-'));
    try {
      const pair = generateLedgerKey('sm2-sm3');
      const message = treeHeadSigningInput(HEAD);
      writeFileSync(join(dir, 'key.pem'), pair.privateKeyPem);
      writeFileSync(join(dir, 'pub.pem'), pair.publicKeyPem);
      writeFileSync(join(dir, 'msg'), message);
      writeFileSync(join(dir, 'ours.sig'), loadSigner(pair.privateKeyPem).sign(message));
      const common = [
        '-rawin',
        '-digest',
        'sm3',
        '-pkeyopt',
        'distid:1234567812345678',
        '-in',
        join(dir, 'msg'),
      ];
      const out = execFileSync(
        'openssl',
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          join(dir, 'pub.pem'),
          '-sigfile',
          join(dir, 'ours.sig'),
          ...common,
        ],
        { stdio: 'pipe' },
      ).toString();
      expect(out).toMatch(/Signature Verified Successfully/);
      execFileSync(
        'openssl',
        ['pkeyutl', '-sign', '-inkey', join(dir, 'key.pem'), '-out', join(dir, 'theirs.sig'), ...common],
        {
          stdio: 'pipe',
        },
      );
      const theirs = readFileSync(join(dir, 'theirs.sig'));
      const verifier = loadVerifier(pair.publicKeyPem);
      expect(verifier.verify(message, theirs)).toBe(true);
      expect(verifier.verify(Buffer.concat([message, Buffer.from([0])]), theirs)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
