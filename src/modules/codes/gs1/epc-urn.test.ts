import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withGs1CheckDigit } from '../check/gs1.js';
import {
  digitalLinkToEpcUrn,
  elementStringToEpcUrn,
  epcUrnToDigitalLink,
  epcUrnToElementString,
} from './convert.js';
import { defaultGcpLength, elementsToEpcUrn, parseEpcUrn } from './epc-urn.js';

describe('EPC URIs → AI elements (TDS 2.x)', () => {
  it.each([
    ['urn:epc:id:sgtin:0614141.812345.6789', { '01': '80614141123458', '21': '6789' }],
    ['urn:epc:id:sgtin:0614141.812345.a.b%2Fc', { '01': '80614141123458', '21': 'a.b/c' }],
    ['urn:epc:id:sscc:0614141.1234567890', { '00': '106141412345678908' }],
    ['urn:epc:id:sgln:0614141.12345.400', { '414': '0614141123452', '254': '400' }],
    ['urn:epc:id:itip:4012345.012345.01.02.987', { '8006': '040123451234560102', '21': '987' }],
    ['urn:epc:class:lgtin:4012345.012345.Lot987', { '01': '04012345123456', '10': 'Lot987' }],
    ['urn:epc:idpat:sgtin:4012345.012345.*', { '01': '04012345123456' }],
    ['URN:EPC:ID:SGTIN:4012345.012345.1', { '01': '04012345123456', '21': '1' }],
  ])('%s', (urn, ais) => {
    const r = parseEpcUrn(urn);
    expect(r.errors).toEqual([]);
    expect(Object.fromEntries(r.elements.map((e) => [e.ai, e.value]))).toEqual(ais);
  });

  it.each([
    'urn:epc:id:sgtin:061414.812345.6789', // 6+6 digits: item reference one short
    'urn:epc:id:sgtin:0614141.812345.ab cd',
    'urn:epc:idpat:sgtin:0614141.812345.6789',
    'urn:epc:class:sgtin:0614141.812345.6789',
    'urn:epc:id:xyz:0614141.1',
    'urn:epc:id:sgcn:4012345.22222.ABC',
    'urn:epc:id:cpi:0614141.abc.1',
    'urn:epc:tag:sgtin-96:3.0614141.812345.6789',
  ])('rejects %s', (urn) => {
    expect(parseEpcUrn(urn).errors[0]?.code).toBe('CODES_EPC_BAD_URN');
  });
});

describe('AI elements → EPC URIs', () => {
  it.each([
    ['https://id.gs1.org/01/80614141123458/21/6789', 7, 'urn:epc:id:sgtin:0614141.812345.6789'],
    ['https://id.gs1.org/01/04012345123456/10/L%2F1', 7, 'urn:epc:class:lgtin:4012345.012345.L%2F1'],
    ['https://id.gs1.org/01/04012345123456', 7, 'urn:epc:idpat:sgtin:4012345.012345.*'],
    ['https://id.gs1.org/00/106141412345678908', 7, 'urn:epc:id:sscc:0614141.1234567890'],
    ['https://id.gs1.org/414/0614141123452/254/400', 7, 'urn:epc:id:sgln:0614141.12345.400'],
    ['https://id.gs1.org/414/0614141123452', 7, 'urn:epc:id:sgln:0614141.12345.0'],
    ['https://id.gs1.org/8003/04012345000221334455', 7, 'urn:epc:id:grai:4012345.00022.334455'],
    ['https://id.gs1.org/8004/4012345ABC345', 7, 'urn:epc:id:giai:4012345.ABC345'],
    ['https://id.gs1.org/8017/401234500000000074', 7, 'urn:epc:id:gsrnp:4012345.0000000007'],
    ['https://id.gs1.org/253/4012345000092PO-4711', 7, 'urn:epc:id:gdti:4012345.00009.PO-4711'],
    ['https://id.gs1.org/8010/0614141A%23%2F/8011/1234', 7, 'urn:epc:id:cpi:0614141.A%23%2F.1234'],
    ['https://id.gs1.org/402/40123452223334442', 7, 'urn:epc:id:gsin:4012345.222333444'],
    ['https://id.gs1.org/8006/040123451234560102/21/987', 7, 'urn:epc:id:itip:4012345.012345.01.02.987'],
    ['https://id.gs1.org/417/9999999999994', 12, 'urn:epc:id:pgln:999999999999.'],
    ['https://id.gs1.org/01/06901234567892/21/A1', undefined, 'urn:epc:id:sgtin:6901234.056789.A1'],
  ])('%s (GCP %s) → %s', (dl, gcpLength, urn) => {
    const r = digitalLinkToEpcUrn(dl, gcpLength === undefined ? {} : { gcpLength });
    expect(r.errors).toEqual([]);
    expect(r.value).toBe(urn);
    // and back again, to the same Digital Link AIs
    expect(epcUrnToDigitalLink(urn).value).toBe(dl);
  });

  it('says why there is no EPC', () => {
    expect(elementsToEpcUrn([{ ai: '17', value: '290331' }]).errors[0]?.code).toBe('CODES_NO_EPC');
    expect(elementsToEpcUrn([{ ai: '01', value: '09506000134352' }], { gcpLength: 13 }).errors[0]?.code).toBe(
      'CODES_NO_EPC',
    );
    expect(elementStringToEpcUrn('(01)09506000134352(21)X').value).toBe('urn:epc:id:sgtin:9506000.013435.X');
    expect(epcUrnToElementString('urn:epc:id:sgtin:0614141.812345.6789', { brackets: true }).value).toBe(
      '(01)80614141123458(21)6789',
    );
  });

  it('defaults the company prefix length by GB 12904 for China (690–691: 7, 692–699: 8)', () => {
    expect(defaultGcpLength('6901234')).toBe(7);
    expect(defaultGcpLength('6911234')).toBe(7);
    expect(defaultGcpLength('6921234')).toBe(8);
    expect(defaultGcpLength('6991234')).toBe(8);
    expect(defaultGcpLength('4012345')).toBe(7);
  });

  it('SGTIN EPC URI → elements → EPC URI is the identity for every company prefix length', () => {
    const serialChar = fc.constantFrom(...'ABCxyz0189-._!\'()*+,:;="%&/<>?');
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 13, maxLength: 13 }),
        fc.array(serialChar, { minLength: 1, maxLength: 20 }),
        (g, digits, serial) => {
          const d = digits.join('');
          const gcp = d.slice(1, 1 + g);
          const urn = `urn:epc:id:sgtin:${gcp}.${d[0]}${d.slice(1 + g)}.${serial.join('').replace(/["%&/<>?]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
          const parsed = parseEpcUrn(urn);
          expect(parsed.errors).toEqual([]);
          expect(parsed.elements[0]?.value).toBe(withGs1CheckDigit(d));
          expect(elementsToEpcUrn(parsed.elements, { gcpLength: g }).value).toBe(urn);
        },
      ),
    );
  });
});
