/** Two codes with the same lookup-log key (32-bit FNV-1a, lookup-key.ts), found by trying serials of one GTIN. */
export const LOOKUP_KEY_COLLISION = [
  'https://id.gs1.org/01/06920001000011/21/S406048',
  'https://id.gs1.org/01/06920001000011/21/S1007956',
] as const;
