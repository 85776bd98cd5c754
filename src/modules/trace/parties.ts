/**
 * Which organisation a party or place named in an event stands for (DESIGN.md, Naming parties and places in events):
 * the platform URIs carry the USCC (`urn:zhuisu:org:<USCC>`, `urn:zhuisu:loc:<USCC>:<local id>`); a PGLN (GS1 AI 417)
 * is the organisation's own GLN or, failing that, the GLN of one of its registered locations; an SGLN (AI 414, with
 * an optional extension AI 254) is a registered location (with or without its extension) or an organisation's GLN.
 */
import type { Kysely } from 'kysely';
import { inValueList } from '../../db/dialects/value-list.js';
import type { DB } from '../../db/schema.js';
import { usccOfParty } from './trace-vocabulary.js';

const GLN_NAME = /^https:\/\/id\.gs1\.org\/(417|414)\/(\d{13})(?:\/254\/(.+))?$/;

/** The GS1 key inside a party or location identifier in canonical Digital Link form. */
export function glnOf(name: string): { ai: '417' | '414'; gln: string; extension: string | null } | null {
  const m = GLN_NAME.exec(name);
  return m ? { ai: m[1] as '417' | '414', gln: m[2]!, extension: m[3] ?? null } : null;
}

/** The SGLN (no extension) of a GLN, as locations store it. */
export const sglnOf = (gln: string): string => `https://id.gs1.org/414/${gln}`;

/** Organisation ids of the party and location names given (names that resolve to nobody are left out). */
export async function resolvePartyOrgs(
  db: Kysely<DB>,
  names: Iterable<string>,
): Promise<Map<string, number>> {
  const usccs = new Set<string>();
  const glns = new Set<string>();
  const locations = new Set<string>();
  const list = [...new Set(names)];
  for (const name of list) {
    const u = usccOfParty(name);
    if (u) {
      usccs.add(u);
      continue;
    }
    const g = glnOf(name);
    if (!g) continue;
    glns.add(g.gln);
    locations.add(sglnOf(g.gln));
    if (g.ai === '414') locations.add(name);
  }
  const byUscc = new Map<string, number>();
  const byGln = new Map<string, number>();
  const byLocation = new Map<string, number>();
  if (usccs.size > 0 || glns.size > 0) {
    const rows = await db
      .selectFrom('organisations')
      .select(['id', 'uscc', 'gln'])
      .where((eb) =>
        eb.or([inValueList(db, 'uscc', [...usccs], 'text'), inValueList(db, 'gln', [...glns], 'text')]),
      )
      .execute();
    for (const r of rows) {
      if (r.uscc) byUscc.set(r.uscc, Number(r.id));
      if (r.gln) byGln.set(r.gln, Number(r.id));
    }
  }
  if (locations.size > 0) {
    const rows = await db
      .selectFrom('locations')
      .select(['identifier', 'org_id'])
      .where(inValueList(db, 'identifier', [...locations], 'text'))
      .execute();
    for (const r of rows) byLocation.set(r.identifier, Number(r.org_id));
  }
  const out = new Map<string, number>();
  for (const name of list) {
    const u = usccOfParty(name);
    let id: number | undefined;
    if (u) id = byUscc.get(u);
    else {
      const g = glnOf(name);
      if (!g) continue;
      // A PGLN names the legal entity first, an SGLN the place first (GS1 General Specifications: one GLN may identify
      // both a party and a physical location).
      id =
        g.ai === '417'
          ? (byGln.get(g.gln) ?? byLocation.get(sglnOf(g.gln)))
          : (byLocation.get(name) ?? byLocation.get(sglnOf(g.gln)) ?? byGln.get(g.gln));
    }
    if (id !== undefined) out.set(name, id);
  }
  return out;
}
