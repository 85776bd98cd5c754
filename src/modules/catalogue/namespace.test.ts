import { describe, expect, it } from 'vitest';
import { eventLocalDate } from './dates.js';
import * as f from './formats.js';
import { namespacePrefixes, normaliseBizStep, projectLocalName, ZS_NAMESPACE } from './namespace.js';
import type { ProfileIssue } from './profile.types.js';
import { applyStrictness, strictnessFor } from './strictness.js';

describe('bizStep and key normalisation', () => {
  it.each([
    ['shipping', 'shipping'],
    ['https://ref.gs1.org/cbv/BizStep-shipping', 'shipping'],
    ['urn:epcglobal:cbv:bizstep:shipping', 'shipping'],
    ['zs:BizStep-filling', 'zs:BizStep-filling'],
    [`${ZS_NAMESPACE}BizStep-filling`, 'zs:BizStep-filling'],
    ['http://example.org/step', 'http://example.org/step'],
    ['https://ref.gs1.org/cbv/BizStep-harvesting', 'https://ref.gs1.org/cbv/BizStep-harvesting'],
  ])('%s → %s', (input, out) => expect(normaliseBizStep(input)).toBe(out));
  it('answers null for a missing or non-string bizStep', () => {
    expect(normaliseBizStep(undefined)).toBeNull();
    expect(normaliseBizStep(3)).toBeNull();
  });
  it('recognises keys under bound prefixes only', () => {
    const prefixes = namespacePrefixes({ '@context': { z: ZS_NAMESPACE, gs1: 'https://gs1.org/voc/' } });
    expect(prefixes.sort()).toEqual(['z', 'zs']);
    expect(projectLocalName('z:plotId', prefixes)).toBe('plotId');
    expect(projectLocalName('gs1:plotId', prefixes)).toBeNull();
    expect(projectLocalName('eventTime', prefixes)).toBeNull();
  });
});

describe('eventLocalDate', () => {
  it('uses eventTimeZoneOffset, else the offset in eventTime', () => {
    expect(eventLocalDate({ eventTime: '2025-06-10T17:00:00Z', eventTimeZoneOffset: '+08:00' })).toBe(
      '2025-06-11',
    );
    expect(eventLocalDate({ eventTime: '2025-06-10T01:00:00+08:00' })).toBe('2025-06-10');
    expect(eventLocalDate({ eventTime: '2025-06-10T01:00:00Z', eventTimeZoneOffset: '-05:00' })).toBe(
      '2025-06-09',
    );
    expect(eventLocalDate({ eventTime: 'yesterday' })).toBeNull();
  });
});

describe('format guards', () => {
  it.each([
    [f.checkPesticideRegNo, ['PD20080005', 'LS20071573', 'WP20120033', 'PDN34-97'], ['PX2008', 'PD']],
    [
      f.checkDrugApprovalNo,
      ['国药准字H20010001', '国药准字Z20050012'],
      ['国药准字X20010001', '国药准字H200100'],
    ],
    [f.checkScLicence, ['SC10536080200015'], ['SC1053608020001X']],
    [f.checkVehiclePlate, ['赣D12345', '赣DD12345', '赣D1234挂'], ['赣O12345', 'XD12345']],
    [f.checkEquipmentCode, ['311010890201900098', '31103608022018060001'], ['3110']],
    [f.checkDetonatorCode, ['5620302H00001', '1030213A00000'], ['5621302H00001', '562030H00001']],
    [f.checkUseRegistrationNo, ['梯11赣D00001(19)', '瓶5360O1000123'], ['D00001']],
  ])('%o accepts the good and rejects the bad', (check, good, bad) => {
    for (const g of good) expect(check(g), g).toEqual([]);
    for (const b of bad) expect(check(b).length, b).toBe(1);
  });
  it('tells plain personal ids from hashes', () => {
    for (const v of ['36080219800101001X', '13912345678', '李四', 'MRN12345678'])
      expect(f.looksLikePlainPersonalId(v), v).toBe(true);
    expect(f.looksLikePlainPersonalId(`sha256:${'a'.repeat(64)}`)).toBe(false);
  });
});

describe('strictness', () => {
  const issue: ProfileIssue = { code: 'CATALOGUE_MISSING_ELEMENT', path: '/zs:plotId', message: 'x' };
  it('rejects for enterprises and warns for platform clients by default', () => {
    expect(strictnessFor('enterprise')).toBe('reject');
    expect(strictnessFor('platform_client')).toBe('warn');
    expect(strictnessFor('platform_client', 'reject')).toBe('reject');
  });
  it('splits issues into errors or warnings', () => {
    expect(applyStrictness([issue], 'reject')).toEqual({ accepted: false, errors: [issue], warnings: [] });
    expect(applyStrictness([issue], 'warn')).toEqual({ accepted: true, errors: [], warnings: [issue] });
    expect(applyStrictness([], 'reject').accepted).toBe(true);
  });
});
