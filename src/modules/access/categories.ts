/**
 * The six category codes of the city's plan (DESIGN.md, "The six categories"). Departments are scoped by these.
 * NOTE: the catalogue module holds the full catalogue; access needs only the codes, so it keeps this list and a
 * test checks the two agree.
 */
export const CATEGORY_CODES = ['AGRI', 'FOOD', 'DRUG', 'INPUT', 'EQUIP', 'HAZMAT'] as const;

/** One of the six category codes. */
export type CategoryCode = (typeof CATEGORY_CODES)[number];

/** Whether a string is one of the six category codes. */
export const isCategoryCode = (s: string): s is CategoryCode =>
  (CATEGORY_CODES as readonly string[]).includes(s);
