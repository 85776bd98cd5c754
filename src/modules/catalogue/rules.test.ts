import { describe, expect, it } from 'vitest';
import type { ProfileContext } from './profile.types.js';
import { VALID } from './profile-check.fixtures.js';
import { checkEventAgainstProfile } from './profile-check.js';

type Ev = Record<string, unknown>;
const at = (eventTime: string, rest: Ev): Ev => ({
  type: 'ObjectEvent',
  eventTime,
  eventTimeZoneOffset: '+08:00',
  ...rest,
});
const codes = (ev: Ev, ctx: ProfileContext) => checkEventAgainstProfile(ev, ctx).map((i) => i.code);

describe('safety interval (安全间隔期) at harvest', () => {
  const harvest = (eventTime: string) =>
    at(eventTime, { action: 'ADD', bizStep: 'zs:BizStep-harvesting', ilmd: { 'zs:plotId': VALID.plotId } });
  const ctx: ProfileContext = {
    item: 'AGRI_TEA',
    priorApplications: [
      { kind: 'pesticide', regNo: 'PD20080005', appliedOn: '2025-06-05', withholdingDays: 7 },
    ],
  };

  it('rejects picking tea 5 days after a pesticide with a 7-day interval, naming the earliest date', () => {
    const issues = checkEventAgainstProfile(harvest('2025-06-10T08:00:00+08:00'), ctx);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'CATALOGUE_SAFETY_INTERVAL', path: '/eventTime' });
    expect(issues[0]!.message).toContain('earliest date is 2025-06-12');
  });
  it('accepts the harvest on the first allowed day', () => {
    expect(codes(harvest('2025-06-12T06:00:00+08:00'), ctx)).toEqual([]);
  });
  it("counts days in the event time zone: 2025-06-11T20:00Z is already 06-12 in Ji'an", () => {
    expect(codes(harvest('2025-06-11T20:00:00Z'), ctx)).toEqual([]);
    expect(codes({ ...harvest('2025-06-11T15:00:00Z') }, ctx)).toEqual(['CATALOGUE_SAFETY_INTERVAL']);
  });
  it('ignores applications without a known interval and vet drugs', () => {
    const c: ProfileContext = {
      item: 'AGRI_TEA',
      priorApplications: [
        { kind: 'pesticide', regNo: 'PD1', appliedOn: '2025-06-09' },
        { kind: 'vet_drug', regNo: '兽药字150015233', appliedOn: '2025-06-09', withholdingDays: 30 },
      ],
    };
    expect(codes(harvest('2025-06-10T08:00:00+08:00'), c)).toEqual([]);
  });
  it('reports an unusable eventTime instead of skipping the check', () => {
    const ev = { ...harvest('x'), eventTime: '10 June' };
    expect(codes(ev, ctx)).toEqual(['CATALOGUE_BAD_EVENT_TIME']);
  });
});

describe('withdrawal period (休药期) at slaughter and at fish harvest', () => {
  const prior = [
    { kind: 'vet_drug' as const, regNo: '兽药字150015233', appliedOn: '2025-05-20', withholdingDays: 28 },
  ];
  const slaughter = at('2025-06-10T08:00:00+08:00', {
    bizStep: 'killing',
    'zs:quarantineCertNo': '3612345678',
  });
  it('rejects slaughtering a pig 21 days into a 28-day withdrawal period', () => {
    expect(codes(slaughter, { item: 'AGRI_PIG', priorApplications: prior })).toEqual([
      'CATALOGUE_WITHDRAWAL_PERIOD',
    ]);
  });
  it('accepts it after the period', () => {
    expect(
      codes(
        { ...slaughter, eventTime: '2025-06-17T08:00:00+08:00' },
        { item: 'AGRI_PIG', priorApplications: prior },
      ),
    ).toEqual([]);
  });
  it('applies to harvesting farmed fish', () => {
    const ev = at('2025-06-10T08:00:00+08:00', {
      action: 'ADD',
      bizStep: 'zs:BizStep-harvesting',
      ilmd: { 'zs:herdId': 'pond-3' },
    });
    expect(codes(ev, { item: 'AGRI_FRESHWATER', priorApplications: prior })).toEqual([
      'CATALOGUE_WITHDRAWAL_PERIOD',
    ]);
  });
});

describe('banned pesticides on application', () => {
  const apply = (date: string, ingredients?: string[]): Ev =>
    at(`${date}T09:00:00+08:00`, {
      action: 'OBSERVE',
      bizStep: 'zs:BizStep-pesticide_application',
      'zs:pesticideRegNo': 'PD20080005',
      'zs:pesticideDose': { value: 30, unit: 'ml/mu' },
      'zs:plotId': VALID.plotId,
      'zs:applicationDate': date,
      ...(ingredients ? { 'zs:activeIngredients': ingredients } : {}),
    });

  it('rejects 甲胺磷 anywhere, pointing at the declared ingredients', () => {
    const issues = checkEventAgainstProfile(apply('2025-06-01', ['吡虫啉', '甲胺磷']), {
      item: 'AGRI_VEGETABLE',
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['CATALOGUE_BANNED_PESTICIDE', '/zs:activeIngredients'],
    ]);
    expect(issues[0]!.message).toContain('农业部公告第322号');
  });
  it('rejects 克百威 (alias 呋喃丹) on tea but not as a bare input sale', () => {
    expect(codes(apply('2025-06-01', ['呋喃丹']), { item: 'AGRI_TEA' })).toEqual([
      'CATALOGUE_BANNED_PESTICIDE',
    ]);
    expect(codes(apply('2025-06-01', ['克百威']), { item: 'INPUT_PESTICIDE' })).toEqual([]);
  });
  it('bans 甲拌磷 outright only from 2024-09-01 (公告第536号)', () => {
    expect(codes(apply('2024-08-31', ['甲拌磷']), { item: 'INPUT_PESTICIDE' })).toEqual([]);
    expect(codes(apply('2024-09-01', ['甲拌磷']), { item: 'INPUT_PESTICIDE' })).toEqual([
      'CATALOGUE_BANNED_PESTICIDE',
    ]);
  });
  it('matches a class entry (汞制剂) and the label ingredients from the context', () => {
    const issues = checkEventAgainstProfile(apply('2025-06-01'), {
      item: 'AGRI_FRUIT',
      pesticideProduct: { regNo: 'PD20080005', activeIngredients: ['氯化乙基汞'] },
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['CATALOGUE_BANNED_PESTICIDE', '/zs:pesticideRegNo'],
    ]);
  });
});

describe('special-drug dispensing keeps patients pseudonymous', () => {
  const dispense = (extra: Ev): Ev =>
    at('2025-06-10T10:00:00+08:00', {
      action: 'OBSERVE',
      bizStep: 'dispensing',
      'zs:prescriptionNo': 'RX1',
      ...extra,
    });
  const ctx = { item: 'DRUG_NARCOTIC' };

  it('accepts an SM3 hash', () => {
    expect(codes(dispense({ 'zs:patientIdHash': `sm3:${'0f'.repeat(32)}` }), ctx)).toEqual([]);
  });
  it('rejects a resident ID number without repeating it in the message', () => {
    const issues = checkEventAgainstProfile(dispense({ 'zs:patientIdHash': '36080219800101001X' }), ctx);
    expect(issues.map((i) => i.code)).toEqual(['CATALOGUE_PLAIN_PATIENT_ID']);
    expect(JSON.stringify(issues)).not.toContain('36080219800101001X');
  });
  it('rejects a plain patientId element even next to a valid hash', () => {
    const issues = checkEventAgainstProfile(
      dispense({ 'zs:patientIdHash': `sha256:${'1'.repeat(64)}`, 'zs:patientId': 'MRN-88' }),
      ctx,
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([['CATALOGUE_PLAIN_PATIENT_ID', '/zs:patientId']]);
    expect(JSON.stringify(issues)).not.toContain('MRN-88');
  });
});

describe('cylinder filling', () => {
  const fill = (eventTime: string, next: string): Ev =>
    at(eventTime, {
      action: 'OBSERVE',
      bizStep: 'zs:BizStep-filling',
      'zs:cylinderCode': '536O01000123',
      'zs:fillingPressureMPa': 20,
      'zs:nextInspectionDate': next,
      'zs:fillingLicenceNo': 'TS4236001-2024',
    });
  const ctx = { item: 'EQUIP_VEHICLE_CYLINDER' };

  it('rejects filling a cylinder whose inspection was due the day before', () => {
    const issues = checkEventAgainstProfile(fill('2025-06-10T08:00:00+08:00', '2025-06-09'), ctx);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['CATALOGUE_CYLINDER_OVERDUE', '/zs:nextInspectionDate'],
    ]);
  });
  it('accepts filling on the due date itself', () => {
    expect(codes(fill('2025-06-10T08:00:00+08:00', '2025-06-10'), ctx)).toEqual([]);
  });
  it('trusts the register over a later date stated in the event', () => {
    const c = { ...ctx, equipment: { nextInspectionDate: '2025-01-31' } };
    expect(codes(fill('2025-06-10T08:00:00+08:00', '2026-01-31'), c)).toEqual([
      'CATALOGUE_BAD_ELEMENT',
      'CATALOGUE_CYLINDER_OVERDUE',
    ]);
  });
  it('rejects overfilling beyond the nominal working pressure', () => {
    const c = { ...ctx, equipment: { nominalWorkingPressureMPa: 16 } };
    expect(codes(fill('2025-06-10T08:00:00+08:00', '2026-01-31'), c)).toEqual(['CATALOGUE_BAD_ELEMENT']);
  });
});

describe('elevator maintenance', () => {
  const maint = (due: string): Ev =>
    at('2025-06-10T08:00:00+08:00', {
      bizStep: 'zs:BizStep-maintenance',
      'zs:maintenanceLicenceNo': 'TS3336001-2021',
      'zs:nextMaintenanceDue': due,
    });
  it('allows the next visit within 15 days only for elevators', () => {
    expect(codes(maint('2025-06-25'), { item: 'EQUIP_ELEVATOR' })).toEqual([]);
    expect(codes(maint('2025-06-26'), { item: 'EQUIP_ELEVATOR' })).toEqual(['CATALOGUE_BAD_ELEMENT']);
    expect(codes(maint('2025-09-01'), { item: 'EQUIP_MOBILE_PRESSURE_VESSEL' })).toEqual([]);
  });
});

describe('detonator movements checked against the job so far', () => {
  const move = (step: string, time: string, epcs: string[], extra: Ev = {}): Ev =>
    at(time, {
      action: 'OBSERVE',
      bizStep: `zs:BizStep-${step}`,
      epcList: epcs.map((c) => `urn:zhuisu:detonator:${c}`),
      'zs:blastingJobId': 'JOB-1',
      'zs:detonatorCount': epcs.length,
      'zs:handlerIds': ['blaster-7'],
      ...extra,
    });
  const issued = move('explosive_issue', '2025-06-10T07:00:00+08:00', ['5620302H00001', '5620302H00002']);
  const licence = { 'zs:blastingLicenceNo': '3608001300012' };

  it('accepts using what was issued', () => {
    const use = move('blasting_use', '2025-06-10T09:00:00+08:00', ['5620302H00001'], licence);
    expect(codes(use, { item: 'HAZMAT_DETONATOR', blastingJobEvents: [issued] })).toEqual([]);
  });
  it('rejects using a detonator that was never issued to the job, and a negative balance', () => {
    const use = move(
      'blasting_use',
      '2025-06-10T09:00:00+08:00',
      ['5620302H00001', '5620302H00002', '5620302H00003'],
      licence,
    );
    const issues = checkEventAgainstProfile(use, { item: 'HAZMAT_DETONATOR', blastingJobEvents: [issued] });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['CATALOGUE_DETONATOR_CODE', '/epcList'],
      ['CATALOGUE_DETONATOR_NEGATIVE_BALANCE', '/zs:detonatorCount'],
    ]);
  });
  it('rejects a count that disagrees with the listed codes', () => {
    const ret = move('explosive_return', '2025-06-10T17:00:00+08:00', ['5620302H00002'], {
      'zs:detonatorCount': 3,
    });
    expect(codes(ret, { item: 'HAZMAT_DETONATOR' })).toEqual(['CATALOGUE_BAD_ELEMENT']);
  });
});
