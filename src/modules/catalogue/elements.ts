/** The registry of every project data element, by local name. */
import { DRUG_ELEMENTS } from './elements/drug.elements.js';
import { EQUIPMENT_ELEMENTS } from './elements/equipment.elements.js';
import { FARM_ELEMENTS } from './elements/farm.elements.js';
import { FOOD_ELEMENTS } from './elements/food.elements.js';
import { HAZMAT_ELEMENTS } from './elements/hazmat.elements.js';
import type { ElementDef } from './profile.types.js';

/** Every data element in the project namespace. */
export const ELEMENTS: readonly ElementDef[] = [
  ...FARM_ELEMENTS,
  ...FOOD_ELEMENTS,
  ...DRUG_ELEMENTS,
  ...EQUIPMENT_ELEMENTS,
  ...HAZMAT_ELEMENTS,
];

const BY_NAME: ReadonlyMap<string, ElementDef> = new Map(ELEMENTS.map((e) => [e.name, e]));

/** The element with this local name, or undefined. */
export const findElement = (name: string): ElementDef | undefined => BY_NAME.get(name);
