/** The six life-cycle profiles and stage look-up. */
import type { CategoryCode } from './catalogue.js';
import type { CategoryProfile, Stage } from './profile.types.js';
import { AGRI_PROFILE } from './profiles/agri.profile.js';
import { DRUG_PROFILE } from './profiles/drug.profile.js';
import { EQUIP_PROFILE } from './profiles/equip.profile.js';
import { FOOD_PROFILE } from './profiles/food.profile.js';
import { HAZMAT_PROFILE } from './profiles/hazmat.profile.js';
import { INPUT_PROFILE } from './profiles/input.profile.js';

/** The life-cycle profile of each category. */
export const PROFILES: Readonly<Record<CategoryCode, CategoryProfile>> = {
  AGRI: AGRI_PROFILE,
  FOOD: FOOD_PROFILE,
  DRUG: DRUG_PROFILE,
  INPUT: INPUT_PROFILE,
  EQUIP: EQUIP_PROFILE,
  HAZMAT: HAZMAT_PROFILE,
};

/** Every stage of every profile. */
export const ALL_STAGES: readonly Stage[] = Object.values(PROFILES).flatMap((p) => p.stages);

/** Whether a stage applies to an item of its category. */
export const stageAppliesTo = (stage: Stage, item: string): boolean =>
  stage.items === undefined || (stage.items as readonly string[]).includes(item);

/** The stage of `category` for a canonical bizStep and an item, or undefined. */
export function findStage(category: CategoryCode, bizStep: string, item: string): Stage | undefined {
  return PROFILES[category].stages.find((s) => s.bizStep === bizStep && stageAppliesTo(s, item));
}

/** Whether an element is required of an item at a stage. */
export const isRequired = (use: Stage['elements'][number], item: string): boolean =>
  use.required === true ||
  (Array.isArray(use.required) && (use.required as readonly string[]).includes(item));
