/** Administrative divisions (GB/T 2260) and functional zones: public reference data. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** A division as the API shows it. */
export interface Division {
  code: string;
  nameZh: string;
  nameEn: string;
  parentCode: string | null;
  level: string;
}

/** Every division, ordered by code. */
export async function listDivisions(db: Kysely<DB>): Promise<Division[]> {
  const rows = await db.selectFrom('divisions').selectAll().orderBy('code').execute();
  return rows.map((r) => ({
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    parentCode: r.parent_code,
    level: r.level,
  }));
}
