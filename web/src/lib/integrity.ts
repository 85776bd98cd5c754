/**
 * Verifies a story's integrity proofs in the browser, with WebCrypto only: the signed tree head's signature
 * (Ed25519, RFC 8032, over the RFC 9162 §4.10 TreeHeadDataV2 bytes) and each shown event's inclusion proof
 * (RFC 9162 §2.1.3.2) against the head's root. The server's own verdict is not trusted here: a page served by a
 * tampering server would have to forge the log's signature to pass.
 */

/** The signed head as the story JSON carries it (src/modules/story/story.types.ts `PublicTreeHead`). */
export interface TreeHeadData {
  treeSize: number;
  rootHash: string;
  timestamp: number;
  algorithm: string;
  keyId: string;
  signature: string;
  publicKeyPem: string;
}

/** One inclusion proof (`PublicInclusionProof`). */
export interface ProofData {
  step: number;
  leafIndex: number;
  leafHash: string;
  /** The audit path as places in the story's `nodes` (each distinct hash is sent once). */
  path: number[];
}

/** The outcome: all verified, something failed, or this browser cannot check the head's algorithm (SM2). */
export type BrowserVerdict = 'verified' | 'failed' | 'unsupported';

const HEX = /^[0-9a-f]{64}$/;

function fromHex(hex: string): Uint8Array | null {
  if (!HEX.test(hex)) return null;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** HASH(0x01 ‖ left ‖ right): an interior node (RFC 9162 §2.1.1). */
const node = (left: Uint8Array, right: Uint8Array) => sha256(Uint8Array.of(1), left, right);

/** The root an inclusion proof leads to, or null when the proof cannot fit this index and size (RFC 9162 §2.1.3.2). */
export async function rootFromProof(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  path: readonly Uint8Array[],
): Promise<Uint8Array | null> {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0) return null;
  if (leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await node(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await node(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** The 51 signed bytes of a head (RFC 9162 §4.10, TLS encoding: see src/modules/ledger/tree-head.ts). */
export function signingInput(head: TreeHeadData, root: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(51);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.timestamp));
  view.setBigUint64(8, BigInt(head.treeSize));
  out[16] = 32;
  out.set(root, 17);
  view.setUint16(49, 0);
  return out;
}

/** Checks the head's signature with its key, and every proof (its path's hashes in `nodes`) against the head's root. */
export async function verifyInBrowser(
  head: TreeHeadData,
  nodes: readonly string[],
  proofs: readonly ProofData[],
): Promise<BrowserVerdict> {
  if (head.algorithm !== 'ed25519') return 'unsupported';
  const root = fromHex(head.rootHash);
  if (!root || proofs.length === 0) return 'failed';
  let key: CryptoKey;
  try {
    const der = fromBase64(head.publicKeyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''));
    key = await crypto.subtle.importKey('spki', der, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    // A browser without Ed25519 in WebCrypto (before Chromium 137, Safari 17) cannot check the head itself.
    return 'unsupported';
  }
  const signed = await crypto.subtle.verify(
    { name: 'Ed25519' },
    key,
    fromBase64(head.signature),
    signingInput(head, root),
  );
  if (!signed) return 'failed';
  for (const p of proofs) {
    const leaf = fromHex(p.leafHash);
    const path = p.path.map((at) =>
      Number.isInteger(at) && typeof nodes[at] === 'string' ? fromHex(nodes[at]) : null,
    );
    if (!leaf || path.some((x) => x === null)) return 'failed';
    const r = await rootFromProof(p.leafIndex, head.treeSize, leaf, path as Uint8Array[]);
    if (!r || !equal(r, root)) return 'failed';
  }
  return 'verified';
}
