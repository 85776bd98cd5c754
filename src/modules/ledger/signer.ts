/**
 * Keys and signatures for tree heads.
 *
 * - `ed25519` (RFC 8032), the default, entirely through node:crypto.
 * - `sm2-sm3` (GB/T 32918.2-2016 signature with the SM3 hash of GB/T 32905-2016, on the curve sm2p256v1 of
 *   GB/T 32918.5-2017), for 国密 (Chinese commercial cryptography) deployments. Node's OpenSSL knows the
 *   curve (keys generate, import and export as PEM) but Node 20's `crypto.sign` does not produce SM2
 *   signatures for such keys — it signs them as plain ECDSA, which no SM2 verifier accepts (checked against
 *   the OpenSSL CLI). The signature itself is therefore computed by `sm-crypto` (pure JavaScript, MIT, no
 *   install scripts), whose output the OpenSSL CLI verifies (see signer.test.ts).
 *   NOTE: SM2 signing hashes Z_A ‖ M where Z_A binds the signer's identity; we use the default
 *   distinguishing identifier "1234567812345678" of GM/T 0009-2012 §10 (GB/T 35276-2017), as OpenSSL and
 *   sm-crypto do, so third parties need no extra parameter.
 *
 * Key id: SHA-256 of the public key's SubjectPublicKeyInfo DER (RFC 5280 §4.1.2.7 leaves the method open;
 * this is the CT log-id convention of RFC 6962 §3.2), lower-case hex.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import smCrypto from 'sm-crypto';
import { OID_EC_PUBLIC_KEY, OID_ED25519, OID_SM2_CURVE, pkcs8EcScalar, spkiAlgorithm } from './key-der.js';
import { badKey, badSignature, malformedHead } from './ledger.errors.js';
import {
  parseSignedTreeHead,
  type SignatureAlgorithm,
  type SignedTreeHead,
  type TreeHead,
  treeHeadSigningInput,
} from './tree-head.js';

const { sm2 } = smCrypto;

/** The SM2 distinguishing identifier used for Z_A (GM/T 0009-2012 §10 default). */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** A key pair as kept in the data directory or in configuration: PEM, PKCS #8 and SPKI. */
export interface LedgerKeyPair {
  readonly algorithm: SignatureAlgorithm;
  readonly keyId: string;
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/** Signs tree heads with one private key. */
export interface TreeHeadSigner {
  readonly algorithm: SignatureAlgorithm;
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(message: Uint8Array): Uint8Array;
}

/** Checks signatures of one public key. */
export interface TreeHeadVerifier {
  readonly algorithm: SignatureAlgorithm;
  readonly keyId: string;
  readonly publicKeyPem: string;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** SHA-256 of a SubjectPublicKeyInfo DER, lower-case hex: the key id carried in every head. */
export function keyIdOf(spkiDer: Uint8Array): string {
  return createHash('sha256').update(spkiDer).digest('hex');
}

/** Generates a new signing key pair (Ed25519 unless asked for SM2). */
export function generateLedgerKey(algorithm: SignatureAlgorithm = 'ed25519'): LedgerKeyPair {
  const { privateKey, publicKey } =
    algorithm === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : algorithm === 'sm2-sm3'
        ? generateKeyPairSync('ec', { namedCurve: 'SM2' })
        : unsupported(algorithm);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return {
    algorithm,
    keyId: keyIdOf(spki),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function unsupported(algorithm: unknown): never {
  throw badKey(
    `unsupported tree head signature algorithm ${JSON.stringify(algorithm)}; use ed25519 or sm2-sm3`,
  );
}

/** Which of our algorithms a SubjectPublicKeyInfo is for; throws LEDGER_BAD_KEY for any other key. */
function algorithmOf(spki: Uint8Array): SignatureAlgorithm {
  let alg: ReturnType<typeof spkiAlgorithm>;
  try {
    alg = spkiAlgorithm(spki);
  } catch (e) {
    throw badKey(`the ledger public key is not a valid SubjectPublicKeyInfo: ${(e as Error).message}`, e);
  }
  if (alg.oid === OID_ED25519) return 'ed25519';
  if (alg.oid === OID_EC_PUBLIC_KEY && alg.param === OID_SM2_CURVE) return 'sm2-sm3';
  throw badKey(
    'the ledger key must be an Ed25519 key or an SM2 key (EC on curve sm2p256v1, OID 1.2.156.10197.1.301)',
  );
}

/** The uncompressed point of an SM2 public key as sm-crypto wants it: "04" ‖ x ‖ y in hex. */
function sm2PointHex(spki: Uint8Array): string {
  const point = spkiAlgorithm(spki).key;
  if (point.length !== 65 || point[0] !== 0x04)
    throw badKey('the SM2 public key is not an uncompressed point');
  return Buffer.from(point).toString('hex');
}

function readPrivateKey(pem: string | Buffer): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (e) {
    throw badKey(
      `the ledger private key cannot be read (PEM PKCS #8 or SEC 1, unencrypted): ${(e as Error).message}`,
      e,
    );
  }
}

function readPublicKey(pem: string | Buffer): KeyObject {
  try {
    return createPublicKey(pem);
  } catch (e) {
    throw badKey(
      `the ledger public key cannot be read (PEM SubjectPublicKeyInfo): ${(e as Error).message}`,
      e,
    );
  }
}

/** A signer for a PEM private key (PKCS #8, or SEC 1 for SM2); the algorithm follows from the key. */
export function loadSigner(privateKeyPem: string | Buffer): TreeHeadSigner {
  const privateKey = readPrivateKey(privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = algorithmOf(spki);
  const base = {
    algorithm,
    keyId: keyIdOf(spki),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  if (algorithm === 'ed25519') {
    return { ...base, sign: (message) => nodeSign(null, message, privateKey) };
  }
  const d = Buffer.from(pkcs8EcScalar(privateKey.export({ type: 'pkcs8', format: 'der' }))).toString('hex');
  const pointHex = sm2PointHex(spki);
  return {
    ...base,
    sign: (message) =>
      Buffer.from(
        sm2.doSignature(Array.from(message), d.padStart(64, '0'), {
          der: true,
          hash: true,
          publicKey: pointHex,
          userId: SM2_DEFAULT_USER_ID,
        }),
        'hex',
      ),
  };
}

/** A verifier for a PEM public key (SubjectPublicKeyInfo); the algorithm follows from the key. */
export function loadVerifier(publicKeyPem: string | Buffer): TreeHeadVerifier {
  const publicKey = readPublicKey(publicKeyPem);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = algorithmOf(spki);
  const base = {
    algorithm,
    keyId: keyIdOf(spki),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  if (algorithm === 'ed25519') {
    return {
      ...base,
      verify: (message, signature) => {
        if (signature.length !== 64) return false; // RFC 8032 §5.1.7: a signature is 64 octets
        try {
          return nodeVerify(null, message, publicKey, signature);
        } catch {
          return false;
        }
      },
    };
  }
  const pointHex = sm2PointHex(spki);
  return {
    ...base,
    verify: (message, signature) => {
      try {
        return sm2.doVerifySignature(Array.from(message), Buffer.from(signature).toString('hex'), pointHex, {
          der: true,
          hash: true,
          userId: SM2_DEFAULT_USER_ID,
        });
      } catch {
        return false;
      }
    },
  };
}

/** Signs a tree head: the signature covers `treeHeadSigningInput(head)` (RFC 9162 §4.10). */
export function signTreeHead(signer: TreeHeadSigner, head: TreeHead): SignedTreeHead {
  const signature = signer.sign(treeHeadSigningInput(head));
  return {
    treeSize: head.treeSize,
    rootHash: head.rootHash,
    timestamp: head.timestamp,
    algorithm: signer.algorithm,
    keyId: signer.keyId,
    signature: Buffer.from(signature).toString('base64'),
  };
}

/**
 * Checks a head from untrusted JSON against the log's trusted key(s) and returns it typed.
 * Throws LEDGER_MALFORMED_HEAD for a head of the wrong shape, and LEDGER_BAD_SIGNATURE for a head signed
 * by a key that is not trusted, announcing the wrong algorithm, or whose signature does not verify.
 */
export function verifyTreeHead(
  value: unknown,
  trusted: TreeHeadVerifier | readonly TreeHeadVerifier[],
): SignedTreeHead {
  const parsed = parseSignedTreeHead(value);
  if (!parsed.ok) throw malformedHead(parsed.errors);
  const head = parsed.head;
  const keys: readonly TreeHeadVerifier[] = Array.isArray(trusted) ? trusted : [trusted as TreeHeadVerifier];
  const key = keys.find((k) => k.keyId === head.keyId);
  const where = { treeSize: head.treeSize, keyId: head.keyId };
  if (key === undefined) {
    throw badSignature(
      `tree head of size ${head.treeSize} is signed by key ${head.keyId}, which is not a trusted ledger key` +
        ` (trusted: ${keys.map((k) => k.keyId).join(', ') || 'none'})`,
      where,
    );
  }
  if (key.algorithm !== head.algorithm) {
    throw badSignature(
      `tree head of size ${head.treeSize} claims algorithm ${head.algorithm}, but key ${key.keyId} is ${key.algorithm}`,
      where,
    );
  }
  if (!key.verify(treeHeadSigningInput(head), Buffer.from(head.signature, 'base64'))) {
    throw badSignature(
      `the signature of the tree head of size ${head.treeSize} does not verify with key ${key.keyId}`,
      where,
    );
  }
  return head;
}
