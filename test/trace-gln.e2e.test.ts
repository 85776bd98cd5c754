/**
 * End-to-end: parties and places named by GS1 location numbers (DESIGN.md, Naming parties and places in events) —
 * a shipment to a warehouse named only by its SGLN, a re-shipment between parties named by PGLN (one an
 * organisation's own GLN, one the GLN of a registered location) and a receipt at an SGLN with an extension — resolve
 * to the organisations and divisions master data maps them to, in holders, counties, parties and event locations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type Principal, scopeFor } from '../src/modules/access/index.js';
import { captureEvents } from '../src/modules/events/index.js';
import { createLocation } from '../src/modules/masterdata/index.js';
import { type TraceResult, traceCode } from '../src/modules/trace/index.js';
import { startPlatform, type TestPlatform, testUscc } from './helpers/app.js';
import { ENGINES } from './helpers/engines.js';

const CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'];
const LOT = 'urn:epc:class:lgtin:6901234.077777.GLN1';
// GS1 example company prefix 0614141; check digits as the GS1 check-digit rule gives them.
const WAREHOUSE_SGLN = 'urn:epc:id:sgln:0614141.00888.0'; // GLN 0614141008889
const WAREHOUSE_AS_PARTY = 'urn:epc:id:pgln:0614141.00888'; // the same GLN naming the warehouse's owner
const RETAILER_PGLN = 'urn:epc:id:pgln:0614141.00001'; // GLN 0614141000012, the retailer's own
const RETAILER_SHELF = 'urn:epc:id:sgln:0614141.00001.7'; // not registered: resolves through the retailer's GLN

function principal(kind: Principal['org']['kind'], orgId: number, role: Principal['role']): Principal {
  return {
    via: 'key',
    userId: null,
    keyId: null,
    username: null,
    role,
    org: { id: orgId, kind, name: kind, uscc: null, divisionCode: null, categories: [] },
  };
}

describe.each(ENGINES)('parties named by GLN on $name', (engine) => {
  let p: TestPlatform;
  const orgs: Record<'maker' | 'wholesaler' | 'retailer', { id: number; uscc: string; name: string }> =
    {} as never;
  let forward: TraceResult;
  let backward: TraceResult;

  beforeAll(async () => {
    p = await startPlatform(engine);
    const { db, dialect } = p.database;
    for (const [key, name, division] of [
      ['maker', '遂川茶厂', '360827'],
      ['wholesaler', '吉州茶叶批发', '360802'],
      ['retailer', '吉安县茶叶店', '360821'],
    ] as const) {
      const uscc = testUscc(division);
      const made = await createOrganisation(db, dialect, {
        kind: 'enterprise',
        name,
        uscc,
        divisionCode: division,
        strictness: 'warn',
      });
      orgs[key] = { id: made.id, uscc, name };
    }
    // The retailer's own party GLN (AI 417); the wholesaler is known only through its warehouse's SGLN.
    await db
      .updateTable('organisations')
      .set({ gln: '0614141000012' })
      .where('id', '=', orgs.retailer.id)
      .execute();
    await createLocation(
      db,
      scopeFor(principal('enterprise', orgs.wholesaler.id, 'manager'), () => []),
      {
        name: '吉州茶叶仓库',
        kind: 'warehouse',
        divisionCode: '360802',
        gln: WAREHOUSE_SGLN,
      },
    );

    let clock = Date.parse('2026-06-01T08:00:00+08:00');
    const event = (extra: Record<string, unknown>) => {
      clock += 3_600_000;
      return {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        eventTime: new Date(clock).toISOString(),
        eventTimeZoneOffset: '+08:00',
        ...extra,
      };
    };
    const capture = (orgId: number, ...events: Record<string, unknown>[]) =>
      captureEvents(p.database, { orgId, hooks: p.app.captureHooks }, {
        '@context': CONTEXT,
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: new Date(clock).toISOString(),
        epcisBody: { eventList: events },
      } as never);
    const kg = (quantity: number) => ({ quantityList: [{ epcClass: LOT, quantity, uom: 'KGM' }] });
    const desadv = (n: string) => ({
      bizTransactionList: [{ type: 'desadv', bizTransaction: `urn:zhuisu:desadv:gln-${engine.name}-${n}` }],
    });
    const toWarehouse = {
      sourceList: [{ type: 'owning_party', source: `urn:zhuisu:org:${orgs.maker.uscc}` }],
      destinationList: [{ type: 'location', destination: WAREHOUSE_SGLN }],
    };
    const toRetailer = {
      sourceList: [{ type: 'owning_party', source: WAREHOUSE_AS_PARTY }],
      destinationList: [{ type: 'owning_party', destination: RETAILER_PGLN }],
    };
    await capture(orgs.maker.id, event({ action: 'ADD', bizStep: 'commissioning', ...kg(100) }));
    await capture(orgs.maker.id, event({ bizStep: 'shipping', ...kg(100), ...desadv('1'), ...toWarehouse }));
    await capture(
      orgs.wholesaler.id,
      event({ bizStep: 'receiving', ...kg(100), ...desadv('1'), ...toWarehouse }),
    );
    await capture(
      orgs.wholesaler.id,
      event({ bizStep: 'shipping', ...kg(40), ...desadv('2'), ...toRetailer }),
    );
    await capture(
      orgs.retailer.id,
      event({
        bizStep: 'receiving',
        bizLocation: { id: RETAILER_SHELF },
        ...kg(40),
        ...desadv('2'),
        ...toRetailer,
      }),
    );
    const admin = scopeFor(principal('admin', 1, 'admin'), () => []);
    forward = await traceCode(p.database.db, admin, LOT, { direction: 'forward' });
    backward = await traceCode(p.database.db, admin, LOT, { direction: 'backward' });
  }, 60_000);
  afterAll(async () => p?.close());

  it('counts what the SGLN-named warehouse and the PGLN-named retailer hold under their organisations', () => {
    const holder = (o: { uscc: string }) => forward.summary.holders.find((h) => h.uscc === o.uscc);
    expect(holder(orgs.wholesaler)).toMatchObject({
      name: orgs.wholesaler.name,
      division: '360802',
      quantity: 60,
      uom: 'KGM',
    });
    expect(holder(orgs.retailer)).toMatchObject({
      name: orgs.retailer.name,
      division: '360821',
      quantity: 40,
      uom: 'KGM',
    });
    // Nothing is left with a party the platform could not name, and the quantities add up to what was made.
    expect(forward.summary.holders.every((h) => h.uscc !== null)).toBe(true);
    expect(forward.summary.holders.reduce((a, h) => a + h.quantity, 0)).toBe(100);
  });

  it('reaches the counties of the resolved organisations', () => {
    const counties = forward.summary.counties.map((c) => c.division);
    expect(counties).toContain('360802');
    expect(counties).toContain('360821');
    expect(counties).not.toContain('unknown');
  });

  it('lists each organisation once among the parties, with its roles, however the events named it', () => {
    for (const trace of [forward, backward]) {
      const wholesaler = trace.parties.filter((x) => x.uscc === orgs.wholesaler.uscc);
      expect(wholesaler).toHaveLength(1);
      expect(wholesaler[0]!.roles).toEqual(expect.arrayContaining(['recorder', 'receiver', 'shipper']));
      const retailer = trace.parties.find((x) => x.uscc === orgs.retailer.uscc);
      expect(retailer?.name).toBe(orgs.retailer.name);
      expect(retailer?.roles).toContain('receiver');
      expect(trace.parties.every((x) => x.uscc !== null)).toBe(true);
    }
  });

  it('names the place of a receipt at an unregistered SGLN extension after the organisation owning the GLN', () => {
    const receipt = forward.events.find((e) => e.organisation.uscc === orgs.retailer.uscc);
    expect(receipt?.location).toEqual({
      id: 'https://id.gs1.org/414/0614141000012/254/7',
      name: orgs.retailer.name,
      division: '360821',
    });
  });
});
