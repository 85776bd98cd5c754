/**
 * End-to-end: organisations named in events by their party GLN (PGLN, GS1 AI 417). An organisation registered with
 * its GLN sees the events that name it as source or destination, as it does when named by its USCC; a malformed
 * GLN is refused at registration with its path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../src/modules/access/index.js';
import { seedKey, seedOrg, startPlatform, type TestPlatform, testUscc } from './helpers/app.js';
import { ENGINES } from './helpers/engines.js';

const RETAILER_GLN = '0614141000012'; // GS1 check digit 2
const RETAILER_PGLN = 'urn:epc:id:pgln:0614141.00001';

describe.each(ENGINES)('parties named by GLN on $name', (engine) => {
  let p: TestPlatform;
  let shipperKey: string;
  let retailerKey: string;
  let otherKey: string;

  beforeAll(async () => {
    p = await startPlatform(engine);
    const shipper = await seedOrg(
      p,
      { kind: 'enterprise', name: '遂川茶厂', uscc: testUscc('360827'), divisionCode: '360827' },
      'shipper',
    );
    const retailer = await seedOrg(
      p,
      {
        kind: 'enterprise',
        name: '吉州超市',
        uscc: testUscc('360802'),
        gln: RETAILER_GLN,
        divisionCode: '360802',
      },
      'retailer',
    );
    const other = await seedOrg(
      p,
      { kind: 'enterprise', name: '井冈山商店', uscc: testUscc('360881'), divisionCode: '360881' },
      'other',
    );
    shipperKey = (await seedKey(p, shipper.orgId)).key;
    retailerKey = (await seedKey(p, retailer.orgId)).key;
    otherKey = (await seedKey(p, other.orgId)).key;
  });
  afterAll(async () => p?.close());

  it('refuses a GLN that is not 13 digits with a valid check digit, naming the field', async () => {
    for (const gln of ['0614141000013', '614141000012', 'ABCDEFGHIJKLM']) {
      const err = await createOrganisation(p.database.db, p.database.dialect, {
        kind: 'enterprise',
        name: '某公司',
        uscc: testUscc('360821'),
        gln,
      }).catch((e: unknown) => e as { code: string; path?: string; message: string });
      expect(err, gln).toMatchObject({ code: 'ACCESS_BAD_GLN', path: '/gln' });
      expect((err as { message: string }).message).toContain(gln);
    }
  });

  it('shows a shipment to the organisation its destination names by PGLN, and to no one else', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/epcis/events',
      headers: { authorization: `Bearer ${shipperKey}`, 'content-type': 'application/ld+json' },
      payload: {
        '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
        type: 'ObjectEvent',
        eventTime: '2026-06-01T08:00:00+08:00',
        eventTimeZoneOffset: '+08:00',
        epcList: ['urn:epc:id:sgtin:6901234.056789.GLN1'],
        action: 'OBSERVE',
        bizStep: 'shipping',
        destinationList: [{ type: 'owning_party', destination: RETAILER_PGLN }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const seen = async (key: string) =>
      (
        (
          await p.app.inject({
            url: `/epcis/events?MATCH_epc=${encodeURIComponent('urn:epc:id:sgtin:6901234.056789.GLN1')}`,
            headers: { authorization: `Bearer ${key}` },
          })
        ).json() as { epcisBody: { queryResults: { resultsBody: { eventList: unknown[] } } } }
      ).epcisBody.queryResults.resultsBody.eventList.length;
    expect(await seen(shipperKey)).toBe(1);
    expect(await seen(retailerKey)).toBe(1);
    expect(await seen(otherKey)).toBe(0);
  });
});
