/** The public story of a code: the JSON of GET /api/public/codes/{code} and the content of its page (issue 8). */
import type { Scheme } from '../codes/index.js';

/** A text in both languages of the public pages. */
export interface Bilingual {
  'zh-CN': string;
  en: string;
}

/** A place as the public sees it: a county-level division, never an address. */
export interface PublicPlace {
  division: string;
  name: Bilingual;
}

/** One step of the journey in plain words. */
export interface TimelineEntry {
  /** Catalogue stage id (`AGRI.harvesting`) or the CBV bizStep word. */
  stage: string;
  label: Bilingual;
  /** ISO 8601. */
  time: string;
  place: PublicPlace | null;
  organisation: string | null;
}

/** A document a shopper may see: its kind and number. */
export interface PublicDocument {
  kind: string;
  number: string;
  /** YYYY-MM-DD when known. */
  date: string | null;
}

/** Why the status banner warns. */
export type StatusWarning = 'copied-code' | 'failed-sampling';

/** The banner. */
export interface PublicStatus {
  recalled: boolean;
  /** The expiry date (YYYY-MM-DD) when the product has expired, else null. */
  expired: string | null;
  warnings: StatusWarning[];
  lookups: { count: number; first: { time: string; place: PublicPlace | null } | null } | null;
}

/** The public story of one code. */
export interface PublicStory {
  /**
   * `found`: a story to show; `restricted`: registered, but its category shows nothing more; `unknown`: a valid code
   * nobody registered; `invalid`: not a code.
   */
  kind: 'found' | 'restricted' | 'unknown' | 'invalid';
  code: { input: string; canonical: string | null; scheme: Scheme };
  /** What parse understood of an unknown or invalid code (parts, problems). */
  understood: {
    fields: Record<string, string>;
    errors: { code: string; message: string; position?: number }[];
  };
  category: string | null;
  product: {
    name: string;
    nameEn: string | null;
    item: string | null;
    gtin: string | null;
    batch: string | null;
    expiry: string | null;
  } | null;
  producer: {
    name: string;
    nameEn: string | null;
    division: PublicPlace | null;
    uscc: string | null;
    licences: { type: string; number: string }[];
    certifications: { kind: string; number: string; validUntil: string | null }[];
    /** Credit grade from supervision, where one exists (a later issue computes it). */
    credit: string | null;
  } | null;
  status: PublicStatus;
  timeline: TimelineEntry[];
  /**
   * Steps of a long life the timeline leaves out (story.repository.ts `eventsNaming`): `count` of them between
   * `timeline[after - 1]` and `timeline[after]`; null when the timeline shows every step its projection allows.
   */
  timelineOmitted: { after: number; count: number } | null;
  documents: PublicDocument[];
  /** The shown events checked against the signed log (story-integrity.ts); null for stories that show none. */
  integrity: StoryIntegrity | null;
}

/** Why one shown event (its timeline `step`) or the head (`step` null) failed the integrity check. */
export interface IntegrityFailure {
  step: number | null;
  reason: 'edited' | 'not-in-log' | 'not-in-head' | 'bad-proof' | 'bad-signature';
}

/** The signed tree head the proofs lead to, with the public key that signed it (ledger/tree-head.ts). */
export interface PublicTreeHead {
  treeSize: number;
  /** Lower-case hex SHA-256 root (RFC 9162 §2.1.1). */
  rootHash: string;
  timestamp: number;
  algorithm: string;
  keyId: string;
  /** Base64 signature over the RFC 9162 §4.10 TreeHeadDataV2 bytes. */
  signature: string;
  publicKeyPem: string;
}

/** The inclusion proof of one shown event (its timeline `step`) in the head (RFC 9162 §2.1.3.1). */
export interface PublicInclusionProof {
  step: number;
  leafIndex: number;
  /** The leaf hash recorded for the event (hex), which the server checked against the stored document. */
  leafHash: string;
  /** The audit path (RFC 9162 §2.1.3.1), leaf to root: each element is a place in the integrity's `nodes`. */
  path: number[];
}

/**
 * The integrity line: the shown events verified against the signed head of `treeSize` records, with the head and
 * the proofs so that a browser can verify them itself (WebCrypto) without trusting this server's verdict.
 */
export interface StoryIntegrity {
  status: 'verified' | 'failed' | 'unavailable';
  treeSize: number | null;
  checked: number;
  failures: IntegrityFailure[];
  treeHead: PublicTreeHead | null;
  /** The distinct hashes (hex) of the proofs' audit paths, each once; a path names them by place. */
  nodes: string[];
  proofs: PublicInclusionProof[];
}
