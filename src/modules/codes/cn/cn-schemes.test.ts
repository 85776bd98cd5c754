import { describe, expect, it } from 'vitest';
import { parseDetonatorCode } from './detonator-code.js';
import { parseDrugTraceCode } from './drug-trace-code.js';
import { parseEquipmentCode } from './equipment-code.js';
import { parsePesticideCode, pesticideCodeMatchesRegistration } from './pesticide-code.js';
import { parseVetDrugCode } from './vet-drug-code.js';

describe('drug trace codes (NMPAB/T 1002-2019, structure only)', () => {
  it('extracts the 7-digit 药品标识码 of a 码上放心 code', () => {
    const r = parseDrugTraceCode('83857930000879766660');
    expect(r).toMatchObject({
      valid: true,
      canonical: 'urn:zhuisu:drug-trace-code:83857930000879766660',
      fields: {
        drugIdentifier: '8385793',
        productionIdentifier: '0000879766660',
        family: 'msfx-20',
        checkVerified: false,
      },
    });
  });
  it('accepts a 20-digit code not starting with 8 with a warning', () => {
    const r = parseDrugTraceCode('12345670000000000001');
    expect(r.valid).toBe(true);
    expect(r.warnings?.[0]?.code).toBe('CODES_DRUG_CODE_NOT_MSFX');
  });
  it('rejects letters with their position, and wrong lengths', () => {
    expect(parseDrugTraceCode('8385793000087976666A').errors).toEqual([
      expect.objectContaining({ code: 'CODES_BAD_CHARSET', position: 19 }),
    ]);
    expect(parseDrugTraceCode('838579300008797666').errors[0]?.code).toBe('CODES_BAD_LENGTH');
  });
});

describe('pesticide QR codes (农业部公告第2579号)', () => {
  it('reads class, registration tail, production type and spec of the constructed sample', () => {
    const r = parsePesticideCode('10800051001000000000000000000001');
    expect(r).toMatchObject({
      valid: true,
      fields: {
        registrationClass: 'PD',
        registrationNumberTail: '080005',
        productionType: 'own-production',
        specCode: '001',
      },
    });
    expect(pesticideCodeMatchesRegistration('10800051001000000000000000000001', 'PD20080005')).toBe(true);
    expect(pesticideCodeMatchesRegistration('10800051001000000000000000000001', 'WP20080005')).toBe(false);
  });
  it('takes the QR content form 追溯网址 + code and stores the code alone', () => {
    const r = parsePesticideCode('http://example.cn/t?c=30123453001000000000000000000009');
    expect(r.valid).toBe(true);
    expect(r.canonical).toBe('urn:zhuisu:pesticide-code:30123453001000000000000000000009');
    expect(r.fields.url).toBe('http://example.cn/t?c=30123453001000000000000000000009');
    expect(r.fields.productionType).toBe('contract-repackaging');
  });
  it('rejects class 4 and production type 0 with positions', () => {
    const r = parsePesticideCode('40800050001000000000000000000001');
    expect(r.errors.map((e) => [e.code, e.position])).toEqual([
      ['CODES_BAD_FIELD', 0],
      ['CODES_BAD_FIELD', 7],
    ]);
  });
});

describe('veterinary-drug trace codes (农业部公告第2210号)', () => {
  it('reads the request date, enterprise and random part', () => {
    expect(parseVetDrugCode('202403151234500000000001')).toMatchObject({
      valid: true,
      fields: { requestDate: '2024-03-15', enterpriseId: '12345', random: '00000000001' },
    });
  });
  it('rejects an impossible date such as 2023-02-29', () => {
    const r = parseVetDrugCode('202302291234500000000001');
    expect(r.errors).toEqual([expect.objectContaining({ code: 'CODES_BAD_DATE', position: 0 })]);
    expect(parseVetDrugCode('202402291234500000000001').valid).toBe(true);
  });
});

describe('detonator codes (GA 441-2003)', () => {
  it('reads the field samples', () => {
    for (const code of ['5620302H00001', '5630106A07499', '1030213A00000', '5620413H00009']) {
      expect(parseDetonatorCode(code).valid).toBe(true);
    }
    expect(parseDetonatorCode('5620302H00001').fields).toEqual({
      producerCode: '56',
      yearLastDigit: '2',
      month: '03',
      day: '02',
      feature: 'H',
      serial: '00001',
    });
  });
  it('keeps a lower-case 特征号 (case-sensitive in GA 441) but capitalises the excluded look-alikes', () => {
    expect(parseDetonatorCode('5620302h00001').canonical).toBe('urn:zhuisu:detonator-code:5620302h00001');
    const r = parseDetonatorCode('5620302s00001');
    expect(r.canonical).toBe('urn:zhuisu:detonator-code:5620302S00001');
    expect(r.warnings?.[0]).toMatchObject({ code: 'CODES_NORMALISED', position: 7 });
  });
  it('rejects producer 00, month 13 and 31 April', () => {
    expect(parseDetonatorCode('0020302H00001').errors[0]).toMatchObject({
      code: 'CODES_BAD_FIELD',
      position: 0,
    });
    expect(parseDetonatorCode('5621302H00001').errors[0]).toMatchObject({
      code: 'CODES_BAD_DATE',
      position: 3,
    });
    expect(parseDetonatorCode('5620431H00001').errors[0]).toMatchObject({
      code: 'CODES_BAD_DATE',
      position: 3,
    });
    expect(parseDetonatorCode('5620302-00001').errors[0]).toMatchObject({
      code: 'CODES_BAD_CHARSET',
      position: 7,
    });
  });
});

describe('special-equipment codes (three kinds kept apart)', () => {
  it('reads a TSG 08 设备代码 as kind "device"', () => {
    expect(parseEquipmentCode('311010890201900098')).toMatchObject({
      valid: true,
      canonical: 'urn:zhuisu:equipment-code:device:311010890201900098',
      fields: {
        kind: 'device',
        varietyCode: '3110',
        assignedBy: 'manufacturer',
        manufacturerCode: '10890',
        year: '2019',
        sequence: '00098',
      },
    });
  });
  it('reads a 19-character 设备代码 assigned by the registration authority', () => {
    expect(parseEquipmentCode('3110360802201900001').fields).toMatchObject({
      assignedBy: 'registration-authority',
      division: '360802',
    });
  });
  it('reads the official worked example of a legacy 注册代码 as kind "register"', () => {
    expect(parseEquipmentCode('21603101012006010101')).toMatchObject({
      valid: true,
      canonical: 'urn:zhuisu:equipment-code:register:21603101012006010101',
      fields: {
        kind: 'register',
        categoryCode: '2160',
        division: '310101',
        registered: '2006-01',
        sequence: '0101',
      },
    });
    expect(parseEquipmentCode('80013608022018061A001').valid).toBe(false);
    expect(parseEquipmentCode('8001360802201806A001').valid).toBe(true);
  });
  it('reads a 使用登记证编号 with full-width brackets as kind "use-certificate"', () => {
    const r = parseEquipmentCode('梯11赣D00001（19）');
    expect(r.valid).toBe(true);
    expect(r.fields).toMatchObject({
      kind: 'use-certificate',
      categoryName: '电梯',
      province: '赣',
      cityLetter: 'D',
      year: '19',
    });
    expect(r.canonical).toBe(
      `urn:zhuisu:equipment-code:use-certificate:${encodeURIComponent('梯11赣D00001(19)')}`,
    );
  });
  it('rejects a bad month, a bad year and an unknown province', () => {
    expect(parseEquipmentCode('21603101012006130101').errors[0]?.code).toBe('CODES_BAD_DATE');
    expect(parseEquipmentCode('311010890180000098').errors[0]?.code).toBe('CODES_BAD_DATE');
    expect(parseEquipmentCode('梯11美D00001(19)').errors[0]).toMatchObject({
      code: 'CODES_BAD_FIELD',
      position: 3,
    });
  });
});

describe('every Chinese parser', () => {
  it('answers bad input with errors, never an exception', () => {
    const parsers = [
      parseDrugTraceCode,
      parsePesticideCode,
      parseVetDrugCode,
      parseDetonatorCode,
      parseEquipmentCode,
    ];
    const bad = [
      '',
      ' ',
      '\t\r\n',
      '１２３',
      'abc',
      'x'.repeat(10_000),
      '9'.repeat(10_000),
      '\u0007'.repeat(20),
      'http://',
    ];
    for (const parse of parsers) {
      for (const s of bad) {
        const r = parse(s);
        expect(r.valid).toBe(false);
        expect(r.canonical).toBeNull();
        expect(r.errors.length).toBeGreaterThan(0);
      }
    }
  });
});
