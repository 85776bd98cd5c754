/**
 * Documents (inspection reports, quarantine certificates, licence scans, photos): stored content-addressed
 * under `<dataDir>/files/<first two hex>/<sha-256>`, typed by their magic bytes (never by the name or the
 * client's Content-Type alone) and size-limited. The same bytes uploaded twice are kept once on disk.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { type Scope, visibleTo } from '../access/index.js';
import { notVisible, Problems } from './masterdata.errors.js';
import { assertOwner, page } from './scope-guard.js';

/** Largest document accepted, in bytes (10 MiB: a scanned multi-page report). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Kinds of document. */
export const DOCUMENT_KINDS = [
  'inspection_report',
  'test_report',
  'quarantine_certificate',
  'licence_scan',
  'certification',
  'photo',
  'other',
] as const;

/** Media types accepted, each with its magic bytes (the file signatures of their specifications) and extensions. */
const TYPES: ReadonlyArray<{
  mediaType: string;
  extensions: readonly string[];
  matches: (b: Buffer) => boolean;
}> = [
  // ISO 32000-1 §7.5.2: a PDF file begins with "%PDF-".
  {
    mediaType: 'application/pdf',
    extensions: ['pdf'],
    matches: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  },
  // RFC 2083 §3.1 / ISO 15948: the PNG signature 89 50 4E 47 0D 0A 1A 0A.
  {
    mediaType: 'image/png',
    extensions: ['png'],
    matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  // ISO/IEC 10918-1 (JPEG): SOI marker FF D8 followed by another marker FF.
  {
    mediaType: 'image/jpeg',
    extensions: ['jpg', 'jpeg'],
    matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  },
  // RFC 9649 (WebP): "RIFF" <size> "WEBP".
  {
    mediaType: 'image/webp',
    extensions: ['webp'],
    matches: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/** A stored document's metadata. */
export interface StoredDocument {
  id: number;
  orgId: number;
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
  kind: string;
  createdAt: string;
}

/** An upload. */
export interface NewDocument {
  name: string;
  kind: string;
  bytes: Buffer;
}

type Row = Record<string, unknown>;
const toDocument = (r: Row): StoredDocument => ({
  id: Number(r.id),
  orgId: Number(r.org_id),
  sha256: String(r.sha256),
  name: String(r.name),
  mediaType: String(r.media_type),
  size: Number(r.size),
  kind: String(r.kind),
  createdAt: new Date(Number(r.created_at)).toISOString(),
});

/** The media type the bytes are, by their signature, or null when none of the accepted ones. */
export function sniffMediaType(bytes: Buffer): string | null {
  return TYPES.find((t) => t.matches(bytes))?.mediaType ?? null;
}

/** Path of a stored file. */
export const filePath = (filesDir: string, sha256: string): string =>
  join(filesDir, sha256.slice(0, 2), sha256);

/**
 * Stores an upload: checks name, kind, size and that the bytes are what the name's extension claims, writes
 * the file (atomically, once per content) and then its row. A refused upload writes nothing.
 */
export async function storeDocument(
  db: Kysely<DB>,
  scope: Scope,
  filesDir: string,
  input: NewDocument,
  now = Date.now(),
): Promise<StoredDocument> {
  assertOwner(scope, 'documents');
  const problems = new Problems();
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name.length === 0 || name.length > 200 || /[\\/\u0000-\u001f]/.test(name)) {
    problems.add(
      'MASTERDATA_BAD_FILE_NAME',
      '/name',
      `name ${JSON.stringify(input.name)} must be a file name of 1–200 characters without slashes.`,
    );
  }
  if (!(DOCUMENT_KINDS as readonly string[]).includes(input.kind))
    problems.add(
      'MASTERDATA_BAD_KIND',
      '/kind',
      `kind ${JSON.stringify(input.kind)} is not one of ${DOCUMENT_KINDS.join(', ')}.`,
    );
  if (input.bytes.length === 0)
    problems.add('MASTERDATA_EMPTY_DOCUMENT', '/content', 'The document is empty.');
  if (input.bytes.length > MAX_DOCUMENT_BYTES) {
    throw new AppError(
      'MASTERDATA_DOCUMENT_TOO_LARGE',
      `The document has ${input.bytes.length} bytes; at most ${MAX_DOCUMENT_BYTES} are accepted.`,
      { status: 413, path: '/content' },
    );
  }
  const sniffed = input.bytes.length > 0 ? sniffMediaType(input.bytes) : null;
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  const claimed = TYPES.find((t) => t.extensions.includes(ext));
  if (input.bytes.length > 0 && sniffed === null) {
    problems.add(
      'MASTERDATA_DOCUMENT_TYPE_UNSUPPORTED',
      '/content',
      `The content is not a PDF, PNG, JPEG or WebP file (its first bytes are ${input.bytes.subarray(0, 8).toString('hex')}).`,
    );
  } else if (sniffed !== null && !claimed) {
    problems.add(
      'MASTERDATA_BAD_FILE_NAME',
      '/name',
      `name ${JSON.stringify(name)} must end in an extension of its type (${TYPES.find(
        (t) => t.mediaType === sniffed,
      )!
        .extensions.map((e) => `.${e}`)
        .join(', ')}).`,
    );
  } else if (sniffed !== null && claimed && claimed.mediaType !== sniffed) {
    problems.add(
      'MASTERDATA_DOCUMENT_TYPE_MISMATCH',
      '/content',
      `${JSON.stringify(name)} claims to be ${claimed.mediaType} by its extension, but its content is ${sniffed}.`,
    );
  }
  problems.throwIfAny();
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const path = filePath(filesDir, sha256);
  if (!existsSync(path)) {
    await mkdir(join(filesDir, sha256.slice(0, 2)), { recursive: true });
    // Write beside and rename, so a reader never sees half a file.
    const tmp = `${path}.${randomUUID()}.tmp`;
    await writeFile(tmp, input.bytes, { mode: 0o640 });
    await rename(tmp, path);
  }
  // NOTE: if this insert fails the file stays; it is addressed by its content, so the next upload reuses it.
  const row = await db
    .insertInto('documents')
    .values({
      org_id: scope.orgId,
      sha256,
      name,
      media_type: sniffed!,
      size: input.bytes.length,
      kind: input.kind,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDocument(row as unknown as Row);
}

/** A document the scope may see, with its bytes. */
export async function readDocument(
  db: Kysely<DB>,
  scope: Scope,
  filesDir: string,
  id: number,
): Promise<{ document: StoredDocument; bytes: Buffer }> {
  const document = await getDocument(db, scope, id);
  return { document, bytes: await readFile(filePath(filesDir, document.sha256)) };
}

/** One document's metadata. */
export async function getDocument(db: Kysely<DB>, scope: Scope, id: number): Promise<StoredDocument> {
  const row = await db
    .selectFrom('documents')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => visibleTo(eb, scope, { org: 'documents.org_id' }))
    .executeTakeFirst();
  if (!row) throw notVisible('document', id);
  return toDocument(row as unknown as Row);
}

/** Lists the documents the scope may see, newest first. */
export async function listDocuments(
  db: Kysely<DB>,
  scope: Scope,
  q: { kind?: string; limit?: number; offset?: number } = {},
): Promise<{ items: StoredDocument[]; total: number }> {
  let query = db
    .selectFrom('documents')
    .selectAll()
    .where((eb) => visibleTo(eb, scope, { org: 'documents.org_id' }));
  if (q.kind) query = query.where('kind', '=', q.kind);
  const total = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const { limit, offset } = page(q);
  const rows = await query.orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return { items: rows.map((r) => toDocument(r as unknown as Row)), total: Number(total?.n ?? 0) };
}
