import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, DEPARTMENTS, findItem, ITEMS, itemsOf } from './catalogue.js';
import { ELEMENTS, findElement } from './elements.js';
import { CBV_BIZSTEPS, isProjectBizStep } from './namespace.js';
import { ALL_STAGES, findStage, PROFILES, stageAppliesTo } from './profiles.js';

// The city's plan, read from the shared domain folder (never copied into the project).
const PLAN = readFileSync(
  new URL('../../../../shared/domain/000_9b752e653938fbf3.txt', import.meta.url),
  'utf8',
);
const ANNEX = PLAN.slice(
  PLAN.lastIndexOf('吉安市重点推进追溯体系建设重要产品名录'),
  PLAN.indexOf('西安多部门'),
);

describe('the catalogue', () => {
  it('has the six categories of the plan, each with its own profile', () => {
    expect(CATEGORIES.map((c) => c.code)).toEqual(['AGRI', 'FOOD', 'DRUG', 'INPUT', 'EQUIP', 'HAZMAT']);
    for (const c of CATEGORIES) {
      expect(ANNEX).toContain(c.zh === '危险品' ? '危险品' : c.zh);
      expect(PROFILES[c.code].category).toBe(c.code);
    }
  });

  it.each([
    ['蔬菜', 'AGRI_VEGETABLE'],
    ['水果', 'AGRI_FRUIT'],
    ['茶叶', 'AGRI_TEA'],
    ['生猪产品', 'AGRI_PIG'],
    ['家禽', 'AGRI_POULTRY'],
    ['淡水产品', 'AGRI_FRESHWATER'],
    ['婴幼儿配方乳粉', 'FOOD_INFANT_FORMULA'],
    ['乳制品', 'FOOD_DAIRY'],
    ['食用植物油', 'FOOD_EDIBLE_OIL'],
    ['预包装白酒', 'FOOD_BAIJIU'],
    ['进口红酒', 'FOOD_IMPORTED_WINE'],
    ['乳粉', 'FOOD_IMPORTED_MILK_POWDER'],
    ['麻醉药品', 'DRUG_NARCOTIC'],
    ['精神药品', 'DRUG_PSYCHOTROPIC'],
    ['医疗用毒性药品', 'DRUG_MEDICAL_TOXIC'],
    ['放射性药品', 'DRUG_RADIOACTIVE'],
    ['药品类易制毒化学品', 'DRUG_PRECURSOR'],
    ['农药', 'INPUT_PESTICIDE'],
    ['兽药', 'INPUT_VET_DRUG'],
    ['饲料', 'INPUT_FEED'],
    ['肥料', 'INPUT_FERTILISER'],
    ['种子', 'INPUT_SEED'],
    ['电梯', 'EQUIP_ELEVATOR'],
    ['车用气瓶', 'EQUIP_VEHICLE_CYLINDER'],
    ['移动式压力容器', 'EQUIP_MOBILE_PRESSURE_VESSEL'],
    ['剧毒化学品', 'HAZMAT_HIGHLY_TOXIC'],
    ['易制爆危化品', 'HAZMAT_EXPLOSIVE_PRECURSOR'],
    ['重点监管的化学品', 'HAZMAT_KEY_SUPERVISED'],
    ['烟花爆竹产品', 'HAZMAT_FIREWORKS'],
    ['工业炸药', 'HAZMAT_INDUSTRIAL_EXPLOSIVE'],
    ['工业雷管', 'HAZMAT_DETONATOR'],
  ])('annex item %s is catalogued as %s', (annexTerm, code) => {
    expect(ANNEX).toContain(annexTerm);
    const item = findItem(code);
    expect(item).toBeDefined();
    expect(item!.zh).toContain(annexTerm.slice(0, 3));
    expect(item!.en.length).toBeGreaterThan(2);
  });

  it('has exactly the 31 annex items, with unique codes prefixed by their category', () => {
    expect(ITEMS).toHaveLength(31);
    expect(new Set(ITEMS.map((i) => i.code)).size).toBe(31);
    for (const i of ITEMS) expect(i.code.startsWith(`${i.category}_`)).toBe(true);
    expect(itemsOf('DRUG')).toHaveLength(5);
  });

  it('names supervising departments that the plan text names, lead first', () => {
    for (const i of ITEMS) {
      for (const d of [i.lead, ...i.assisting]) {
        const zh = DEPARTMENTS[d].zh;
        // The plan sometimes drops the 市 or abbreviates 监督管理 to 监管.
        const variants = [
          zh,
          zh.replace(/^市/, ''),
          zh.replace('监督管理', '监管'),
          zh.replace('交通运输局', '交通局'),
        ];
        expect(variants.some((v) => PLAN.includes(v))).toBe(true);
      }
      expect(i.assisting).not.toContain(i.lead);
    }
    expect(findItem('HAZMAT_FIREWORKS')!.lead).toBe('SUPPLY_COOP');
    expect(findItem('FOOD_IMPORTED_WINE')!.lead).toBe('ENTRY_EXIT_INSPECTION');
    expect(findItem('HAZMAT_DETONATOR')!.lead).toBe('PUBLIC_SECURITY');
  });
});

describe('the profiles', () => {
  it('give every stage a unique id, a CBV or project bizStep and declared elements', () => {
    expect(new Set(ALL_STAGES.map((s) => s.id)).size).toBe(ALL_STAGES.length);
    for (const s of ALL_STAGES) {
      expect((CBV_BIZSTEPS as readonly string[]).includes(s.bizStep) || isProjectBizStep(s.bizStep)).toBe(
        true,
      );
      for (const u of s.elements) expect(findElement(u.element), `${s.id}/${u.element}`).toBeDefined();
      expect(new Set(s.elements.map((u) => u.element)).size).toBe(s.elements.length);
      expect(s.source.length).toBeGreaterThan(5);
    }
  });

  it('never has two stages with the same bizStep for one item', () => {
    for (const item of ITEMS) {
      const steps = PROFILES[item.category].stages
        .filter((s) => stageAppliesTo(s, item.code))
        .map((s) => s.bizStep);
      expect(new Set(steps).size, item.code).toBe(steps.length);
    }
  });

  it('declares each element once and uses every element somewhere', () => {
    expect(new Set(ELEMENTS.map((e) => e.name)).size).toBe(ELEMENTS.length);
    const used = new Set(ALL_STAGES.flatMap((s) => s.elements.map((u) => u.element)));
    expect(ELEMENTS.filter((e) => !used.has(e.name)).map((e) => e.name)).toEqual([]);
  });

  it('has the stages the brief names, with their key elements required', () => {
    const required = (cat: 'AGRI' | 'FOOD' | 'DRUG' | 'EQUIP' | 'HAZMAT', step: string, item: string) =>
      findStage(cat, step, item)!
        .elements.filter(
          (u) => u.required === true || (Array.isArray(u.required) && u.required.includes(item)),
        )
        .map((u) => u.element);
    expect(required('AGRI', 'zs:BizStep-pesticide_application', 'AGRI_TEA')).toEqual(
      expect.arrayContaining(['pesticideRegNo', 'pesticideDose', 'plotId', 'applicationDate']),
    );
    expect(required('AGRI', 'killing', 'AGRI_PIG')).toContain('quarantineCertNo');
    expect(required('FOOD', 'zs:BizStep-import_clearance', 'FOOD_IMPORTED_MILK_POWDER')).toEqual([
      'importerFilingNo',
      'customsDeclarationNo',
      'entryInspectionCertNo',
    ]);
    expect(required('DRUG', 'dispensing', 'DRUG_PSYCHOTROPIC')).toEqual(['prescriptionNo', 'patientIdHash']);
    expect(required('EQUIP', 'zs:BizStep-maintenance', 'EQUIP_ELEVATOR')).toEqual([
      'maintenanceLicenceNo',
      'nextMaintenanceDue',
    ]);
    expect(required('EQUIP', 'zs:BizStep-filling', 'EQUIP_VEHICLE_CYLINDER')).toEqual(
      expect.arrayContaining(['cylinderCode', 'fillingPressureMPa', 'nextInspectionDate']),
    );
    expect(required('HAZMAT', 'transporting', 'HAZMAT_HIGHLY_TOXIC')).toEqual([
      'transportPermitNo',
      'vehiclePlate',
      'driverQualificationNo',
    ]);
    expect(findStage('FOOD', 'zs:BizStep-import_clearance', 'FOOD_DAIRY')).toBeUndefined();
  });
});
