import { describe, expect, it } from 'vitest';
import { filesUnder, knownInvalid, readConformance } from './conformance.fixtures.js';
import { validateDocument } from './document.validator.js';
import { readJsonDocument } from './json-reader.js';

const JSON_DIRS = ['epcis-examples/'];
const jsonExamples = JSON_DIRS.flatMap((d) =>
  filesUnder(d, /\.json(ld)?$/).map((f) => ({ dir: d, file: f })),
);
const schemaInvalid = knownInvalid('JSON-Schema');
const isInvalidFolder = (f: string) => /(^|\/)Invalid\//.test(f);
const isQueryBody = (f: string) => /\/Queries\//.test(f);

const minimal = () => ({
  '@context': [
    'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
    { ex: 'https://ex.example/ns/' },
  ],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2024-05-01T08:00:00+08:00',
  epcisBody: {
    eventList: [
      {
        type: 'ObjectEvent',
        eventTime: '2024-05-01T08:00:00+08:00',
        eventTimeZoneOffset: '+08:00',
        epcList: ['urn:epc:id:sgtin:0614141.011111.987'],
        action: 'OBSERVE',
        bizStep: 'shipping',
      },
    ],
  },
});
type Doc = ReturnType<typeof minimal> & { epcisBody: { eventList: Array<Record<string, unknown>> } };
const event0 = (d: Doc) => d.epcisBody.eventList[0]!;

describe('conformance examples', () => {
  for (const { dir, file } of jsonExamples.filter((x) => !isInvalidFolder(x.file) && !isQueryBody(x.file))) {
    const reason = schemaInvalid.get(file);
    if (reason === undefined) {
      it(`accepts ${file}`, () => {
        expect(validateDocument(readJsonDocument(readConformance(dir + file)))).toEqual([]);
      });
    } else {
      it(`rejects ${file}, which SOURCES.md marks known-invalid (${reason.slice(0, 60)})`, () => {
        const errors = validateDocument(readJsonDocument(readConformance(dir + file)));
        expect(errors.length).toBeGreaterThan(0);
      });
    }
  }
  for (const { dir, file } of jsonExamples.filter((x) => isInvalidFolder(x.file) && !isQueryBody(x.file))) {
    it(`rejects ${file} with a JSON-pointer path and a coded message`, () => {
      const errors = validateDocument(readJsonDocument(readConformance(dir + file)));
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) {
        expect(e.code).toMatch(/^EPCIS_INVALID_DOCUMENT/);
        expect(e.path).toMatch(/^(\/|$)/);
      }
    });
  }
});

describe('validation rules', () => {
  it('accepts a minimal valid document', () => {
    expect(validateDocument(minimal())).toEqual([]);
  });

  it('a non-CBV bizStep is rejected at its path, naming the value', () => {
    const d = minimal() as Doc;
    event0(d).bizStep = 'teleporting';
    const [e] = validateDocument(d);
    expect(e).toMatchObject({
      code: 'EPCIS_INVALID_DOCUMENT_NOT_CBV',
      path: '/epcisBody/eventList/0/bizStep',
    });
    expect(e!.message).toContain('teleporting');
  });

  it('CBV values may be absolute URIs outside the CBV space, or CBV web URIs naming a CBV value', () => {
    const d = minimal() as Doc;
    event0(d).bizStep = 'https://example.com/steps/fermenting';
    event0(d).disposition = 'https://ref.gs1.org/cbv/Disp-in_transit';
    expect(validateDocument(d)).toEqual([]);
    event0(d).disposition = 'https://ref.gs1.org/cbv/Disp-teleported';
    expect(validateDocument(d)[0]?.path).toBe('/epcisBody/eventList/0/disposition');
    event0(d).disposition = 'urn:epcglobal:cbv:disp:in_transit';
    expect(validateDocument(d)[0]?.message).toContain('bare CBV word');
  });

  it('times must carry an offset and eventTimeZoneOffset must be ±hh:mm within ±14:00', () => {
    const d = minimal() as Doc;
    event0(d).eventTime = '2024-05-01T08:00:00';
    event0(d).eventTimeZoneOffset = '+15:00';
    const paths = validateDocument(d).map((e) => e.path);
    expect(paths).toEqual(['/epcisBody/eventList/0/eventTime', '/epcisBody/eventList/0/eventTimeZoneOffset']);
  });

  it('identifiers must be URIs and EPC URNs must parse', () => {
    const d = minimal() as Doc;
    event0(d).epcList = [
      'not a uri',
      'urn:epc:id:sgtin:0614141.011111',
      'urn:epc:id:sgtin:0614141.011111.987',
    ];
    const paths = validateDocument(d).map((e) => e.path);
    expect(paths).toEqual(['/epcisBody/eventList/0/epcList/0', '/epcisBody/eventList/0/epcList/1']);
  });

  it('extension and ILMD fields must be namespaced; declared prefixes are honoured', () => {
    const d = minimal() as Doc;
    event0(d).action = 'ADD';
    event0(d)['ex:batch'] = 'B1';
    event0(d).ilmd = { 'ex:lot': 'L1', harvest: '2024' };
    event0(d).colour = 'red';
    const errors = validateDocument(d);
    expect(errors.map((e) => e.path)).toEqual([
      '/epcisBody/eventList/0/colour',
      '/epcisBody/eventList/0/ilmd/harvest',
    ]);
    expect(errors.every((e) => e.code === 'EPCIS_INVALID_DOCUMENT_NOT_NAMESPACED')).toBe(true);
  });

  it('duplicate eventIDs in one document are rejected', () => {
    const d = minimal() as Doc;
    event0(d).eventID = 'urn:uuid:6c1a5b8e-0000-4000-8000-000000000001';
    d.epcisBody.eventList.push({ ...event0(d) });
    const errors = validateDocument(d);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'EPCIS_INVALID_DOCUMENT_DUPLICATE_EVENT_ID',
      path: '/epcisBody/eventList/1/eventID',
    });
  });

  it('unknown event types are rejected, in documents and as bare events', () => {
    const d = minimal() as Doc;
    event0(d).type = 'TeleportEvent';
    expect(validateDocument(d)[0]?.code).toBe('EPCIS_INVALID_DOCUMENT_UNKNOWN_EVENT_TYPE');
    expect(
      validateDocument({
        '@context': 'https://ref.gs1.org/standards/epcis/epcis-context.jsonld',
        type: 'Foo',
      })[0]?.path,
    ).toBe('/type');
  });

  it('a bare event needs its @context', () => {
    const { '@context': _, ...bare } = { '@context': 1, ...event0(minimal() as Doc) };
    expect(validateDocument(bare)[0]?.path).toBe('/@context');
  });

  it('each event type checks its own "what" dimension', () => {
    const agg = {
      type: 'AggregationEvent',
      eventTime: '2024-05-01T08:00:00Z',
      eventTimeZoneOffset: '+00:00',
      action: 'ADD',
    };
    const paths = validateDocument({ ...minimal(), epcisBody: { eventList: [agg] } }).map((e) => e.path);
    expect(paths).toEqual(['/epcisBody/eventList/0/childEPCs', '/epcisBody/eventList/0/parentID']);
    const tx = {
      type: 'TransformationEvent',
      eventTime: '2024-05-01T08:00:00Z',
      eventTimeZoneOffset: '+00:00',
      inputEPCList: ['urn:epc:id:sgtin:0614141.011111.1'],
    };
    expect(validateDocument({ ...minimal(), epcisBody: { eventList: [tx] } })[0]?.path).toBe(
      '/epcisBody/eventList/0/inputEPCList',
    );
    expect(
      validateDocument({
        ...minimal(),
        epcisBody: { eventList: [{ ...tx, transformationID: 'urn:uuid:1' }] },
      }),
    ).toEqual([]);
  });
});
