/** Table types of the master-data module. */
import type { Generated } from 'kysely';

/** divisions: GB/T 2260 administrative divisions (and the functional zones inside them). */
export interface DivisionsTable {
  code: string;
  name_zh: string;
  name_en: string;
  parent_code: string | null;
  /** `province`, `city`, `county` or `zone` (a functional zone administered inside a host division). */
  level: string;
}

/** products: what an organisation makes or trades, in one of the six categories. */
export interface ProductsTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  name_en: string | null;
  /** Category code (one of the six, see catalogue). */
  category: string;
  /** Annex item code within the category, when known. */
  item: string | null;
  /** GTIN-14 when the product has one. */
  gtin: string | null;
  /** Registration or approval number (农药登记证号, 兽药批准文号, 国药准字, 婴配粉注册号 …), validated by codes. */
  registration_no: string | null;
  /** Label data the profile checks use (JSON): safetyIntervalDays, withdrawalDays, activeIngredients. */
  attributes: unknown;
  created_at: number;
  updated_at: number;
}

/** product_codes: class-level code prefixes that name a product without a GTIN (药品标识码, platform codes …). */
export interface ProductCodesTable {
  id: Generated<number>;
  product_id: number;
  /** Canonical identifier prefix (codes module form), e.g. `urn:zhuisu:drug-trace-code:8123456`. */
  prefix: string;
  created_at: number;
}

/** product_certifications: 无公害/绿色/有机 certificates of a product, with their validity. */
export interface ProductCertificationsTable {
  id: Generated<number>;
  product_id: number;
  org_id: number;
  kind: string;
  number: string;
  valid_from: string;
  valid_until: string;
  document_id: number | null;
  created_at: number;
}

/** locations: farm plots, factories, warehouses, stalls, stores, hospitals, magazines … */
export interface LocationsTable {
  id: Generated<number>;
  org_id: number;
  /** Canonical identifier: SGLN as canonical Digital Link, or `urn:zhuisu:loc:<USCC>:<local id>`. */
  identifier: string;
  name: string;
  kind: string;
  division_code: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  /** `api` (registered in the console) or `epcis` (declared in a captured document's header). */
  source: string;
  created_at: number;
  updated_at: number;
}

/** licences: an organisation's permits (SC food production, drug trade, pesticide trade, TS special equipment …). */
export interface LicencesTable {
  id: Generated<number>;
  org_id: number;
  type: string;
  number: string;
  scope: string | null;
  issuer: string | null;
  /** YYYY-MM-DD. */
  valid_from: string;
  /** YYYY-MM-DD, last day the licence is valid. */
  expires_on: string;
  document_id: number | null;
  created_at: number;
}

/** batches: a lot of a product with its dates and the quantity on hand. */
export interface BatchesTable {
  id: Generated<number>;
  org_id: number;
  product_id: number;
  lot: string;
  produced_on: string | null;
  expires_on: string | null;
  quantity: number;
  uom: string;
  created_at: number;
  updated_at: number;
}

/** batch_documents: certificates and reports attached to a batch. */
export interface BatchDocumentsTable {
  batch_id: number;
  document_id: number;
}

/** equipment: the register of elevators, vehicle gas cylinders and mobile pressure vessels. */
export interface EquipmentTable {
  id: Generated<number>;
  org_id: number;
  product_id: number | null;
  item: string;
  /** Canonical identifier of the device (设备代码 or a GS1 key) the events name. */
  identifier: string;
  /** 使用登记证编号, once registered. */
  use_registration_no: string | null;
  location_id: number | null;
  next_inspection_on: string | null;
  next_maintenance_on: string | null;
  nominal_pressure_mpa: number | null;
  created_at: number;
  updated_at: number;
}

/** documents: uploaded files (reports, certificates, photos), content-addressed under `<dataDir>/files`. */
export interface DocumentsTable {
  id: Generated<number>;
  org_id: number;
  sha256: string;
  name: string;
  media_type: string;
  size: number;
  kind: string;
  created_at: number;
}

/** compliance_certificates: 承诺达标合格证 issued per batch, and re-issued after a buyer mixes lots. */
export interface ComplianceCertificatesTable {
  id: Generated<number>;
  org_id: number;
  batch_id: number;
  number: string;
  /** JSON arrays of the promise items and the basis (自控/自检/委托检测). */
  promise: unknown;
  basis: unknown;
  product_name: string;
  quantity: number;
  uom: string;
  origin_division: string;
  issued_on: string;
  issuer_name: string;
  contact: string;
  created_at: number;
}

/** certificate_sources: the source certificates a re-issued (mixed-lot) certificate was made from. */
export interface CertificateSourcesTable {
  certificate_id: number;
  source_id: number;
}

/** vocabulary_elements: EPCIS master data (epcisMasterData vocabularies) declared in captured documents. */
export interface VocabularyElementsTable {
  id: Generated<number>;
  org_id: number;
  vtype: string;
  element_id: string;
  attributes: unknown;
  children: unknown;
  updated_at: number;
}

/** profile_gaps: profile issues of events stored under `warn` strictness, for the completeness score. */
export interface ProfileGapsTable {
  id: Generated<number>;
  event_pk: number;
  org_id: number;
  category: string;
  item: string;
  code: string;
  path: string;
  element: string | null;
  message: string;
  catalogue_version: string;
  created_at: number;
}

/** input_applications: pesticide and veterinary-drug uses, by the plot, herd or identifier they touched. */
export interface InputApplicationsTable {
  event_pk: number;
  /** `plot:<id>`, `herd:<id>` or `id:<identifier row id>`. */
  subject: string;
  kind: string;
  reg_no: string;
  applied_on: string;
  withholding_days: number | null;
}

/** blasting_job_events: events of a blasting job (issue, use, return), for the detonator balance. */
export interface BlastingJobEventsTable {
  job_id: string;
  org_id: number;
  event_pk: number;
}

/** The master-data module's slice of the database. */
export interface MasterdataTables {
  divisions: DivisionsTable;
  products: ProductsTable;
  product_codes: ProductCodesTable;
  product_certifications: ProductCertificationsTable;
  locations: LocationsTable;
  licences: LicencesTable;
  batches: BatchesTable;
  batch_documents: BatchDocumentsTable;
  equipment: EquipmentTable;
  documents: DocumentsTable;
  compliance_certificates: ComplianceCertificatesTable;
  certificate_sources: CertificateSourcesTable;
  vocabulary_elements: VocabularyElementsTable;
  profile_gaps: ProfileGapsTable;
  input_applications: InputApplicationsTable;
  blasting_job_events: BlastingJobEventsTable;
}
