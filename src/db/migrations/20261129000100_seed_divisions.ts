/**
 * Seed data: 江西省, 吉安市 and its 13 county-level divisions (GB/T 2260; confirmed in CHINA-TRACE-FACTS.md §2.9),
 * and the city's two functional zones, which have no GB/T 2260 code. NOTE: the zones get project codes `JA-JKQ`
 * and `JA-LLXQ` (never invented 6-digit codes that could collide with future GB/T 2260 codes; facts file §2.9).
 */
import type { Kysely } from 'kysely';

/** The divisions seeded on every store. */
export const JIAN_DIVISIONS = [
  { code: '360000', name_zh: '江西省', name_en: 'Jiangxi Province', parent_code: null, level: 'province' },
  { code: '360800', name_zh: '吉安市', name_en: "Ji'an City", parent_code: '360000', level: 'city' },
  { code: '360802', name_zh: '吉州区', name_en: 'Jizhou District', parent_code: '360800', level: 'county' },
  { code: '360803', name_zh: '青原区', name_en: 'Qingyuan District', parent_code: '360800', level: 'county' },
  { code: '360821', name_zh: '吉安县', name_en: "Ji'an County", parent_code: '360800', level: 'county' },
  { code: '360822', name_zh: '吉水县', name_en: 'Jishui County', parent_code: '360800', level: 'county' },
  { code: '360823', name_zh: '峡江县', name_en: 'Xiajiang County', parent_code: '360800', level: 'county' },
  { code: '360824', name_zh: '新干县', name_en: 'Xingan County', parent_code: '360800', level: 'county' },
  { code: '360825', name_zh: '永丰县', name_en: 'Yongfeng County', parent_code: '360800', level: 'county' },
  { code: '360826', name_zh: '泰和县', name_en: 'Taihe County', parent_code: '360800', level: 'county' },
  { code: '360827', name_zh: '遂川县', name_en: 'Suichuan County', parent_code: '360800', level: 'county' },
  { code: '360828', name_zh: '万安县', name_en: "Wan'an County", parent_code: '360800', level: 'county' },
  { code: '360829', name_zh: '安福县', name_en: 'Anfu County', parent_code: '360800', level: 'county' },
  { code: '360830', name_zh: '永新县', name_en: 'Yongxin County', parent_code: '360800', level: 'county' },
  {
    code: '360881',
    name_zh: '井冈山市',
    name_en: 'Jinggangshan City',
    parent_code: '360800',
    level: 'county',
  },
  {
    code: 'JA-JKQ',
    name_zh: '井冈山经济技术开发区',
    name_en: 'Jinggangshan Economic and Technological Development Zone',
    parent_code: '360800',
    level: 'zone',
  },
  {
    code: 'JA-LLXQ',
    name_zh: '吉安市庐陵新区',
    name_en: "Luling New Area of Ji'an",
    parent_code: '360800',
    level: 'zone',
  },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  const any = db as Kysely<{
    divisions: { code: string; name_zh: string; name_en: string; parent_code: string | null; level: string };
  }>;
  await any
    .insertInto('divisions')
    .values(JIAN_DIVISIONS.map((d) => ({ ...d })))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const any = db as Kysely<{ divisions: { code: string } }>;
  await any
    .deleteFrom('divisions')
    .where(
      'code',
      'in',
      JIAN_DIVISIONS.map((d) => d.code),
    )
    .execute();
}
