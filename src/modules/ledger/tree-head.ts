/**
 * Signed tree heads: what the log commits to, and the exact bytes that are signed.
 *
 * JSON form (what `GET /epcis/ledger/head` returns and what clients keep):
 *
 *   { "treeSize": 1234,                       // leaves in the tree, safe integer ≥ 0
 *     "rootHash": "5dc9…4328",                // MTH of those leaves, 64 lower-case hex characters
 *     "timestamp": 1732900000000,             // milliseconds since 1970-01-01T00:00:00Z, leap seconds ignored
 *     "algorithm": "ed25519" | "sm2-sm3",
 *     "keyId": "9f86…0f00",                   // SHA-256 of the signer's SubjectPublicKeyInfo DER, hex
 *     "signature": "base64…" }                // standard base64 with padding (RFC 4648 §4)
 *
 * Hashes are hex because people compare them by eye and paste them into URLs and the CLI; the signature is
 * base64 because nobody reads it and it is long.
 *
 * Signed bytes: the TreeHeadDataV2 structure of RFC 9162 §4.10 in the TLS presentation encoding
 * (RFC 8446 §3), so any CT v2 tooling can check our heads:
 *
 *   uint64 timestamp              8 bytes, big-endian
 *   uint64 tree_size              8 bytes, big-endian
 *   opaque NodeHash<32..2^8-1>    1 length byte (0x20) + the 32-byte root hash
 *   Extension sth_extensions<0..2^16-1>   2 length bytes, 0x0000: we define no extensions
 *
 * 51 bytes in all. The algorithm and the key id are not signed: the key itself fixes the algorithm, and a
 * head presented with another key's id fails verification against the trusted key.
 */
import type { ProblemItem } from '../../lib/errors.js';
import { HASH_SIZE, type Hash, hashFromHex, toHex } from './merkle.js';

/** Signature algorithms the log can sign heads with (see signer.ts). */
export const SIGNATURE_ALGORITHMS = ['ed25519', 'sm2-sm3'] as const;
/** `ed25519` (RFC 8032, the default) or `sm2-sm3` (GB/T 32918.2 with SM3, for 国密 deployments). */
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

/** The unsigned part of a head: what the signature covers. */
export interface TreeHead {
  readonly treeSize: number;
  /** MTH of the first `treeSize` leaves, lower-case hex. */
  readonly rootHash: string;
  /** Milliseconds since the Unix epoch, leap seconds ignored (RFC 9162 §4.10 uses this unit). */
  readonly timestamp: number;
}

/** A tree head with its signature. */
export interface SignedTreeHead extends TreeHead {
  readonly algorithm: SignatureAlgorithm;
  /** SHA-256 of the signing key's SubjectPublicKeyInfo DER, lower-case hex. */
  readonly keyId: string;
  /** The signature over `treeHeadSigningInput(head)`, base64 (Ed25519: 64 raw bytes; SM2: DER r,s). */
  readonly signature: string;
}

/** Length of the signed TreeHeadDataV2 bytes. */
export const TREE_HEAD_SIGNING_INPUT_LENGTH = 8 + 8 + 1 + HASH_SIZE + 2;

/** The bytes a head's signature covers: RFC 9162 §4.10 TreeHeadDataV2, TLS-encoded (see above). */
export function treeHeadSigningInput(head: TreeHead): Uint8Array {
  const root = hashFromHex(head.rootHash);
  if (root === null)
    throw new RangeError(`rootHash must be 64 lower-case hex characters, got ${head.rootHash}`);
  if (!Number.isSafeInteger(head.timestamp) || head.timestamp < 0) {
    throw new RangeError(`timestamp must be milliseconds since the epoch, got ${head.timestamp}`);
  }
  if (!Number.isSafeInteger(head.treeSize) || head.treeSize < 0) {
    throw new RangeError(`treeSize must be a whole number ≥ 0, got ${head.treeSize}`);
  }
  const out = new Uint8Array(TREE_HEAD_SIGNING_INPUT_LENGTH);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.timestamp));
  view.setBigUint64(8, BigInt(head.treeSize));
  out[16] = HASH_SIZE;
  out.set(root, 17);
  view.setUint16(17 + HASH_SIZE, 0); // sth_extensions: empty vector
  return out;
}

/** Builds the unsigned head for a root computed by the accumulator. */
export function makeTreeHead(treeSize: number, rootHash: Hash, timestamp: number): TreeHead {
  return { treeSize, rootHash: toHex(rootHash), timestamp };
}

const KEY_ID = /^[0-9a-f]{64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MEMBERS = ['treeSize', 'rootHash', 'timestamp', 'algorithm', 'keyId', 'signature'];

/** Result of reading a head from untrusted JSON. */
export type ParseHeadResult = { ok: true; head: SignedTreeHead } | { ok: false; errors: ProblemItem[] };

/**
 * Reads a signed tree head from untrusted JSON, checking its shape only (not its signature: that is
 * `verifyTreeHead`). Every problem is reported with its member path.
 */
export function parseSignedTreeHead(value: unknown): ParseHeadResult {
  const errors: ProblemItem[] = [];
  const problem = (path: string, message: string) =>
    errors.push({ code: 'LEDGER_MALFORMED_HEAD', path: `/${path}`, message });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      errors: [{ code: 'LEDGER_MALFORMED_HEAD', path: '', message: 'a head is a JSON object' }],
    };
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!MEMBERS.includes(key)) problem(key, `unknown member "${key}"`);
  const count = (key: string) => {
    const n = v[key];
    if (!Number.isSafeInteger(n) || (n as number) < 0)
      problem(key, `must be a whole number ≥ 0, got ${show(n)}`);
  };
  count('treeSize');
  count('timestamp');
  if (typeof v.rootHash !== 'string' || hashFromHex(v.rootHash) === null) {
    problem('rootHash', `must be 64 lower-case hex characters, got ${show(v.rootHash)}`);
  }
  if (!SIGNATURE_ALGORITHMS.includes(v.algorithm as SignatureAlgorithm)) {
    problem('algorithm', `must be one of ${SIGNATURE_ALGORITHMS.join(', ')}, got ${show(v.algorithm)}`);
  }
  if (typeof v.keyId !== 'string' || !KEY_ID.test(v.keyId)) {
    problem('keyId', `must be 64 lower-case hex characters, got ${show(v.keyId)}`);
  }
  if (typeof v.signature !== 'string' || v.signature.length === 0 || !BASE64.test(v.signature)) {
    problem('signature', `must be non-empty standard base64, got ${show(v.signature)}`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    head: {
      treeSize: v.treeSize as number,
      rootHash: v.rootHash as string,
      timestamp: v.timestamp as number,
      algorithm: v.algorithm as SignatureAlgorithm,
      keyId: v.keyId as string,
      signature: v.signature as string,
    },
  };
}

function show(x: unknown): string {
  if (x === undefined) return 'nothing';
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
