/**
 * Complaints from the public (issue 7): filed without login with the scanned code, text, an optional photo and
 * contact; the responsible organisation is found by a backward walk, the complaint is routed to the department that
 * supervises the category and to the county where it was bought, and the complainant follows its status history
 * with a receipt number.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors.js';
import { type Principal, type Scope, scopeFor } from '../access/index.js';
import { isSale, loadCounties, resolveCode, runTraceFrom, traceLimits } from '../trace/index.js';

/** Statuses a complaint goes through, in order. */
export const COMPLAINT_STATUSES = ['received', 'assigned', 'investigating', 'answered', 'closed'] as const;
/** A complaint status. */
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Complaints one client may file per hour (the public route is rate-limited as a whole as well). */
export const COMPLAINTS_PER_HOUR = 5;
/** Largest photo accepted, decoded (bytes). */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

/** What the public sends. */
export interface NewComplaint {
  code: string;
  text: string;
  /** Base64 of a JPEG, PNG or WebP image. */
  photo?: string;
  contact?: string;
  /** County-level division where it was bought, when the complainant knows it. */
  division?: string;
}

/** A complaint as the complainant follows it (no personal data). */
export interface PublicComplaint {
  receipt: string;
  status: ComplaintStatus;
  history: Array<{ status: string; at: string; note: string | null }>;
}

/** A complaint as regulators and the responsible organisation see it. */
export interface Complaint extends PublicComplaint {
  id: number;
  code: string;
  canonical: string | null;
  text: string;
  hasPhoto: boolean;
  contact: string | null;
  category: string | null;
  division: string | null;
  responsibleOrgId: number | null;
  departmentOrgId: number | null;
  countyOrgId: number | null;
  createdAt: string;
}

const SYSTEM: Principal = {
  via: 'key',
  userId: null,
  keyId: null,
  username: null,
  role: 'admin',
  org: { id: 0, kind: 'admin', name: 'system', uscc: null, divisionCode: null, categories: [] },
};

const iso = (ms: unknown) => new Date(Number(ms)).toISOString();
const MAGIC: Array<[string, (b: Buffer) => boolean]> = [
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  [
    'image/png',
    (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  ],
  [
    'image/webp',
    (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  ],
];

function cleanText(text: string): string {
  // Control characters other than line breaks and tabs have no place in a complaint.
  const t = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  if (t.length < 5 || t.length > 2000)
    throw badRequest('COMPLAINT_BAD_TEXT', `text must be 5 to 2000 characters; got ${t.length}.`, {
      path: 'text',
    });
  if (/<\s*\/?\s*[a-z!][^>]*>/i.test(t)) {
    throw badRequest('COMPLAINT_MARKUP', 'text must be plain text: HTML or script tags are not accepted.', {
      path: 'text',
    });
  }
  return t;
}

function checkPhoto(photo: string): { data: string; type: string } {
  const data = photo.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data))
    throw badRequest('COMPLAINT_BAD_PHOTO', 'photo must be base64.', { path: 'photo' });
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) {
    throw new AppError(
      'COMPLAINT_PHOTO_TOO_LARGE',
      `photo is ${bytes.length} bytes; at most ${MAX_PHOTO_BYTES} are accepted.`,
      { status: 413, path: 'photo' },
    );
  }
  const type = MAGIC.find(([, test]) => test(bytes))?.[0];
  if (!type)
    throw badRequest('COMPLAINT_BAD_PHOTO', 'photo must be a JPEG, PNG or WebP image.', { path: 'photo' });
  return { data, type };
}

/** Files a complaint; `client` is the caller's address (only its hash is kept, for the per-client limit). */
export async function fileComplaint(
  database: Database,
  input: NewComplaint,
  client: string,
  now = Date.now(),
): Promise<PublicComplaint> {
  const { db } = database;
  const text = cleanText(input.text ?? '');
  const photo = input.photo ? checkPhoto(input.photo) : null;
  const contact = input.contact?.trim() || null;
  if (contact && contact.length > 200)
    throw badRequest('COMPLAINT_BAD_CONTACT', 'contact must be at most 200 characters.', { path: 'contact' });
  if (input.division !== undefined && !/^\d{6}$|^JA-[A-Z]+$/.test(input.division)) {
    throw badRequest(
      'COMPLAINT_BAD_DIVISION',
      `division ${JSON.stringify(input.division)} is not a GB/T 2260 county code.`,
      { path: 'division' },
    );
  }
  const clientHash = createHash('sha256').update(client).digest('hex');
  const recent = await db
    .selectFrom('complaints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_hash', '=', clientHash)
    .where('created_at', '>', now - 3_600_000)
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= COMPLAINTS_PER_HOUR) {
    throw new AppError(
      'COMPLAINT_RATE_LIMITED',
      `At most ${COMPLAINTS_PER_HOUR} complaints per hour from one client; try again later.`,
      { status: 429 },
    );
  }

  // Route it: the producer by a backward walk, the category, the county where it was bought.
  let canonical: string | null = null;
  let responsible: number | null = null;
  let category: string | null = null;
  let division = input.division ?? null;
  try {
    const root = await resolveCode(db, input.code);
    canonical = root.canonical;
    const system = scopeFor(SYSTEM, () => []);
    const back = await runTraceFrom(db, system, [root.id], 'backward', traceLimits({ depth: 50 }));
    const own = (back.data.namings.get(root.id) ?? [])
      .map((n) => back.data.events.get(n.eventPk)!)
      .filter((e) => e && e.declaredAt === null)
      .sort((a, b) => a.time - b.time);
    responsible = own[0]?.recorderOrgId ?? null;
    category =
      own.find((e) => e.category)?.category ??
      [...back.data.events.values()].find((e) => e.category)?.category ??
      null;
    // Where it was bought: the shop that sold it to a consumer, else whoever holds it now.
    const sale = [...own].reverse().find((e) => isSale(e.bizStep, e.disposition));
    if (!division && sale) division = back.data.orgs.get(sale.recorderOrgId)?.division ?? null;
    if (!division) {
      const fwd = await runTraceFrom(db, system, [root.id], 'forward', traceLimits({ depth: 20 }));
      const last = fwd.result.summary.holders.find((h) => h.itemsSold > 0) ?? fwd.result.summary.holders[0];
      if (last?.division)
        division = (await loadCounties(db, [last.division])).get(last.division)?.code ?? last.division;
    }
  } catch (e) {
    // An unknown code is still a complaint worth routing (a counterfeit label, a code never captured).
    if (!(e instanceof AppError) || e.status !== 404) throw e;
  }
  const departments = await db
    .selectFrom('organisations')
    .select(['id', 'categories'])
    .where('kind', '=', 'department')
    .orderBy('id')
    .execute();
  const department = category
    ? departments.find((d) =>
        (database.dialect.decodeJson<string[] | null>(d.categories) ?? []).includes(category!),
      )
    : undefined;
  const county = division
    ? await db
        .selectFrom('organisations')
        .select('id')
        .where('kind', '=', 'county')
        .where('division_code', '=', division)
        .executeTakeFirst()
    : undefined;

  const receipt = `TS${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}${randomBytes(6).toString('hex').toUpperCase()}`;
  const assigned = department !== undefined || county !== undefined;
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('complaints')
      .values({
        receipt,
        code: input.code.slice(0, 512),
        canonical,
        text,
        photo: photo?.data ?? null,
        photo_type: photo?.type ?? null,
        contact,
        category,
        division,
        responsible_org_id: responsible,
        department_org_id: department ? Number(department.id) : null,
        county_org_id: county ? Number(county.id) : null,
        status: assigned ? 'assigned' : 'received',
        client_hash: clientHash,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await trx
      .insertInto('complaint_history')
      .values({ complaint_id: id, status: 'received', note: null, by_org_id: null, at: now })
      .execute();
    if (assigned)
      await trx
        .insertInto('complaint_history')
        .values({ complaint_id: id, status: 'assigned', note: null, by_org_id: null, at: now })
        .execute();
    const to = [department?.id, county?.id, responsible].filter((x) => x != null).map(Number);
    for (const orgId of new Set(to)) {
      await trx
        .insertInto('notifications')
        .values({
          org_id: orgId,
          kind: 'complaint',
          subject: `投诉 Complaint ${receipt}: ${canonical ?? input.code}`,
          body: database.dialect.encodeJson({
            receipt,
            code: canonical ?? input.code,
            category,
            division,
          }) as never,
          recall_id: null,
          complaint_id: id,
          created_at: now,
          read_at: null,
        })
        .execute();
    }
  });
  return complaintByReceipt(db, receipt);
}

/** What the complainant sees by receipt number. */
export async function complaintByReceipt(db: Kysely<DB>, receipt: string): Promise<PublicComplaint> {
  const row = await db
    .selectFrom('complaints')
    .select(['id', 'receipt', 'status'])
    .where('receipt', '=', receipt)
    .executeTakeFirst();
  if (!row)
    throw notFound('COMPLAINT_NOT_FOUND', `No complaint has the receipt number ${JSON.stringify(receipt)}.`);
  const history = await db
    .selectFrom('complaint_history')
    .selectAll()
    .where('complaint_id', '=', row.id)
    .orderBy('id')
    .execute();
  return {
    receipt: row.receipt,
    status: row.status as ComplaintStatus,
    history: history.map((h) => ({ status: h.status, at: iso(h.at), note: h.note })),
  };
}

function visible(
  scope: Scope,
  row: {
    department_org_id: number | null;
    county_org_id: number | null;
    responsible_org_id: number | null;
    category: string | null;
    division: string | null;
  },
): boolean {
  switch (scope.kind) {
    case 'admin':
      return true;
    case 'department':
      return (
        Number(row.department_org_id) === scope.orgId ||
        (row.category !== null && (scope.categories ?? []).includes(row.category as never))
      );
    case 'county':
      return (
        Number(row.county_org_id) === scope.orgId ||
        (row.division !== null && (scope.divisions ?? []).includes(row.division))
      );
    default:
      return Number(row.responsible_org_id) === scope.orgId;
  }
}

async function toComplaint(db: Kysely<DB>, row: DB['complaints'] & { id: number }): Promise<Complaint> {
  const pub = await complaintByReceipt(db, row.receipt);
  return {
    ...pub,
    id: Number(row.id),
    code: row.code,
    canonical: row.canonical,
    text: row.text,
    hasPhoto: row.photo !== null,
    contact: row.contact,
    category: row.category,
    division: row.division,
    responsibleOrgId: row.responsible_org_id == null ? null : Number(row.responsible_org_id),
    departmentOrgId: row.department_org_id == null ? null : Number(row.department_org_id),
    countyOrgId: row.county_org_id == null ? null : Number(row.county_org_id),
    createdAt: iso(row.created_at),
  };
}

/** Complaints routed to the scope (department, county, responsible enterprise), newest first. */
export async function listComplaints(db: Kysely<DB>, scope: Scope, limit = 200): Promise<Complaint[]> {
  const rows = await db
    .selectFrom('complaints')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit * 5)
    .execute();
  const out: Complaint[] = [];
  for (const r of rows) {
    if (out.length >= limit) break;
    if (visible(scope, r as never)) out.push(await toComplaint(db, r as never));
  }
  return out;
}

/** Moves a complaint on (forward only: received → assigned → investigating → answered → closed), with a note. */
export async function updateComplaint(
  db: Kysely<DB>,
  scope: Scope,
  id: number,
  status: ComplaintStatus,
  note: string | null,
  now = Date.now(),
): Promise<Complaint> {
  const row = await db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !visible(scope, row as never))
    throw notFound('COMPLAINT_NOT_FOUND', `No complaint ${id} in your scope.`);
  const from = COMPLAINT_STATUSES.indexOf(row.status as ComplaintStatus);
  const to = COMPLAINT_STATUSES.indexOf(status);
  if (to < 0)
    throw badRequest('COMPLAINT_BAD_STATUS', `status must be one of ${COMPLAINT_STATUSES.join(', ')}.`, {
      path: 'status',
    });
  if (to <= from)
    throw conflict('COMPLAINT_STATUS_BACKWARD', `The complaint is ${row.status}; it cannot go to ${status}.`);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('complaints').set({ status, updated_at: now }).where('id', '=', id).execute();
    await trx
      .insertInto('complaint_history')
      .values({
        complaint_id: id,
        status,
        note: note?.slice(0, 2000) ?? null,
        by_org_id: scope.orgId,
        at: now,
      })
      .execute();
  });
  const fresh = await db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return toComplaint(db, fresh as never);
}
