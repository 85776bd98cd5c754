/**
 * The six categories and every item of the annex to the city's plan (吉安市人民政府办公室《关于加快推进
 * 全市重要产品追溯体系建设的实施意见》, 2018-01-31, 附件《吉安市重点推进追溯体系建设重要产品名录》), with the
 * supervising departments the plan's section 二 names for each task (lead first, then those assisting).
 */

/** Bumped whenever a category, item, stage, element or rule changes meaning; stored with each check result. */
export const CATALOGUE_VERSION = '2026.1.0';

/** City departments named in the plan (2018 names; later mergers are mapped by masterdata, not here). */
export const DEPARTMENTS = {
  COMMERCE: { zh: '市商务局', en: 'Municipal Bureau of Commerce' },
  DEVELOPMENT: { zh: '市发改委', en: 'Municipal Development and Reform Commission' },
  INDUSTRY: { zh: '市工信委', en: 'Municipal Commission of Industry and Information Technology' },
  PUBLIC_SECURITY: { zh: '市公安局', en: 'Municipal Public Security Bureau' },
  AGRICULTURE: { zh: '市农业局', en: 'Municipal Bureau of Agriculture' },
  HEALTH: { zh: '市卫计委', en: 'Municipal Health and Family Planning Commission' },
  MARKET_QUALITY: {
    zh: '市市场和质量监督管理局',
    en: 'Municipal Administration for Market and Quality Supervision',
  },
  FOOD_DRUG: { zh: '市食品药品监管局', en: 'Municipal Food and Drug Administration' },
  SAFETY: { zh: '市安全生产监督管理局', en: 'Municipal Administration of Work Safety' },
  SUPPLY_COOP: { zh: '市供销社', en: 'Municipal Supply and Marketing Cooperative' },
  ENTRY_EXIT_INSPECTION: {
    zh: '吉安出入境检验检疫局',
    en: "Ji'an Entry-Exit Inspection and Quarantine Bureau",
  },
  CUSTOMS: { zh: '吉安海关', en: "Ji'an Customs" },
  ENVIRONMENT: { zh: '市环保局', en: 'Municipal Environmental Protection Bureau' },
  TRANSPORT: { zh: '市交通运输局', en: 'Municipal Transport Bureau' },
} as const;

/** Stable code of a department. */
export type DepartmentCode = keyof typeof DEPARTMENTS;

/** Stable codes of the six categories (plan, section 二 and annex). */
export type CategoryCode = 'AGRI' | 'FOOD' | 'DRUG' | 'INPUT' | 'EQUIP' | 'HAZMAT';

/** One of the six categories. */
export interface Category {
  code: CategoryCode;
  zh: string;
  en: string;
  /** Plan clause that sets the task. */
  planClause: string;
}

/** The six categories in the plan's order. */
export const CATEGORIES: readonly Category[] = [
  { code: 'AGRI', zh: '食用农产品', en: 'Edible agricultural products', planClause: '二(二)' },
  { code: 'FOOD', zh: '食品', en: 'Food', planClause: '二(三)' },
  { code: 'DRUG', zh: '药品', en: 'Drugs', planClause: '二(四)' },
  { code: 'INPUT', zh: '农业生产资料', en: 'Agricultural inputs', planClause: '二(五)' },
  { code: 'EQUIP', zh: '特种设备', en: 'Special equipment', planClause: '二(六)' },
  { code: 'HAZMAT', zh: '危险品', en: 'Hazardous goods', planClause: '二(七)' },
];

/** Stable codes of the annex items. */
export type ItemCode =
  | 'AGRI_VEGETABLE'
  | 'AGRI_FRUIT'
  | 'AGRI_TEA'
  | 'AGRI_PIG'
  | 'AGRI_POULTRY'
  | 'AGRI_FRESHWATER'
  | 'FOOD_INFANT_FORMULA'
  | 'FOOD_DAIRY'
  | 'FOOD_EDIBLE_OIL'
  | 'FOOD_BAIJIU'
  | 'FOOD_IMPORTED_WINE'
  | 'FOOD_IMPORTED_MILK_POWDER'
  | 'DRUG_NARCOTIC'
  | 'DRUG_PSYCHOTROPIC'
  | 'DRUG_MEDICAL_TOXIC'
  | 'DRUG_RADIOACTIVE'
  | 'DRUG_PRECURSOR'
  | 'INPUT_PESTICIDE'
  | 'INPUT_VET_DRUG'
  | 'INPUT_FEED'
  | 'INPUT_FERTILISER'
  | 'INPUT_SEED'
  | 'EQUIP_ELEVATOR'
  | 'EQUIP_VEHICLE_CYLINDER'
  | 'EQUIP_MOBILE_PRESSURE_VESSEL'
  | 'HAZMAT_HIGHLY_TOXIC'
  | 'HAZMAT_EXPLOSIVE_PRECURSOR'
  | 'HAZMAT_KEY_SUPERVISED'
  | 'HAZMAT_FIREWORKS'
  | 'HAZMAT_INDUSTRIAL_EXPLOSIVE'
  | 'HAZMAT_DETONATOR';

/** One annex item with the departments the plan makes responsible for it. */
export interface CatalogueItem {
  code: ItemCode;
  category: CategoryCode;
  zh: string;
  en: string;
  /** Lead department (牵头/负责) per the plan clause. */
  lead: DepartmentCode;
  /** Departments assisting (配合) per the plan clause. */
  assisting: readonly DepartmentCode[];
  /** Plan clause naming the departments. */
  planClause: string;
  /** Whether the annex lists 无公害/绿色/有机 certification as a focus for it. */
  certifiable?: boolean;
}

type Depts = Pick<CatalogueItem, 'lead' | 'assisting' | 'planClause'>;
const AGRI_D: Depts = {
  lead: 'AGRICULTURE',
  assisting: ['DEVELOPMENT', 'MARKET_QUALITY', 'FOOD_DRUG'],
  planClause: '二(二)',
};
const FOOD_D: Depts = {
  lead: 'FOOD_DRUG',
  assisting: ['INDUSTRY', 'AGRICULTURE', 'MARKET_QUALITY'],
  planClause: '二(三) ¶1',
};
const IMPORT_D: Depts = {
  lead: 'ENTRY_EXIT_INSPECTION',
  assisting: ['FOOD_DRUG', 'COMMERCE', 'CUSTOMS'],
  planClause: '二(三) ¶2',
};
// 二(四) ¶2 makes 市卫计委 solely responsible for the special-drug chain inside medical institutions.
const DRUG_D: Depts = {
  lead: 'FOOD_DRUG',
  assisting: ['INDUSTRY', 'COMMERCE', 'HEALTH', 'MARKET_QUALITY'],
  planClause: '二(四)',
};
const INPUT_D: Depts = {
  lead: 'AGRICULTURE',
  assisting: ['DEVELOPMENT', 'MARKET_QUALITY', 'SUPPLY_COOP'],
  planClause: '二(五)',
};
const EQUIP_D: Depts = { lead: 'MARKET_QUALITY', assisting: [], planClause: '二(六)' };
const CHEM_D: Depts = {
  lead: 'SAFETY',
  assisting: ['PUBLIC_SECURITY', 'ENVIRONMENT', 'TRANSPORT', 'MARKET_QUALITY'],
  planClause: '二(七) ¶1',
};
const FIREWORKS_D: Depts = {
  lead: 'SUPPLY_COOP',
  assisting: ['SAFETY', 'PUBLIC_SECURITY', 'INDUSTRY', 'MARKET_QUALITY'],
  planClause: '二(七) ¶2',
};
const EXPLOSIVES_D: Depts = {
  lead: 'PUBLIC_SECURITY',
  assisting: ['INDUSTRY', 'SAFETY', 'MARKET_QUALITY'],
  planClause: '二(七) ¶3',
};

/** Every annex item, in the annex's order. */
export const ITEMS: readonly CatalogueItem[] = [
  { code: 'AGRI_VEGETABLE', category: 'AGRI', zh: '蔬菜', en: 'Vegetables', certifiable: true, ...AGRI_D },
  { code: 'AGRI_FRUIT', category: 'AGRI', zh: '水果', en: 'Fruit', certifiable: true, ...AGRI_D },
  { code: 'AGRI_TEA', category: 'AGRI', zh: '茶叶', en: 'Tea', certifiable: true, ...AGRI_D },
  { code: 'AGRI_PIG', category: 'AGRI', zh: '生猪产品', en: 'Pig products', certifiable: true, ...AGRI_D },
  { code: 'AGRI_POULTRY', category: 'AGRI', zh: '家禽', en: 'Poultry', certifiable: true, ...AGRI_D },
  {
    code: 'AGRI_FRESHWATER',
    category: 'AGRI',
    zh: '淡水产品',
    en: 'Freshwater products',
    certifiable: true,
    ...AGRI_D,
  },
  { code: 'FOOD_INFANT_FORMULA', category: 'FOOD', zh: '婴幼儿配方乳粉', en: 'Infant formula', ...FOOD_D },
  { code: 'FOOD_DAIRY', category: 'FOOD', zh: '乳制品', en: 'Dairy products', ...FOOD_D },
  { code: 'FOOD_EDIBLE_OIL', category: 'FOOD', zh: '食用植物油', en: 'Edible vegetable oil', ...FOOD_D },
  { code: 'FOOD_BAIJIU', category: 'FOOD', zh: '预包装白酒', en: 'Pre-packaged baijiu', ...FOOD_D },
  { code: 'FOOD_IMPORTED_WINE', category: 'FOOD', zh: '进口红酒', en: 'Imported red wine', ...IMPORT_D },
  {
    code: 'FOOD_IMPORTED_MILK_POWDER',
    category: 'FOOD',
    zh: '进口乳粉',
    en: 'Imported milk powder',
    ...IMPORT_D,
  },
  { code: 'DRUG_NARCOTIC', category: 'DRUG', zh: '麻醉药品', en: 'Narcotic drugs', ...DRUG_D },
  { code: 'DRUG_PSYCHOTROPIC', category: 'DRUG', zh: '精神药品', en: 'Psychotropic drugs', ...DRUG_D },
  {
    code: 'DRUG_MEDICAL_TOXIC',
    category: 'DRUG',
    zh: '医疗用毒性药品',
    en: 'Toxic drugs for medical use',
    ...DRUG_D,
  },
  { code: 'DRUG_RADIOACTIVE', category: 'DRUG', zh: '放射性药品', en: 'Radioactive drugs', ...DRUG_D },
  {
    code: 'DRUG_PRECURSOR',
    category: 'DRUG',
    zh: '药品类易制毒化学品',
    en: 'Drug-type precursor chemicals',
    ...DRUG_D,
  },
  { code: 'INPUT_PESTICIDE', category: 'INPUT', zh: '农药', en: 'Pesticides', ...INPUT_D },
  { code: 'INPUT_VET_DRUG', category: 'INPUT', zh: '兽药', en: 'Veterinary drugs', ...INPUT_D },
  { code: 'INPUT_FEED', category: 'INPUT', zh: '饲料', en: 'Feed', ...INPUT_D },
  { code: 'INPUT_FERTILISER', category: 'INPUT', zh: '肥料', en: 'Fertiliser', ...INPUT_D },
  { code: 'INPUT_SEED', category: 'INPUT', zh: '种子', en: 'Seeds', ...INPUT_D },
  { code: 'EQUIP_ELEVATOR', category: 'EQUIP', zh: '电梯', en: 'Elevators', ...EQUIP_D },
  {
    code: 'EQUIP_VEHICLE_CYLINDER',
    category: 'EQUIP',
    zh: '车用气瓶',
    en: 'Vehicle gas cylinders',
    ...EQUIP_D,
  },
  {
    code: 'EQUIP_MOBILE_PRESSURE_VESSEL',
    category: 'EQUIP',
    zh: '移动式压力容器',
    en: 'Mobile pressure vessels',
    ...EQUIP_D,
  },
  {
    code: 'HAZMAT_HIGHLY_TOXIC',
    category: 'HAZMAT',
    zh: '剧毒化学品',
    en: 'Highly toxic chemicals',
    ...CHEM_D,
  },
  {
    code: 'HAZMAT_EXPLOSIVE_PRECURSOR',
    category: 'HAZMAT',
    zh: '易制爆危险化学品',
    en: 'Explosive-precursor hazardous chemicals',
    ...CHEM_D,
  },
  {
    code: 'HAZMAT_KEY_SUPERVISED',
    category: 'HAZMAT',
    zh: '重点监管的危险化学品',
    en: 'Key-supervised hazardous chemicals',
    ...CHEM_D,
  },
  { code: 'HAZMAT_FIREWORKS', category: 'HAZMAT', zh: '烟花爆竹产品', en: 'Fireworks', ...FIREWORKS_D },
  {
    code: 'HAZMAT_INDUSTRIAL_EXPLOSIVE',
    category: 'HAZMAT',
    zh: '工业炸药',
    en: 'Industrial explosives',
    ...EXPLOSIVES_D,
  },
  {
    code: 'HAZMAT_DETONATOR',
    category: 'HAZMAT',
    zh: '工业雷管',
    en: 'Industrial detonators',
    ...EXPLOSIVES_D,
  },
];

/**
 * Certification marks the annex names for edible agricultural products ("有效期内的无公害农产品、绿色食品、
 * 有机产品"). 无公害 is kept as a legacy attribute only: the national mark was handed down to the provinces
 * (CHINA-TRACE-FACTS §0.5).
 */
export const CERTIFICATIONS = {
  pollution_free: { zh: '无公害农产品', en: 'Pollution-free agricultural product (legacy)' },
  green_food: { zh: '绿色食品', en: 'Green food' },
  organic: { zh: '有机产品', en: 'Organic product' },
} as const;

/** A certification kind. */
export type CertificationKind = keyof typeof CERTIFICATIONS;

const ITEM_MAP: ReadonlyMap<string, CatalogueItem> = new Map(ITEMS.map((i) => [i.code, i]));

/** The annex item with this code, or undefined. */
export const findItem = (code: string): CatalogueItem | undefined => ITEM_MAP.get(code);

/** The category with this code, or undefined. */
export const findCategory = (code: string): Category | undefined => CATEGORIES.find((c) => c.code === code);

/** The items of one category, in annex order. */
export const itemsOf = (category: CategoryCode): CatalogueItem[] =>
  ITEMS.filter((i) => i.category === category);
