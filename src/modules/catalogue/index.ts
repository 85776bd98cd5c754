/** Public API of the catalogue module: categories, items, profiles, the profile check and its rules. */
export { BANNED_PESTICIDES, type BannedPesticide, findBannedIngredients } from './banned-pesticides.js';
export {
  CATALOGUE_VERSION,
  CATEGORIES,
  type CatalogueItem,
  type Category,
  type CategoryCode,
  CERTIFICATIONS,
  type CertificationKind,
  DEPARTMENTS,
  type DepartmentCode,
  findCategory,
  findItem,
  ITEMS,
  type ItemCode,
  itemsOf,
} from './catalogue.js';
export { eventLocalDate } from './dates.js';
export {
  type BalanceIssue,
  type DetonatorBalance,
  detonatorBalance,
  detonatorCodesOf,
  EXPLOSIVE_STEPS,
} from './detonator-balance.js';
export { checkElementValue } from './element-value.js';
export { ELEMENTS, findElement } from './elements.js';
export {
  CBV_BIZSTEPS,
  type CbvBizStep,
  isProjectBizStep,
  normaliseBizStep,
  ZS_CONTEXT,
  ZS_NAMESPACE,
  ZS_PREFIX,
  zsBizStep,
} from './namespace.js';
export type {
  CategoryProfile,
  ElementDef,
  ElementKind,
  ElementPlace,
  ElementUse,
  EpcisEventType,
  PriorApplication,
  ProfileContext,
  ProfileIssue,
  ProfileIssueCode,
  Stage,
  StageRule,
} from './profile.types.js';
export { checkEventAgainstProfile } from './profile-check.js';
export { ALL_STAGES, findStage, isRequired, PROFILES, stageAppliesTo } from './profiles.js';
export {
  applyStrictness,
  type CaptureActor,
  type ProfileVerdict,
  type Strictness,
  strictnessFor,
} from './strictness.js';
