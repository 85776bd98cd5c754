import { describe, expect, it } from 'vitest';
import { formatPlatformCode, parse } from '../codes/index.js';
import { canonicalIdentifier, recordOf } from './event-record.js';

describe('what the store keeps of an event', () => {
  it('stores an EPC URN and the Digital Link of the same item under one identifier', () => {
    const urn = canonicalIdentifier('urn:epc:id:sgtin:6901234.056789.TEA1');
    const dl = canonicalIdentifier('https://example.cn/01/06901234567892/21/TEA1?x=1');
    expect(urn.canonical).toBe('https://id.gs1.org/01/06901234567892/21/TEA1');
    expect(dl.canonical).toBe(urn.canonical);
    expect(urn.gtin).toBe('06901234567892');
  });

  it("reads back the project's own URIs for Chinese codes and knows their category", () => {
    const drug = parse('81234567890123456789').canonical!;
    expect(canonicalIdentifier(drug)).toMatchObject({ scheme: 'drug-trace-code', category: 'DRUG' });
    const platform = `urn:zhuisu:platform-code:${formatPlatformCode({ category: 'hazardous', level: 'batch', org: 9, serial: 3 })}`;
    expect(canonicalIdentifier(platform)).toMatchObject({ scheme: 'platform-code', category: 'HAZMAT' });
    expect(canonicalIdentifier('urn:zhuisu:drug-trace-code:not-a-code')).toMatchObject({
      scheme: 'uri',
      category: null,
    });
  });

  it('answers the canonical Digital Link shortcut exactly as the full parser does', () => {
    const gtins = ['06901234567892', '06901234567891', '00000000000000', '16901234567899', '6901234567892'];
    const tails = [
      '21/T000000001',
      '10/L1',
      '21/A.b_c-9',
      '21/' + 'x'.repeat(20),
      '21/' + 'x'.repeat(21),
      '21/',
      '10/a%20b',
      '21/a*b',
      '22/X',
      '21/x/10/y',
    ];
    const hosts = ['https://id.gs1.org/01/', 'http://id.gs1.org/01/', 'https://id.gs1.org/01/'.toUpperCase()];
    let compared = 0;
    for (const host of hosts)
      for (const gtin of gtins)
        for (const tail of tails) {
          const raw = `${host}${gtin}/${tail}`;
          const full = parse(raw);
          const expected =
            full.valid && full.canonical
              ? {
                  canonical: full.canonical,
                  gtin: (full.fields as { ai?: Record<string, string> }).ai?.['01'],
                }
              : { canonical: raw, gtin: null };
          const got = canonicalIdentifier(raw);
          expect({ canonical: got.canonical, gtin: got.gtin }, raw).toEqual(expected);
          compared += 1;
        }
    expect(compared).toBe(150);
  });

  it('keeps any other URI as written', () => {
    expect(canonicalIdentifier('urn:example:thing:1')).toEqual({
      canonical: 'urn:example:thing:1',
      scheme: 'uri',
      category: null,
      gtin: null,
    });
  });

  it('extracts roles, quantities, CBV bare words, parties and error declarations', () => {
    const r = recordOf({
      type: 'AggregationEvent',
      eventTime: '2026-04-02T09:30:00+08:00',
      eventTimeZoneOffset: '+08:00',
      parentID: 'urn:epc:id:sscc:6901234.0000000001',
      childEPCs: ['urn:epc:id:sgtin:6901234.056789.A', 'urn:epc:id:sgtin:6901234.056789.A'],
      childQuantityList: [
        { epcClass: 'urn:epc:class:lgtin:6901234.056789.L1', quantity: 2, uom: 'KGM' },
        { epcClass: 'urn:epc:class:lgtin:6901234.056789.L1', quantity: 3, uom: 'KGM' },
      ],
      action: 'ADD',
      bizStep: 'urn:epcglobal:cbv:bizstep:packing',
      sourceList: [{ type: 'owning_party', source: 'urn:zhuisu:org:91360802MA3AB12C5R' }],
      errorDeclaration: { declarationTime: '2026-04-03T00:00:00Z', reason: 'incorrect_data' },
    });
    expect(r.eventTime).toBe(Date.parse('2026-04-02T01:30:00Z'));
    expect(r.bizStep).toBe('packing');
    expect(r.identifiers.map((i) => i.role)).toEqual(['parent', 'child', 'child_quantity']);
    expect(r.identifiers[2]!.quantity).toBe(5);
    expect(r.parties).toEqual(['urn:zhuisu:org:91360802MA3AB12C5R']);
    expect(r.errorDeclaration?.reason).toBe('incorrect_data');
  });
});
