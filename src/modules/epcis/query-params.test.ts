import { describe, expect, it } from 'vitest';
import type { AppError } from '../../lib/errors.js';
import { filesUnder, readConformance } from './conformance.fixtures.js';
import { parseNamedQuery, parseQueryParams } from './query-params.js';

const thrown = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
};
const DIR = 'epcis-examples/openepcis/Query/Queries/';

describe('SimpleEventQuery parameters', () => {
  for (const f of filesUnder(DIR, /\.json$/)) {
    const body = JSON.parse(readConformance(DIR + f)) as Record<string, unknown>;
    if (f.startsWith('Invalid/')) {
      it(`${f} is rejected, naming each bad parameter`, () => {
        const e = thrown(() => parseQueryParams(body));
        expect(e.code).toBe('EPCIS_QUERY_PARAMETER_INVALID');
        expect(e.status).toBe(400);
        expect(e.errors.length).toBeGreaterThan(0);
        for (const p of e.errors) expect(Object.keys(body)).toContain(p.path!.slice(1));
      });
    } else {
      it(`${f} is accepted as the body of a named query`, () => {
        const q = parseNamedQuery({ name: 'example', query: body });
        expect(q.name).toBe('example');
        expect(q.query.eventTypes?.length).toBeGreaterThan(0);
      });
    }
  }

  it('query-string values: | separates alternatives, CBV words become web URIs, EPC URNs canonical DLs', () => {
    const q = parseQueryParams({
      EQ_bizStep: 'shipping|urn:epcglobal:cbv:bizstep:receiving',
      MATCH_anyEPC: 'urn:epc:id:sgtin:0614141.011111.987',
      EQ_bizTransaction_po: 'urn:epc:id:gdti:4012345.11111.123',
      EQ_source_owning_party: 'urn:epc:id:pgln:4012345.00000',
      GE_eventTime: '2024-01-01T00:00:00+08:00',
      GT_value_CEL: '5',
      'EQ_ILMD_ex:lot': 'L1|L2',
      'EXISTS_ex:batch': '',
      EXISTS_errorDeclaration: '',
      orderBy: 'recordTime',
      orderDirection: 'ASC',
      perPage: '50',
    });
    expect(q.bizSteps).toEqual([
      'https://ref.gs1.org/cbv/BizStep-shipping',
      'https://ref.gs1.org/cbv/BizStep-receiving',
    ]);
    expect(q.match.anyEPC).toEqual(['https://id.gs1.org/01/00614141111114/21/987']);
    expect(q.bizTransactions['https://ref.gs1.org/cbv/BTT-po']).toEqual([
      'https://id.gs1.org/253/4012345111118123',
    ]);
    expect(q.sources['https://ref.gs1.org/cbv/SDT-owning_party']).toHaveLength(1);
    expect(q.fields).toContainEqual({
      scope: 'sensorReport',
      field: 'value',
      op: 'GT',
      values: [5],
      uom: 'CEL',
    });
    expect(q.fields).toContainEqual({ scope: 'ilmd', field: 'ex:lot', op: 'EQ', values: ['L1', 'L2'] });
    expect(q.exists).toEqual([{ scope: 'event', field: 'ex:batch' }]);
    expect(q).toMatchObject({
      existsErrorDeclaration: true,
      orderBy: 'recordTime',
      orderDirection: 'ASC',
      perPage: 50,
    });
  });

  it('unknown parameters and bad values are all reported together (QueryParameterException)', () => {
    const e = thrown(() =>
      parseQueryParams({
        EQ_colour: 'red',
        eventType: 'ObjectEvent|FooEvent',
        GE_eventTime: '2024-01-01',
        perPage: '0',
        EQ_bizStep: 'teleporting',
        eventCountLimit: '5',
        maxEventCount: '5',
      }),
    );
    expect(e.errors.map((p) => [p.code, p.path])).toEqual([
      ['EPCIS_QUERY_PARAMETER_UNKNOWN', '/EQ_colour'],
      ['EPCIS_QUERY_PARAMETER_BAD_VALUE', '/eventType'],
      ['EPCIS_QUERY_PARAMETER_BAD_VALUE', '/GE_eventTime'],
      ['EPCIS_QUERY_PARAMETER_BAD_VALUE', '/perPage'],
      ['EPCIS_QUERY_PARAMETER_BAD_VALUE', '/EQ_bizStep'],
      ['EPCIS_QUERY_PARAMETER_BAD_VALUE', '/maxEventCount'],
    ]);
    expect(e.errors[1]!.message).toContain('FooEvent');
  });

  it('a named query needs a usable name and only name/query members', () => {
    const e = thrown(() =>
      parseNamedQuery({ name: 'bad name!', query: { eventType: ['ObjectEvent'] }, extra: 1 }),
    );
    expect(e.errors.map((p) => p.path)).toEqual(['/name', '/extra']);
    expect(
      thrown(() => parseNamedQuery({ name: 'ok', query: { EQ_action: ['SHIPPED'] } })).errors[0]!.path,
    ).toBe('/query/EQ_action');
  });
});
