/**
 * Master data: divisions, products, locations, licences, batches, equipment, documents, certifications and
 * certificates of compliance; the EPCIS master data of captured documents; the profile check at capture.
 */
export * from './batches.service.js';
export * from './certificate-pdf.renderer.js';
export * from './certifications.service.js';
export * from './compliance-certificates.service.js';
export * from './divisions.service.js';
export * from './documents.service.js';
export { declaredLocations, storeHeaderMasterData, vocabulariesOf } from './epcis-masterdata.js';
export * from './equipment.service.js';
export { insideChina } from './geo.js';
export * from './licences.service.js';
export * from './locations.service.js';
export { Problems } from './masterdata.errors.js';
export { type MasterdataHookInput, masterdataHook } from './masterdata.hook.js';
export type { MasterdataTables } from './masterdata.tables.js';
export * from './products.service.js';
export { type CheckedEvent, type ProfileHookInput, profileHook, runProfileCheck } from './profile.hook.js';
