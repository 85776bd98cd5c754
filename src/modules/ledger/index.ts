/**
 * The tamper-evident log. A pure core: RFC 9162 Merkle tree hashing, an append-only accumulator, inclusion and
 * consistency proofs from stored nodes, signed tree heads (Ed25519, SM2), and whole-log verification. On it, the
 * stored log (ledger.tables/repository/service.ts): the capture hook, heads and proofs for the routes, the signing
 * key, and `verifyStoredLedger` for `zhuisu ledger verify` (docs/ledger.md).
 */

export { LEDGER_ERROR_CODES } from './ledger.errors.js';
export { type LedgerHook, type LedgerHookInput, ledgerHook } from './ledger.hook.js';
export type { LedgerKeyRow } from './ledger.repository.js';
export {
  appendToLedger,
  currentHead,
  type EventProof,
  eventLeafHash,
  type HeadConsistency,
  type HeadWithKey,
  headsFrom,
  inclusionPathOf,
  LEDGER_KEY_FILE,
  LEDGER_LOCK_KEY,
  type LedgerEvent,
  ledgerSigner,
  proveConsistency,
  proveEvent,
  recomputeLeaf,
} from './ledger.service.js';
export type { LedgerTables } from './ledger.tables.js';
export { type BadLeaf, type LedgerAudit, verifyStoredLedger } from './ledger-verify.service.js';
export { type LogFailure, type LogVerification, LogVerifier, rootHex, verifyLog } from './log-verify.js';
export { MemoryNodeStore } from './memory-tree.js';
export {
  EMPTY_TREE_HASH,
  HASH_SIZE,
  type Hash,
  hashChildren,
  hashesEqual,
  hashFromHex,
  hashLeaf,
  merkleTreeHash,
  splitPoint,
  toHex,
} from './merkle.js';
export { type Frontier, MerkleAccumulator } from './merkle-accumulator.js';
export {
  type ConsistencyProof,
  consistencyProof,
  consistencyProofRanges,
  type InclusionProof,
  inclusionProof,
  inclusionProofRanges,
  type TreeRange,
  toConsistencyProof,
  toInclusionProof,
} from './proof.js';
export {
  generateLedgerKey,
  keyIdOf,
  type LedgerKeyPair,
  loadSigner,
  loadVerifier,
  SM2_DEFAULT_USER_ID,
  signTreeHead,
  type TreeHeadSigner,
  type TreeHeadVerifier,
  verifyTreeHead,
} from './signer.js';
export {
  makeTreeHead,
  type ParseHeadResult,
  parseSignedTreeHead,
  SIGNATURE_ALGORITHMS,
  type SignatureAlgorithm,
  type SignedTreeHead,
  type TreeHead,
  treeHeadSigningInput,
} from './tree-head.js';
export {
  ALL_NODES_POLICY,
  COMPACT_NODE_POLICY,
  DEFAULT_NODE_POLICY,
  frontierRefs,
  isStoredLevel,
  LEAVES_ONLY_POLICY,
  type NodeReader,
  type NodeRef,
  type NodeStoragePolicy,
  nodeKey,
  planNodeReads,
  RangeHashCache,
  rangeHash,
  readerFromLeaves,
  readerFromMap,
  type TreeNode,
} from './tree-nodes.js';
export {
  decodePath,
  rootFromInclusionProof,
  verifyConsistency,
  verifyConsistencyProof,
  verifyInclusion,
  verifyInclusionProof,
} from './verify.js';
