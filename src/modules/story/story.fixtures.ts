/**
 * Test fixtures of the story module (used by test/story.e2e.test.ts and the browser suite): a tea grower, a
 * supermarket, a drug maker, a hospital and a detonator maker, with the events of a few codes whose pages the tests
 * check — including fields the public must never see (a farmer's phone, a patient hash, a hospital's name).
 */
import type { Database } from '../../db/index.js';
import { createOrganisation } from '../access/index.js';
import { makeUscc } from '../codes/cn/index.js';
import { withGs1CheckDigit } from '../codes/index.js';
import type { EpcisInput } from '../epcis/index.js';
import { type CaptureHook, captureEvents } from '../events/index.js';

const CONTEXT = [
  'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
  { zs: 'https://zhuisu.org/voc/' },
];

/** The codes and secrets the fixtures stored. */
export interface StoryFixtures {
  tea: { gtin: string; lot: string; item: string; recalledItem: string; unknownSerial: string };
  drug: { code: string };
  hazmat: { item: string };
  names: { grower: string; market: string; drugMaker: string; hospital: string; hazmatMaker: string };
  /** Values stored in events that no public page or JSON may contain. */
  secrets: string[];
}

let serial = 0;
function uscc(division: string): string {
  for (;;) {
    serial += 1;
    const body = `MB${String(serial * 7919 + process.pid)
      .padStart(6, '0')
      .slice(-6)}`;
    try {
      return makeUscc({ authority: '9', entityType: '1', division, orgBody: body });
    } catch {
      // a body without a valid check character: try the next
    }
  }
}

function doc(events: Record<string, unknown>[]): EpcisInput {
  return {
    '@context': CONTEXT,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-05-01T00:00:00Z',
    epcisBody: { eventList: events },
  } as unknown as EpcisInput;
}

const t = (iso: string) => ({ eventTime: iso, eventTimeZoneOffset: '+08:00' });

/** Seeds the fixtures through the real capture pipeline. */
export async function seedStoryFixtures(
  database: Database,
  hooks: readonly CaptureHook[] = [],
): Promise<StoryFixtures> {
  const { db, dialect } = database;
  const org = (name: string, division: string) =>
    createOrganisation(db, dialect, {
      kind: 'enterprise',
      name,
      uscc: uscc(division),
      divisionCode: division,
      strictness: 'warn',
    });
  const suffix = Math.random().toString(36).slice(2, 6);
  const names = {
    grower: `泰和县青山茶叶合作社${suffix}`,
    market: `吉州区惠民超市${suffix}`,
    drugMaker: `江西吉安制药厂${suffix}`,
    hospital: `吉安市第三人民医院${suffix}`,
    hazmatMaker: `吉安民爆器材公司${suffix}`,
  };
  const grower = await org(names.grower, '360826');
  const market = await org(names.market, '360802');
  const drugMaker = await org(names.drugMaker, '360803');
  const hospital = await org(names.hospital, '360802');
  const hazmatMaker = await org(names.hazmatMaker, '360821');

  const gtin = withGs1CheckDigit(`0690${String(100000000 + Math.floor(Math.random() * 899999999))}`);
  const hazGtin = withGs1CheckDigit(`0691${String(100000000 + Math.floor(Math.random() * 899999999))}`);
  const now = Date.now();
  const product = async (
    orgId: number,
    name: string,
    nameEn: string,
    category: string,
    item: string,
    g: string | null,
  ) => {
    const row = await db
      .insertInto('products')
      .values({
        org_id: orgId,
        name,
        name_en: nameEn,
        category,
        item,
        gtin: g,
        registration_no: null,
        attributes: null,
        created_at: now,
        updated_at: now,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  };
  await product(grower.id, '井冈山绿茶', 'Jinggangshan green tea', 'AGRI', 'AGRI_TEA', gtin);
  await product(hazmatMaker.id, '工业电雷管', 'Industrial detonator', 'HAZMAT', 'HAZMAT_DETONATOR', hazGtin);

  const lot = 'L2026A';
  const lgtin = `https://id.gs1.org/01/${gtin}/10/${lot}`;
  const item = `https://id.gs1.org/01/${gtin}/21/T001`;
  const recalledItem = `https://id.gs1.org/01/${gtin}/21/T002`;
  const farmerPhone = '13807961234';
  const shopPrice = '88.50';
  const ctx = (orgId: number) => ({ orgId, hooks });

  await captureEvents(
    database,
    ctx(grower.id),
    doc([
      {
        type: 'ObjectEvent',
        ...t('2026-04-02T08:00:00+08:00'),
        action: 'ADD',
        bizStep: 'https://zhuisu.org/voc/BizStep-harvesting',
        quantityList: [{ epcClass: lgtin, quantity: 120, uom: 'KGM' }],
        'zs:buyerContact': farmerPhone,
      },
      {
        type: 'ObjectEvent',
        ...t('2026-04-03T10:00:00+08:00'),
        action: 'OBSERVE',
        bizStep: 'inspecting',
        quantityList: [{ epcClass: lgtin, quantity: 1, uom: 'KGM' }],
        'zs:testResult': 'pass',
        'zs:testReportNo': 'JC-2026-0403',
      },
      {
        type: 'ObjectEvent',
        ...t('2026-04-04T09:00:00+08:00'),
        action: 'ADD',
        bizStep: 'commissioning',
        epcList: [item, recalledItem],
        ilmd: { 'cbvmda:itemExpirationDate': '2027-04-03', 'cbvmda:lotNumber': lot },
        'zs:certificateNo': 'HG-360826-0001',
      },
      {
        type: 'ObjectEvent',
        ...t('2026-04-05T09:00:00+08:00'),
        action: 'OBSERVE',
        bizStep: 'shipping',
        epcList: [item, recalledItem],
        'zs:unitPrice': shopPrice,
      },
    ]),
  );
  await captureEvents(
    database,
    ctx(market.id),
    doc([
      {
        type: 'ObjectEvent',
        ...t('2026-04-06T15:00:00+08:00'),
        action: 'OBSERVE',
        bizStep: 'retail_selling',
        epcList: [item, recalledItem],
      },
    ]),
  );
  await captureEvents(
    database,
    ctx(grower.id),
    doc([
      {
        type: 'ObjectEvent',
        ...t('2026-04-20T15:00:00+08:00'),
        action: 'OBSERVE',
        bizStep: 'holding',
        disposition: 'recalled',
        epcList: [recalledItem],
      },
    ]),
  );

  const drugCode =
    `8${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}${String(Date.now()).slice(-13)}`.slice(
      0,
      20,
    );
  const patient = 'PATIENT-HASH-77f3a9';
  await captureEvents(
    database,
    ctx(drugMaker.id),
    doc([
      {
        type: 'ObjectEvent',
        ...t('2026-03-01T08:00:00+08:00'),
        action: 'ADD',
        bizStep: 'commissioning',
        epcList: [`urn:zhuisu:drug-trace-code:${drugCode}`],
      },
      {
        type: 'ObjectEvent',
        ...t('2026-03-05T08:00:00+08:00'),
        action: 'OBSERVE',
        bizStep: 'shipping',
        epcList: [`urn:zhuisu:drug-trace-code:${drugCode}`],
      },
    ]),
  );
  await captureEvents(
    database,
    ctx(hospital.id),
    doc([
      {
        type: 'ObjectEvent',
        ...t('2026-03-09T08:00:00+08:00'),
        action: 'OBSERVE',
        bizStep: 'dispensing',
        epcList: [`urn:zhuisu:drug-trace-code:${drugCode}`],
        'zs:patientIdHash': patient,
      },
    ]),
  );

  const hazItem = `https://id.gs1.org/01/${hazGtin}/21/D0001`;
  await captureEvents(
    database,
    ctx(hazmatMaker.id),
    doc([
      {
        type: 'ObjectEvent',
        ...t('2026-02-01T08:00:00+08:00'),
        action: 'ADD',
        bizStep: 'commissioning',
        epcList: [hazItem],
      },
      {
        type: 'ObjectEvent',
        ...t('2026-02-03T08:00:00+08:00'),
        action: 'OBSERVE',
        bizStep: 'shipping',
        epcList: [hazItem],
      },
    ]),
  );

  return {
    tea: { gtin, lot, item, recalledItem, unknownSerial: `https://id.gs1.org/01/${gtin}/21/NOPE9` },
    drug: { code: drugCode },
    hazmat: { item: hazItem },
    names,
    secrets: [farmerPhone, shopPrice, patient, names.hospital, names.hazmatMaker],
  };
}
