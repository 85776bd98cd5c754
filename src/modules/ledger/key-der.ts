/**
 * Just enough DER (ITU-T X.690) to tell which algorithm a key is for and to take an SM2 key's raw scalar
 * and point out of PKCS #8 (RFC 5208 §5) and SubjectPublicKeyInfo (RFC 5280 §4.1) encodings. Node's
 * crypto reads and writes these encodings; it only lacks SM2 signatures, which sm-crypto computes from
 * the raw values.
 */

interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

function readTlv(der: Uint8Array, pos: number, limit: number): Tlv {
  if (pos + 2 > limit) throw new RangeError(`DER: truncated at byte ${pos}`);
  const tag = der[pos]!;
  let len = der[pos + 1]!;
  let start = pos + 2;
  if (len >= 0x80) {
    const octets = len & 0x7f;
    if (octets === 0 || octets > 3 || start + octets > limit)
      throw new RangeError(`DER: bad length at ${pos}`);
    len = 0;
    for (let i = 0; i < octets; i++) len = len * 256 + der[start + i]!;
    start += octets;
  }
  const end = start + len;
  if (end > limit) throw new RangeError(`DER: element at byte ${pos} runs past its container`);
  return { tag, start, end };
}

function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let pos = parent.start; pos < parent.end; ) {
    const t = readTlv(der, pos, parent.end);
    out.push(t);
    pos = t.end;
  }
  return out;
}

const SEQUENCE = 0x30;
const OID = 0x06;
const OCTET_STRING = 0x04;
const BIT_STRING = 0x03;

/** Ed25519 (RFC 8410 §3): 1.3.101.112. */
export const OID_ED25519 = '2b6570';
/** id-ecPublicKey (RFC 5480 §2.1.1): 1.2.840.10045.2.1. */
export const OID_EC_PUBLIC_KEY = '2a8648ce3d0201';
/** The SM2 curve sm2p256v1 (GM/T 0006-2012 OID registry): 1.2.156.10197.1.301. */
export const OID_SM2_CURVE = '2a811ccf5501822d';

const hex = (der: Uint8Array, t: Tlv) => Buffer.from(der.subarray(t.start, t.end)).toString('hex');

function algorithmIdentifier(der: Uint8Array, alg: Tlv): { oid: string; param: string | null } {
  if (alg.tag !== SEQUENCE) throw new RangeError('DER: AlgorithmIdentifier is not a SEQUENCE');
  const [oid, param] = children(der, alg);
  if (oid === undefined || oid.tag !== OID) throw new RangeError('DER: AlgorithmIdentifier has no OID');
  return { oid: hex(der, oid), param: param !== undefined && param.tag === OID ? hex(der, param) : null };
}

/** The algorithm OID (hex of its content) and named-curve parameter of a SubjectPublicKeyInfo. */
export function spkiAlgorithm(spki: Uint8Array): { oid: string; param: string | null; key: Uint8Array } {
  const top = readTlv(spki, 0, spki.length);
  if (top.tag !== SEQUENCE || top.end !== spki.length) throw new RangeError('DER: SPKI is not one SEQUENCE');
  const [alg, bits] = children(spki, top);
  if (alg === undefined || bits === undefined || bits.tag !== BIT_STRING) {
    throw new RangeError('DER: SPKI lacks AlgorithmIdentifier or subjectPublicKey');
  }
  if (spki[bits.start] !== 0) throw new RangeError('DER: subjectPublicKey has unused bits');
  return { ...algorithmIdentifier(spki, alg), key: spki.subarray(bits.start + 1, bits.end) };
}

/** The private scalar of an EC private key in PKCS #8 (ECPrivateKey of RFC 5915 §3 inside). */
export function pkcs8EcScalar(pkcs8: Uint8Array): Uint8Array {
  const top = readTlv(pkcs8, 0, pkcs8.length);
  if (top.tag !== SEQUENCE) throw new RangeError('DER: PKCS #8 is not a SEQUENCE');
  const [, , privateKey] = children(pkcs8, top);
  if (privateKey === undefined || privateKey.tag !== OCTET_STRING) throw new RangeError('DER: no privateKey');
  const ec = readTlv(pkcs8, privateKey.start, privateKey.end);
  if (ec.tag !== SEQUENCE) throw new RangeError('DER: ECPrivateKey is not a SEQUENCE');
  const [, d] = children(pkcs8, ec);
  if (d === undefined || d.tag !== OCTET_STRING) throw new RangeError('DER: ECPrivateKey has no privateKey');
  return pkcs8.subarray(d.start, d.end);
}
