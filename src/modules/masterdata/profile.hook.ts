/**
 * The profile check at capture (issue 6): every stored event about a product of a known category item is
 * checked against its stage's profile, with the context the catalogue needs loaded from storage — the item,
 * earlier pesticide and veterinary-drug uses on the same plot, herd or identifiers, the pesticide's label data,
 * the equipment register entry, the blasting job's earlier events — and licence numbers it names are checked
 * against their validity on the event's date. Strictness is the recorder organisation's: `reject` throws one
 * 400 listing every issue (the capture transaction rolls back, nothing is stored); `warn` keeps the events
 * and records the issues in `profile_gaps` for the completeness score.
 */
import type { Insertable, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, type ProblemItem } from '../../lib/errors.js';
import {
  CATALOGUE_VERSION,
  checkEventAgainstProfile,
  eventLocalDate,
  findItem,
  normaliseBizStep,
  type PriorApplication,
  type ProfileContext,
  zsBizStep,
} from '../catalogue/index.js';
import { projectElements, projectPrefixes } from './event-elements.js';
import { decodeJsonColumn } from './json-column.js';
import { licencesByNumber } from './licences.service.js';
import type { ProductAttributes } from './products.service.js';

type Obj = Record<string, unknown>;

/** What the hook needs of a stored event (a structural subset of the events module's StoredEvent). */
export interface CheckedEvent {
  pk: number;
  eventId: string;
  doc: Obj;
  record: { identifiers: ReadonlyArray<{ canonical: string; gtin: string | null }> };
  identifierIds: ReadonlyMap<string, number>;
  pointer?: string;
}

/** What the hook receives (a structural subset of the events module's CaptureHookInput). */
export interface ProfileHookInput {
  trx: Transaction<DB>;
  orgId: number;
  stored: readonly CheckedEvent[];
}

const STEP = {
  pesticide: zsBizStep('pesticide_application'),
  vetDrug: zsBizStep('vet_drug_use'),
  harvest: zsBizStep('harvesting'),
  slaughter: 'killing',
  inspection: zsBizStep('periodic_inspection'),
  maintenance: zsBizStep('maintenance'),
  filling: zsBizStep('filling'),
  issue: zsBizStep('explosive_issue'),
  use: zsBizStep('blasting_use'),
  return: zsBizStep('explosive_return'),
};
const BLASTING_STEPS = new Set([STEP.issue, STEP.use, STEP.return]);

/** The product (item and label data) an event is about, and the equipment register entry when it names one. */
interface Subject {
  item: string;
  category: string;
  attributes: ProductAttributes;
  equipment?: { id: number; nextInspectionDate?: string; nominalWorkingPressureMPa?: number };
}

// Every prefix of a Chinese-scheme canonical code that a product could have registered (see product_codes).
function candidatePrefixes(canonical: string): string[] {
  if (!canonical.startsWith('urn:zhuisu:')) return [];
  const schemeEnd = canonical.indexOf(':', 'urn:zhuisu:'.length);
  if (schemeEnd < 0) return [];
  const out: string[] = [];
  for (let n = schemeEnd + 5; n <= canonical.length && n <= 200; n++) out.push(canonical.slice(0, n));
  return out;
}

async function resolveSubjects(
  trx: Transaction<DB>,
  orgId: number,
  events: readonly CheckedEvent[],
): Promise<Map<number, Subject>> {
  const gtins = new Set<string>();
  const canonicals = new Set<string>();
  for (const e of events) {
    for (const i of e.record.identifiers) {
      if (i.gtin) gtins.add(i.gtin);
      else canonicals.add(i.canonical);
    }
  }
  const byGtin = new Map<
    string,
    { item: string; category: string; attributes: ProductAttributes; own: boolean }
  >();
  const gtinList = [...gtins];
  for (let i = 0; i < gtinList.length; i += 500) {
    const rows = await trx
      .selectFrom('products')
      .select(['gtin', 'item', 'category', 'attributes', 'org_id'])
      .where('gtin', 'in', gtinList.slice(i, i + 500))
      .where('item', 'is not', null)
      .execute();
    for (const r of rows) {
      const own = Number(r.org_id) === orgId;
      // The recorder's own registration of a GTIN wins over a partner's.
      if (byGtin.has(r.gtin!) && !own) continue;
      byGtin.set(r.gtin!, {
        item: r.item!,
        category: r.category,
        attributes: decodeJsonColumn<ProductAttributes>(r.attributes) ?? {},
        own,
      });
    }
  }
  const equipment = new Map<
    string,
    { id: number; item: string; next: string | null; pressure: number | null }
  >();
  const prefixMatch = new Map<
    string,
    { item: string; category: string; attributes: ProductAttributes; length: number }
  >();
  const canonicalList = [...canonicals];
  for (let i = 0; i < canonicalList.length; i += 500) {
    const part = canonicalList.slice(i, i + 500);
    const rows = await trx
      .selectFrom('equipment')
      .select(['id', 'identifier', 'item', 'next_inspection_on', 'nominal_pressure_mpa'])
      .where('identifier', 'in', part)
      .execute();
    for (const r of rows) {
      equipment.set(r.identifier, {
        id: Number(r.id),
        item: r.item,
        next: r.next_inspection_on,
        pressure: r.nominal_pressure_mpa == null ? null : Number(r.nominal_pressure_mpa),
      });
    }
  }
  const prefixes = new Map<string, string[]>();
  for (const c of canonicals)
    if (!equipment.has(c))
      for (const p of candidatePrefixes(c)) prefixes.set(p, [...(prefixes.get(p) ?? []), c]);
  const prefixList = [...prefixes.keys()];
  for (let i = 0; i < prefixList.length; i += 500) {
    const rows = await trx
      .selectFrom('product_codes')
      .innerJoin('products', 'products.id', 'product_codes.product_id')
      .select(['product_codes.prefix', 'products.item', 'products.category', 'products.attributes'])
      .where('product_codes.prefix', 'in', prefixList.slice(i, i + 500))
      .where('products.item', 'is not', null)
      .execute();
    for (const r of rows) {
      for (const c of prefixes.get(r.prefix) ?? []) {
        const prev = prefixMatch.get(c);
        if (prev && prev.length >= r.prefix.length) continue;
        prefixMatch.set(c, {
          item: r.item!,
          category: r.category,
          attributes: decodeJsonColumn<ProductAttributes>(r.attributes) ?? {},
          length: r.prefix.length,
        });
      }
    }
  }
  const out = new Map<number, Subject>();
  for (const e of events) {
    for (const i of e.record.identifiers) {
      const eq = i.gtin ? undefined : equipment.get(i.canonical);
      if (eq) {
        out.set(e.pk, {
          item: eq.item,
          category: findItem(eq.item)?.category ?? 'EQUIP',
          attributes: {},
          equipment: {
            id: eq.id,
            ...(eq.next ? { nextInspectionDate: eq.next } : {}),
            ...(eq.pressure !== null ? { nominalWorkingPressureMPa: eq.pressure } : {}),
          },
        });
        break;
      }
      const p = i.gtin ? byGtin.get(i.gtin) : prefixMatch.get(i.canonical);
      if (p) {
        out.set(e.pk, { item: p.item, category: p.category, attributes: p.attributes });
        break;
      }
    }
  }
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const int = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;

/** The subjects (plot, herd, identifiers) an application or a harvest touches, as input_applications keys. */
function subjectsOf(event: CheckedEvent, elements: Map<string, { value: unknown }>): string[] {
  const out: string[] = [];
  const plot = str(elements.get('plotId')?.value);
  const herd = str(elements.get('herdId')?.value);
  if (plot) out.push(`plot:${plot}`);
  if (herd) out.push(`herd:${herd}`);
  for (const i of event.record.identifiers) {
    const id = event.identifierIds.get(i.canonical);
    if (id !== undefined) out.push(`id:${id}`);
  }
  return [...new Set(out)];
}

/** A problem found at capture, in the shape of a problem-document item. */
interface Found extends ProblemItem {
  element?: string;
}

/** Checks the stored events of one capture; see the file comment. */
export async function runProfileCheck(input: ProfileHookInput): Promise<{ checked: number; gaps: number }> {
  const { trx, orgId, stored } = input;
  if (stored.length === 0) return { checked: 0, gaps: 0 };
  const subjects = await resolveSubjects(trx, orgId, stored);
  if (subjects.size === 0) return { checked: 0, gaps: 0 };
  const org = await trx
    .selectFrom('organisations')
    .select('strictness')
    .where('id', '=', orgId)
    .executeTakeFirst();
  const warn = org?.strictness === 'warn';

  const checkedEvents = stored.filter((e) => subjects.has(e.pk));
  // Licence numbers the events name, validated against the register in one query.
  const elementsOf = new Map(checkedEvents.map((e) => [e.pk, projectElements(e.doc)]));
  const licenceNumbers: string[] = [];
  for (const els of elementsOf.values())
    for (const [name, { value }] of els)
      if (/LicenceNo$/.test(name) && typeof value === 'string') licenceNumbers.push(value);
  const licences = licenceNumbers.length > 0 ? await licencesByNumber(trx, licenceNumbers) : new Map();

  const blocking: Found[] = [];
  const gapRows: Insertable<DB['profile_gaps']>[] = [];
  const now = Date.now();
  let checked = 0;
  for (const event of checkedEvents) {
    const subject = subjects.get(event.pk)!;
    const els = elementsOf.get(event.pk)!;
    const prefixes = projectPrefixes(event.doc);
    const bizStep = normaliseBizStep(event.doc.bizStep, prefixes);
    const pointer = event.pointer ?? '';
    const context: ProfileContext = { item: subject.item, pointer, prefixes };
    if (subject.equipment) context.equipment = subject.equipment;
    if (bizStep === STEP.harvest || bizStep === STEP.slaughter) {
      const subjectsHere = subjectsOf(event, els);
      if (subjectsHere.length > 0) {
        const rows = await trx
          .selectFrom('input_applications')
          .selectAll()
          .where('subject', 'in', subjectsHere)
          .execute();
        const seen = new Set<string>();
        context.priorApplications = rows
          .filter((r) => {
            const k = `${r.event_pk}:${r.reg_no}`;
            if (seen.has(k)) return false;
            seen.add(k);
            return true;
          })
          .map(
            (r): PriorApplication => ({
              kind: r.kind === 'vet_drug' ? 'vet_drug' : 'pesticide',
              regNo: r.reg_no,
              appliedOn: r.applied_on,
              ...(r.withholding_days != null ? { withholdingDays: Number(r.withholding_days) } : {}),
            }),
          );
      }
    }
    let pesticide: ProductAttributes | undefined;
    const regNo = str(els.get('pesticideRegNo')?.value);
    if (bizStep === STEP.pesticide && regNo) {
      const row = await trx
        .selectFrom('products')
        .select(['registration_no', 'attributes'])
        .where('registration_no', '=', regNo)
        .where('item', '=', 'INPUT_PESTICIDE')
        .executeTakeFirst();
      if (row) {
        pesticide = decodeJsonColumn<ProductAttributes>(row.attributes) ?? {};
        context.pesticideProduct = {
          regNo,
          activeIngredients: pesticide.activeIngredients ?? [],
          ...(pesticide.safetyIntervalDays !== undefined
            ? { safetyIntervalDays: pesticide.safetyIntervalDays }
            : {}),
        };
      }
    }
    const jobId = str(els.get('blastingJobId')?.value);
    if (bizStep !== null && BLASTING_STEPS.has(bizStep) && jobId) {
      const rows = await trx
        .selectFrom('blasting_job_events')
        .innerJoin('events', 'events.id', 'blasting_job_events.event_pk')
        .select('events.doc')
        .where('blasting_job_events.job_id', '=', jobId)
        .where('blasting_job_events.org_id', '=', orgId)
        .orderBy('events.id')
        .execute();
      context.blastingJobEvents = rows.map((r) => decodeJsonColumn<Obj>(r.doc) ?? {});
    }

    const issues: Found[] = checkEventAgainstProfile(event.doc, context).map((i) => ({
      code: i.code,
      path: i.path,
      message: `event ${event.eventId}: ${i.message}`,
      ...(i.element ? { element: i.element } : {}),
    }));
    const date = eventLocalDate(event.doc);
    if (date) {
      for (const [name, { value, pointer: p }] of els) {
        if (!/LicenceNo$/.test(name) || typeof value !== 'string') continue;
        const registered = licences.get(value);
        if (!registered || registered.length === 0) continue;
        if (
          registered.some(
            (l: { validFrom: string; expiresOn: string }) => l.validFrom <= date && date <= l.expiresOn,
          )
        )
          continue;
        const last = registered
          .map((l: { expiresOn: string }) => l.expiresOn)
          .sort()
          .at(-1);
        issues.push({
          code: 'MASTERDATA_LICENCE_EXPIRED',
          path: `${pointer}${p}`,
          element: name,
          message: `event ${event.eventId}: ${name} ${value} is not valid on the event date ${date} (registered validity ends ${last}).`,
        });
      }
    }
    checked += 1;
    if (issues.length > 0) {
      if (!warn) {
        blocking.push(...issues);
        continue;
      }
      for (const i of issues) {
        gapRows.push({
          event_pk: event.pk,
          org_id: orgId,
          category: subject.category,
          item: subject.item,
          code: i.code,
          path: i.path ?? '',
          element: i.element ?? null,
          message: i.message,
          catalogue_version: CATALOGUE_VERSION,
          created_at: now,
        });
      }
    }
    await recordFacts(trx, orgId, event, bizStep, els, subject, pesticide);
  }
  if (blocking.length > 0) {
    const first = blocking[0]!;
    throw new AppError(
      'CATALOGUE_PROFILE_VIOLATION',
      blocking.length === 1
        ? first.message
        : `${blocking.length} elements break their life-cycle profile; the first: ${first.path} ${first.message}`,
      {
        status: 400,
        path: first.path ?? '',
        errors: blocking.slice(0, 200).map(({ element: _e, ...p }) => p),
        extra: { catalogueVersion: CATALOGUE_VERSION },
      },
    );
  }
  for (let i = 0; i < gapRows.length; i += 500)
    await trx
      .insertInto('profile_gaps')
      .values(gapRows.slice(i, i + 500))
      .execute();
  return { checked, gaps: gapRows.length };
}

// What later checks need from this event: its input applications, its blasting job, the equipment's new dates.
async function recordFacts(
  trx: Transaction<DB>,
  orgId: number,
  event: CheckedEvent,
  bizStep: string | null,
  els: Map<string, { value: unknown }>,
  subject: Subject,
  pesticide: ProductAttributes | undefined,
): Promise<void> {
  if (bizStep === STEP.pesticide || bizStep === STEP.vetDrug) {
    const kind = bizStep === STEP.pesticide ? 'pesticide' : 'vet_drug';
    const reg = str(els.get(kind === 'pesticide' ? 'pesticideRegNo' : 'vetDrugApprovalNo')?.value);
    const on = str(els.get('applicationDate')?.value) ?? eventLocalDate(event.doc);
    if (reg && on) {
      const days =
        int(els.get(kind === 'pesticide' ? 'safetyIntervalDays' : 'withdrawalDays')?.value) ??
        (kind === 'pesticide' ? pesticide?.safetyIntervalDays : undefined) ??
        (kind === 'vet_drug' ? subject.attributes.withdrawalDays : undefined) ??
        null;
      const subjects = subjectsOf(event, els);
      if (subjects.length > 0) {
        await trx
          .insertInto('input_applications')
          .values(
            subjects.map((s) => ({
              event_pk: event.pk,
              subject: s,
              kind,
              reg_no: reg,
              applied_on: on,
              withholding_days: days,
            })),
          )
          .execute();
      }
    }
  }
  const jobId = str(els.get('blastingJobId')?.value);
  if (bizStep !== null && BLASTING_STEPS.has(bizStep) && jobId) {
    await trx
      .insertInto('blasting_job_events')
      .values({ job_id: jobId, org_id: orgId, event_pk: event.pk })
      .execute();
  }
  if (subject.equipment && (bizStep === STEP.inspection || bizStep === STEP.maintenance)) {
    const next = str(
      els.get(bizStep === STEP.inspection ? 'nextInspectionDate' : 'nextMaintenanceDue')?.value,
    );
    if (next) {
      await trx
        .updateTable('equipment')
        .set(
          bizStep === STEP.inspection
            ? { next_inspection_on: next, updated_at: Date.now() }
            : { next_maintenance_on: next, updated_at: Date.now() },
        )
        .where('id', '=', subject.equipment.id)
        .execute();
    }
  }
}

/** The capture hook: runs the profile check inside the capture transaction (put it first, see src/pipeline.ts). */
export const profileHook = async (input: ProfileHookInput): Promise<void> => {
  await runProfileCheck(input);
};
