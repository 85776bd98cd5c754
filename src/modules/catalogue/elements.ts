/** The registry of every project data element, by local name. */
import { DRUG_EQUIP_HAZMAT_ELEMENTS } from './elements-drug-equip-hazmat.js';
import { FARM_FOOD_ELEMENTS } from './elements-farm-food.js';
import type { ElementDef } from './profile.types.js';

/** Every data element in the project namespace. */
export const ELEMENTS: readonly ElementDef[] = [...FARM_FOOD_ELEMENTS, ...DRUG_EQUIP_HAZMAT_ELEMENTS];

const BY_NAME: ReadonlyMap<string, ElementDef> = new Map(ELEMENTS.map((e) => [e.name, e]));

/** The element with this local name, or undefined. */
export const findElement = (name: string): ElementDef | undefined => BY_NAME.get(name);
