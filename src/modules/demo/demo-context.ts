/**
 * The demo builder's toolbox: a seeded random source, organisations with demo logins, products, identifiers in
 * GS1 and Chinese forms, event times in Ji'an's offset, and capture through the real pipeline.
 */
import type { Config } from '../../config/index.js';
import type { Database } from '../../db/index.js';
import { createOrganisation, createUser, type Principal, type Scope, scopeFor } from '../access/index.js';
import { ZS_NAMESPACE } from '../catalogue/index.js';
import { makeUscc, withGs1CheckDigit } from '../codes/index.js';
import { type CaptureHook, captureEvents } from '../events/index.js';
import { createLocation, createProduct, type NewLocation, type NewProduct } from '../masterdata/index.js';

type Obj = Record<string, unknown>;

/** The password every demo account gets (demo data only; printed by `zhuisu demo` and on a seeded first start). */
export const DEMO_PASSWORD = 'Jian-demo-2026';

/** The JSON-LD context of every demo document: EPCIS 2.0 plus the project namespace. */
export const DEMO_CONTEXT: readonly unknown[] = [
  'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
  { zs: ZS_NAMESPACE },
];

/** Mulberry32: a small, fast, seeded PRNG, so the same seed builds the same data set. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A demo organisation. */
export interface DemoOrg {
  key: string;
  id: number;
  index: number;
  name: string;
  uscc: string;
  division: string;
  scope: Scope;
  /** `urn:zhuisu:org:<USCC>` (DESIGN.md, "Naming parties"). */
  party: string;
}

/** One demo login. */
export interface DemoLogin {
  username: string;
  password: string;
  org: string;
  audience: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The demo builder. */
export class DemoContext {
  readonly orgs = new Map<string, DemoOrg>();
  readonly logins: DemoLogin[] = [];
  events = 0;
  private usccSerial = 0;
  private childDivisions: (code: string) => string[] = () => [];

  constructor(
    readonly database: Database,
    readonly config: Config,
    readonly hooks: readonly CaptureHook[],
    readonly random: () => number,
  ) {}

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  /** A deterministic urn:uuid (v4 layout) from the seeded source. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16)).join('');
    return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  private nextUscc(division: string): string {
    // GB 11714: an 8-character organisation body; some bodies have no valid check character, so try the next.
    for (let attempt = 0; attempt < 100; attempt++) {
      this.usccSerial += 1;
      const body = `MA${pad(this.usccSerial * 7919 + 1301, 6).slice(-6)}`;
      try {
        return makeUscc({
          authority: '9',
          entityType: '1',
          division: /^\d{6}$/.test(division) ? division : '360800',
          orgBody: body,
        });
      } catch {
        // a body without a valid check character: take the next
      }
    }
    throw new Error('demo bug: no valid USCC body in 100 attempts');
  }

  /** Creates an organisation and its demo user. */
  async org(
    key: string,
    spec: {
      name: string;
      division: string;
      kind?: 'enterprise' | 'platform' | 'department' | 'county';
      categories?: string[];
      username: string;
      audience: string;
    },
  ): Promise<DemoOrg> {
    const { db, dialect } = this.database;
    const kind = spec.kind ?? 'enterprise';
    const uscc = kind === 'enterprise' ? this.nextUscc(spec.division) : null;
    const made = await createOrganisation(db, dialect, {
      kind,
      name: spec.name,
      uscc,
      divisionCode: spec.division,
      ...(spec.categories ? { categories: spec.categories } : {}),
    });
    await createUser(db, {
      orgId: made.id,
      orgKind: kind,
      username: spec.username,
      role: 'manager',
      password: DEMO_PASSWORD,
    });
    this.logins.push({
      username: spec.username,
      password: DEMO_PASSWORD,
      org: spec.name,
      audience: spec.audience,
    });
    const principal: Principal = {
      via: 'key',
      userId: null,
      keyId: null,
      username: spec.username,
      role: 'manager',
      org: {
        id: made.id,
        kind,
        name: made.name,
        uscc,
        divisionCode: spec.division,
        categories: made.categories,
      },
    };
    const org: DemoOrg = {
      key,
      id: made.id,
      index: this.orgs.size + 1,
      name: spec.name,
      uscc: uscc ?? '',
      division: spec.division,
      scope: scopeFor(principal, this.childDivisions),
      party: `urn:zhuisu:org:${uscc ?? made.id}`,
    };
    this.orgs.set(key, org);
    return org;
  }

  /** The organisation registered under `key`. */
  get(key: string): DemoOrg {
    const org = this.orgs.get(key);
    if (!org) throw new Error(`demo bug: no organisation ${key}`);
    return org;
  }

  /** A GTIN-13 of organisation `org`'s product number `n` (GS1 China prefix 692, company number = org index). */
  gtin(org: DemoOrg, n: number): string {
    return withGs1CheckDigit(`692${pad(org.index, 4)}${pad(n, 5)}`);
  }

  /** Registers a product. */
  async product(org: DemoOrg, input: NewProduct): Promise<number> {
    return (await createProduct(this.database.db, org.scope, input)).id;
  }

  /** Registers a location and returns its identifier. */
  async location(org: DemoOrg, input: NewLocation): Promise<string> {
    return (await createLocation(this.database.db, org.scope, input)).identifier;
  }

  /** Captures events recorded by `org` as one EPCIS document through the real pipeline. */
  async capture(org: DemoOrg, events: Obj[], header?: Obj): Promise<void> {
    if (events.length === 0) return;
    const doc: Obj = {
      '@context': DEMO_CONTEXT,
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: new Date(Date.UTC(2026, 10, 20)).toISOString(),
      ...(header ? { epcisHeader: header } : {}),
      epcisBody: { eventList: events },
    };
    const outcome = await captureEvents(this.database, { orgId: org.id, hooks: this.hooks }, doc as never);
    this.events += outcome.stored;
  }
}

/** A unit (SGTIN) as a GS1 Digital Link. */
export const sgtin = (gtin13: string, serial: string): string =>
  `https://id.gs1.org/01/0${gtin13}/21/${serial}`;
/** A lot (LGTIN) as a GS1 Digital Link. */
export const lgtin = (gtin13: string, lot: string): string => `https://id.gs1.org/01/0${gtin13}/10/${lot}`;
/** An SSCC (case or pallet) as a GS1 Digital Link: extension 0, GS1 prefix 692 + the organisation number. */
export const sscc = (org: DemoOrg, n: number): string =>
  `https://id.gs1.org/00/${withGs1CheckDigit(`0692${pad(org.index, 4)}${pad(n, 9)}`)}`;

/** An event time in Ji'an (UTC+8): day `day` after 2026-09-01, at `hour`:`minute`. */
export function at(day: number, hour: number, minute = 0): string {
  const d = new Date(Date.UTC(2026, 8, 1 + day, hour, minute));
  return `${d.toISOString().slice(0, 16)}:00+08:00`;
}

/** The local date (YYYY-MM-DD) of `at(day, …)`. */
export const dateOf = (day: number): string =>
  new Date(Date.UTC(2026, 8, 1 + day)).toISOString().slice(0, 10);

/** An ObjectEvent with the fields every demo event shares. */
export function objectEvent(fields: Obj): Obj {
  return { type: 'ObjectEvent', eventTimeZoneOffset: '+08:00', action: 'OBSERVE', ...fields };
}

/** Source and destination parties of a hand-over (CBV 2.0 owning_party). */
export function handOver(from: DemoOrg, to: DemoOrg): Obj {
  return {
    sourceList: [{ type: 'owning_party', source: from.party }],
    destinationList: [{ type: 'owning_party', destination: to.party }],
  };
}

/** A quantity of a lot. */
export const qty = (epcClass: string, quantity: number, uom = 'KGM'): Obj => ({ epcClass, quantity, uom });
