/**
 * Test fixture: a multi-company tea chain captured through the real pipeline — a pesticide lot sprayed on a tea
 * plot, three farms' harvest lots merged at a packer, items cased and palleted, shipped to a 吉州区 supermarket and
 * sold, a case returned and re-shipped, a shipment never received, a wrong aggregation declared erroneous, and a
 * reprocessing cycle. Tests read the codes and organisations it returns.
 */
import type { Database } from '../../db/index.js';
import { createOrganisation } from '../access/index.js';
import { makeUscc, parse } from '../codes/index.js';
import { type CaptureHook, captureEvents } from '../events/index.js';

type Obj = Record<string, unknown>;

const CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'];
let serial = 0;

/** A valid USCC registered in `division`, unique within the process. */
export function fixtureUscc(division: string): string {
  for (;;) {
    serial += 1;
    const body = `MA${String(serial * 7907 + (process.pid % 9973))
      .padStart(6, '0')
      .slice(-6)}`;
    try {
      return makeUscc({ authority: '9', entityType: '1', division, orgBody: body });
    } catch {
      // some bodies have no valid check character; take the next
    }
  }
}

/** GTIN-14 of an EPC URN. */
export const gtinOfUrn = (urn: string): string =>
  (parse(urn).fields as { ai: Record<string, string> }).ai['01']!;
/** Canonical form of any code. */
export const canonicalOf = (code: string): string => parse(code).canonical!;

/** The organisations of the chain. */
export interface TeaOrgs {
  pesticideMaker: OrgRef;
  farm: OrgRef;
  farm2: OrgRef;
  farm3: OrgRef;
  packer: OrgRef;
  supermarket: OrgRef;
  supermarket2: OrgRef;
  competitor: OrgRef;
}

/** An organisation of the fixture. */
export interface OrgRef {
  id: number;
  uscc: string;
  name: string;
  division: string;
  party: string;
}

/** The codes of the chain, as EPC URNs (`canonicalOf` gives the stored form). */
export const TEA = {
  pesticideLot: 'urn:epc:class:lgtin:6901234.012345.PL2026',
  harvest1: 'urn:epc:class:lgtin:6901234.056789.H1',
  harvest2: 'urn:epc:class:lgtin:6901234.056789.H2',
  harvest3: 'urn:epc:class:lgtin:6901234.056789.H3',
  packedLot: 'urn:epc:class:lgtin:6901234.066789.P1',
  reprocessed: 'urn:epc:class:lgtin:6901234.066789.P1R',
  items: [1, 2, 3, 4, 5, 6].map((i) => `urn:epc:id:sgtin:6901234.066789.T${i}`),
  case1: 'urn:epc:id:sscc:6901234.0000000011',
  case2: 'urn:epc:id:sscc:6901234.0000000022',
  case3: 'urn:epc:id:sscc:6901234.0000000033',
  pallet: 'urn:epc:id:sscc:6901234.0000000099',
} as const;

/** What the fixture built. */
export interface TeaChain {
  orgs: TeaOrgs;
  /** eventID of the aggregation declared erroneous. */
  wrongAggregation: string;
  /** Times of the steps (ms). */
  times: { packed: number; unpacked: number; end: number };
}

/** Creates the organisations and captures the whole chain (events in capture order). */
export async function buildTeaChain(
  database: Database,
  hooks: readonly CaptureHook[],
  tag = '',
): Promise<TeaChain> {
  const org = async (name: string, division: string): Promise<OrgRef> => {
    const uscc = fixtureUscc(division);
    const made = await createOrganisation(database.db, database.dialect, {
      kind: 'enterprise',
      name: `${name}${tag}`,
      uscc,
      divisionCode: division,
      strictness: 'warn',
    });
    return { id: made.id, uscc, name: made.name, division, party: `urn:zhuisu:org:${uscc}` };
  };
  const orgs: TeaOrgs = {
    pesticideMaker: await org('青原农药厂', '360803'),
    farm: await org('遂川茶园', '360827'),
    farm2: await org('永新茶园', '360830'),
    farm3: await org('安福茶园', '360829'),
    packer: await org('泰和茶叶加工厂', '360826'),
    supermarket: await org('吉州超市', '360802'),
    supermarket2: await org('吉安县超市', '360821'),
    competitor: await org('别家茶厂', '360824'),
  };
  const now = Date.now();
  for (const [o, urn, name, category] of [
    [orgs.pesticideMaker, TEA.pesticideLot, '吡虫啉', 'INPUT'],
    [orgs.farm, TEA.harvest1, '鲜茶叶', 'AGRI'],
    [orgs.packer, TEA.packedLot, '狗牯脑茶', 'AGRI'],
  ] as const) {
    await database.db
      .insertInto('products')
      .values({
        org_id: o.id,
        name,
        name_en: null,
        category,
        item: null,
        gtin: gtinOfUrn(urn),
        created_at: now,
        updated_at: now,
      } as never)
      .execute();
  }

  let clock = Date.parse('2026-05-01T08:00:00+08:00');
  const at = () => {
    clock += 3_600_000;
    return new Date(clock).toISOString().replace('.000Z', '+00:00');
  };
  const base = (extra: Obj): Obj => ({ eventTime: at(), eventTimeZoneOffset: '+08:00', ...extra });
  const capture = async (by: OrgRef, ...events: Obj[]) => {
    await captureEvents(database, { orgId: by.id, hooks }, {
      '@context': CONTEXT,
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: new Date(clock).toISOString(),
      epcisBody: { eventList: events },
    } as never);
  };
  const q = (epcClass: string, quantity: number, uom: string) => ({ epcClass, quantity, uom });
  const move = (from: OrgRef, to: OrgRef) => ({
    sourceList: [{ type: 'owning_party', source: from.party }],
    destinationList: [{ type: 'owning_party', destination: to.party }],
  });
  const desadv = (n: string) => ({
    bizTransactionList: [{ type: 'desadv', bizTransaction: `urn:zhuisu:desadv:${tag || 'x'}-${n}` }],
  });
  const ship = (from: OrgRef, to: OrgRef, n: string, what: Obj, extra: Obj = {}) =>
    base({
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      ...what,
      ...desadv(n),
      ...move(from, to),
      ...extra,
    });
  const receive = (from: OrgRef, to: OrgRef, n: string, what: Obj) =>
    base({
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'in_progress',
      ...what,
      ...desadv(n),
      ...move(from, to),
    });
  const { pesticideMaker: pm, farm, farm2, farm3, packer, supermarket: sm, supermarket2: sm2 } = orgs;

  // The pesticide: made, sold to the farm, sprayed (an input of the harvest).
  await capture(
    pm,
    base({
      type: 'ObjectEvent',
      action: 'ADD',
      bizStep: 'commissioning',
      quantityList: [q(TEA.pesticideLot, 100, 'LTR')],
    }),
  );
  await capture(pm, ship(pm, farm, 'pest', { quantityList: [q(TEA.pesticideLot, 10, 'LTR')] }));
  await capture(farm, receive(pm, farm, 'pest', { quantityList: [q(TEA.pesticideLot, 10, 'LTR')] }));
  await capture(
    farm,
    base({
      type: 'TransformationEvent',
      bizStep: 'commissioning',
      inputQuantityList: [q(TEA.pesticideLot, 0.5, 'LTR')],
      outputQuantityList: [q(TEA.harvest1, 500, 'KGM')],
    }),
  );
  await capture(
    farm2,
    base({
      type: 'ObjectEvent',
      action: 'ADD',
      bizStep: 'commissioning',
      quantityList: [q(TEA.harvest2, 300, 'KGM')],
    }),
  );
  await capture(
    farm3,
    base({
      type: 'ObjectEvent',
      action: 'ADD',
      bizStep: 'commissioning',
      quantityList: [q(TEA.harvest3, 200, 'KGM')],
    }),
  );
  // Three farms deliver to the packer, which merges the three lots into one packed lot.
  for (const [f, lot, kg, n] of [
    [farm, TEA.harvest1, 500, 'h1'],
    [farm2, TEA.harvest2, 300, 'h2'],
    [farm3, TEA.harvest3, 200, 'h3'],
  ] as const) {
    await capture(f, ship(f, packer, n, { quantityList: [q(lot, kg, 'KGM')] }));
    await capture(packer, receive(f, packer, n, { quantityList: [q(lot, kg, 'KGM')] }));
  }
  await capture(
    packer,
    base({
      type: 'TransformationEvent',
      bizStep: 'commissioning',
      inputQuantityList: [
        q(TEA.harvest1, 500, 'KGM'),
        q(TEA.harvest2, 300, 'KGM'),
        q(TEA.harvest3, 200, 'KGM'),
      ],
      outputQuantityList: [q(TEA.packedLot, 1000, 'KGM')],
    }),
  );
  // Items of the packed lot (ILMD lot number), cased and palleted.
  await capture(
    packer,
    base({
      type: 'ObjectEvent',
      action: 'ADD',
      bizStep: 'commissioning',
      epcList: [...TEA.items],
      ilmd: { 'cbvmda:lotNumber': 'P1' },
    }),
  );
  await capture(
    packer,
    base({
      type: 'AggregationEvent',
      action: 'ADD',
      bizStep: 'packing',
      parentID: TEA.case1,
      childEPCs: TEA.items.slice(0, 3),
    }),
  );
  const wrong = base({
    type: 'AggregationEvent',
    action: 'ADD',
    bizStep: 'packing',
    parentID: TEA.case1,
    childEPCs: [TEA.items[5]],
    eventID: `urn:uuid:7e0e2f63-0000-4000-8000-${String(serial).padStart(12, '0')}`,
  });
  await capture(packer, wrong);
  await capture(
    packer,
    base({
      type: 'AggregationEvent',
      action: 'ADD',
      bizStep: 'packing',
      parentID: TEA.case2,
      childEPCs: TEA.items.slice(3, 6),
    }),
  );
  const packed = clock;
  await capture(
    packer,
    base({
      type: 'AggregationEvent',
      action: 'ADD',
      bizStep: 'packing',
      parentID: TEA.pallet,
      childEPCs: [TEA.case1, TEA.case2],
    }),
  );
  // The wrong aggregation (item 6 is in case 2, not case 1) is declared erroneous.
  await capture(packer, {
    ...wrong,
    errorDeclaration: { declarationTime: at(), reason: 'incorrect_data' },
  });
  // Pallet to the 吉州区 supermarket; class-level shipments of the packed lot to both supermarkets.
  await capture(
    packer,
    ship(packer, sm, 'pal', { epcList: [TEA.pallet], quantityList: [q(TEA.packedLot, 300, 'KGM')] }),
  );
  await capture(
    sm,
    receive(packer, sm, 'pal', { epcList: [TEA.pallet], quantityList: [q(TEA.packedLot, 300, 'KGM')] }),
  );
  await capture(packer, ship(packer, sm2, 'lost', { quantityList: [q(TEA.packedLot, 200, 'KGM')] }));
  // Unpack at the supermarket, sell item 1, repack item 2 into case 3.
  await capture(
    sm,
    base({ type: 'AggregationEvent', action: 'DELETE', bizStep: 'unpacking', parentID: TEA.pallet }),
  );
  await capture(
    sm,
    base({
      type: 'AggregationEvent',
      action: 'DELETE',
      bizStep: 'unpacking',
      parentID: TEA.case1,
      childEPCs: TEA.items.slice(0, 3),
    }),
  );
  const unpacked = clock;
  await capture(
    sm,
    base({
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'retail_selling',
      disposition: 'retail_sold',
      epcList: [TEA.items[0]],
    }),
  );
  await capture(
    sm,
    base({
      type: 'AggregationEvent',
      action: 'ADD',
      bizStep: 'packing',
      parentID: TEA.case3,
      childEPCs: [TEA.items[1]],
    }),
  );
  // Case 2 goes back to the packer and on to the second supermarket.
  await capture(sm, ship(sm, packer, 'ret', { epcList: [TEA.case2] }, { disposition: 'returned' }));
  await capture(packer, receive(sm, packer, 'ret', { epcList: [TEA.case2] }));
  await capture(packer, ship(packer, sm2, 'c2', { epcList: [TEA.case2] }));
  await capture(sm2, receive(packer, sm2, 'c2', { epcList: [TEA.case2] }));
  // A reprocessing cycle: the packed lot is reworked and the rework merged back.
  await capture(
    packer,
    base({
      type: 'TransformationEvent',
      bizStep: 'repackaging',
      inputQuantityList: [q(TEA.packedLot, 0, 'KGM')],
      outputQuantityList: [q(TEA.reprocessed, 0, 'KGM')],
    }),
  );
  await capture(
    packer,
    base({
      type: 'TransformationEvent',
      bizStep: 'repackaging',
      inputQuantityList: [q(TEA.reprocessed, 0, 'KGM')],
      outputQuantityList: [q(TEA.packedLot, 0, 'KGM')],
    }),
  );
  return { orgs, wrongAggregation: String(wrong.eventID), times: { packed, unpacked, end: clock } };
}
