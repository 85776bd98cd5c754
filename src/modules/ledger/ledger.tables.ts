/**
 * Table types of the tamper-evident log (docs/ledger.md). Hashes are stored as 64 lower-case hex characters:
 * the same text on both engines (no binary column type to translate), and what an auditor compares by eye.
 *
 * Leaf data: leaf i is the CBV 2.0 hash string of the i-th stored event (`events.event_hash`, e.g.
 * `ni:///sha-256;…?ver=CBV2.0`, CBV 2.0 §8.9), taken as its UTF-8 bytes d (ASCII in practice), and hashed as
 * H(0x00 ‖ d) (RFC 9162 §2.1.1).
 */

/** ledger_leaves: the log itself, one row per leaf in append (commit) order. */
export interface LedgerLeavesTable {
  /** 0-based position of the leaf; the primary key. */
  leaf_index: number;
  /**
   * `events.id` of the event. NOTE: no foreign key — a deleted event row must leave its leaf behind so that
   * `zhuisu ledger verify` can name it. Leaf order is commit order, which need not be pk order on PostgreSQL.
   */
  event_pk: number;
  /** H(0x00 ‖ d), hex. */
  leaf_hash: string;
}

/** ledger_nodes: complete subtrees above the leaves (level ≥ 1) kept by DEFAULT_NODE_POLICY (tree-nodes.ts). */
export interface LedgerNodesTable {
  level: number;
  /** Index i of the subtree at its level: it covers leaves [i·2^level, (i+1)·2^level). */
  idx: number;
  hash: string;
}

/** ledger_state: one row (id 1), the frontier the next append starts from, written under the ledger lock. */
export interface LedgerStateTable {
  id: number;
  tree_size: number;
  /** The frontier's hashes (largest subtree first), hex, comma-separated; empty for an empty log. */
  frontier: string;
  /** Key id of the last head written (a new key is recorded in ledger_keys when it changes). */
  key_id: string | null;
  /** Timestamp of the last head, so head timestamps never go backwards across server nodes. */
  head_timestamp: number;
}

/** ledger_heads: every signed tree head, one per tree size (RFC 9162 §4.10 fields, tree-head.ts). */
export interface LedgerHeadsTable {
  tree_size: number;
  root_hash: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
  algorithm: string;
  key_id: string;
  /** Base64 signature over `treeHeadSigningInput`. */
  signature: string;
}

/** ledger_keys: every public key that signed a head (key id → SPKI PEM), so old heads verify after rotation. */
export interface LedgerKeysTable {
  key_id: string;
  algorithm: string;
  public_key_pem: string;
  created_at: number;
}

/** The ledger module's slice of the database. */
export interface LedgerTables {
  ledger_leaves: LedgerLeavesTable;
  ledger_nodes: LedgerNodesTable;
  ledger_state: LedgerStateTable;
  ledger_heads: LedgerHeadsTable;
  ledger_keys: LedgerKeysTable;
}
