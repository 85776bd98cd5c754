/**
 * The public projection, decided here in code and documented in docs/public-projection.md: for each category, what
 * a shopper may see of a code's story. Everything not listed is never shown — partner prices and quantities,
 * farmers' phone numbers, patient and prescription data, blasting jobs, transport routes of dangerous goods.
 */
import type { CategoryCode } from '../catalogue/index.js';

/** How much of the journey the public sees. */
export type TimelineVisibility = 'all' | 'producer-only' | 'none';

/** What the public may see of one category. */
export interface CategoryProjection {
  /** Only "this code is registered; call the police if found" — nothing else, no producer, no flows. */
  restricted: boolean;
  product: boolean;
  producer: boolean;
  timeline: TimelineVisibility;
  /** Names of the organisations at each step other than the producer (wholesalers, shops, installers). */
  partnerNames: boolean;
  documents: boolean;
  /** The "looked up N times" line and the copied-code warning. */
  lookups: boolean;
}

const OPEN: CategoryProjection = {
  restricted: false,
  product: true,
  producer: true,
  timeline: 'all',
  partnerNames: true,
  documents: true,
  lookups: true,
};

/**
 * The projection of each category. DRUG: special drugs (麻醉/精神/医疗用毒性/放射性/药品类易制毒) show whether the
 * code is genuine, the manufacturer, batch and expiry — never the chain of wholesalers, hospitals and patients
 * (药品管理法 2019 第三十六条 puts the chain under regulators, not the public). HAZMAT: hazardous chemicals,
 * fireworks and civil explosives show only that the code is registered (民用爆炸物品安全管理条例 第五条: flows are
 * for the public-security organs).
 */
export const PROJECTIONS: Readonly<Record<CategoryCode, CategoryProjection>> = {
  AGRI: OPEN,
  FOOD: OPEN,
  INPUT: OPEN,
  EQUIP: OPEN,
  DRUG: { ...OPEN, timeline: 'producer-only', partnerNames: false, documents: false },
  HAZMAT: {
    restricted: true,
    product: false,
    producer: false,
    timeline: 'none',
    partnerNames: false,
    documents: false,
    lookups: false,
  },
};

/** A code whose category is not known yet: the producer's own steps only, until master data says more. */
export const UNKNOWN_CATEGORY_PROJECTION: CategoryProjection = {
  ...OPEN,
  timeline: 'producer-only',
  partnerNames: false,
};

/** The projection for a category code (or null/unknown). */
export function projectionFor(category: string | null): CategoryProjection {
  return (PROJECTIONS as Record<string, CategoryProjection>)[category ?? ''] ?? UNKNOWN_CATEGORY_PROJECTION;
}

/**
 * Extension elements (catalogue names) that are public documents, by document kind. Only the number of the
 * document is shown; the documents themselves stay with the enterprise.
 */
export const DOCUMENT_ELEMENTS: Readonly<Record<string, string>> = {
  certificateNo: 'certificate', // 承诺达标合格证
  testReportNo: 'testReport',
  quarantineCertNo: 'quarantineCert',
  inspectionReportNo: 'inspectionReport',
  entryInspectionCertNo: 'entryInspectionCert',
  certificationNo: 'certification',
};

/** Result elements whose value `fail` means the product failed sampling or inspection (catalogue enums). */
export const RESULT_ELEMENTS: readonly string[] = [
  'testResult',
  'inspectionResult',
  'quarantineResult',
  'inspectionConclusion',
];

/** Licence elements a producer's events carry, shown as the producer's licence when master data has none. */
export const LICENCE_ELEMENTS: readonly string[] = [
  'scLicenceNo',
  'productionLicenceNo',
  'manufacturingLicenceNo',
  'slaughterLicenceNo',
];
