/**
 * The project vocabulary namespace and CBV 2.0 business steps. Every data element and business step the
 * platform defines beyond CBV lives under ONE namespace, declared here and nowhere else (DESIGN.md,
 * "Category extensions").
 */

/** The project namespace IRI; EPCIS 2.0 user extensions and ILMD fields use it (EPCIS 2.0 §7.1.6, §9.8). */
export const ZS_NAMESPACE = 'https://zhuisu.org/voc/';
/** The prefix documents bind to {@link ZS_NAMESPACE} in their `@context`. */
export const ZS_PREFIX = 'zs';
/** The JSON-LD context entry a document adds to use the project vocabulary. */
export const ZS_CONTEXT: Readonly<Record<string, string>> = Object.freeze({ [ZS_PREFIX]: ZS_NAMESPACE });

/**
 * CBV 2.0 business steps as bare words, exactly the enum of the normative EPCIS 2.0 JSON Schema
 * (`definitions/bizStep`). NOTE: CBV 2.0 has no `transforming` and no `harvesting`; a TransformationEvent
 * carries `commissioning` or a project step instead.
 */
export const CBV_BIZSTEPS = [
  'accepting',
  'arriving',
  'assembling',
  'collecting',
  'commissioning',
  'consigning',
  'creating_class_instance',
  'cycle_counting',
  'decommissioning',
  'departing',
  'destroying',
  'disassembling',
  'dispensing',
  'encoding',
  'entering_exiting',
  'holding',
  'inspecting',
  'installing',
  'killing',
  'loading',
  'other',
  'packing',
  'picking',
  'receiving',
  'removing',
  'repackaging',
  'repairing',
  'replacing',
  'reserving',
  'retail_selling',
  'shipping',
  'staging_outbound',
  'stock_taking',
  'stocking',
  'storing',
  'transporting',
  'unloading',
  'unpacking',
  'void_shipping',
  'sensor_reporting',
  'sampling',
] as const;

/** A CBV 2.0 business step word. */
export type CbvBizStep = (typeof CBV_BIZSTEPS)[number];

const CBV_SET: ReadonlySet<string> = new Set(CBV_BIZSTEPS);
// CBV 2.0 §8.2: the Web URI form; EPCIS 1.x documents still send the URN form.
const CBV_WEB_PREFIX = 'https://ref.gs1.org/cbv/BizStep-';
const CBV_URN_PREFIX = 'urn:epcglobal:cbv:bizstep:';
// Project steps mirror GS1's `BizStep-<word>` naming so they read like CBV ones.
const ZS_BIZSTEP_LOCAL = 'BizStep-';

/** The compact (canonical) form of a project business step, e.g. `zs:BizStep-pesticide_application`. */
export const zsBizStep = (word: string): string => `${ZS_PREFIX}:${ZS_BIZSTEP_LOCAL}${word}`;

/** True when a canonical business step is one the project defines (not CBV). */
export const isProjectBizStep = (canonical: string): boolean =>
  canonical.startsWith(`${ZS_PREFIX}:${ZS_BIZSTEP_LOCAL}`);

/**
 * Prefixes that an event's own `@context` binds to the project namespace (JSON-LD 1.1 §4.1.5 term
 * definitions), plus `zs`. Document-level prefixes are passed in by the caller.
 */
export function namespacePrefixes(event: Record<string, unknown>, extra: readonly string[] = []): string[] {
  const out = new Set<string>([ZS_PREFIX, ...extra]);
  const ctx = event['@context'];
  const entries = Array.isArray(ctx) ? ctx : [ctx];
  for (const entry of entries) {
    if (entry === null || typeof entry !== 'object') continue;
    for (const [prefix, iri] of Object.entries(entry as Record<string, unknown>)) {
      if (iri === ZS_NAMESPACE) out.add(prefix);
    }
  }
  return [...out];
}

/** The local name of a key in the project namespace (`zs:x`, `<bound prefix>:x` or the full IRI), else null. */
export function projectLocalName(key: string, prefixes: readonly string[]): string | null {
  if (key.startsWith(ZS_NAMESPACE)) return key.slice(ZS_NAMESPACE.length) || null;
  const colon = key.indexOf(':');
  if (colon <= 0) return null;
  const prefix = key.slice(0, colon);
  return prefixes.includes(prefix) ? key.slice(colon + 1) || null : null;
}

/**
 * The canonical form of a bizStep value: the bare CBV word for CBV steps (bare, Web URI or URN form),
 * `zs:BizStep-<word>` for project steps (any bound prefix or the full IRI), the input itself for any
 * other URI, and null when the value is not a non-empty string.
 */
export function normaliseBizStep(value: unknown, prefixes: readonly string[] = [ZS_PREFIX]): string | null {
  if (typeof value !== 'string' || value === '') return null;
  if (CBV_SET.has(value)) return value;
  for (const p of [CBV_WEB_PREFIX, CBV_URN_PREFIX]) {
    if (value.startsWith(p) && CBV_SET.has(value.slice(p.length))) return value.slice(p.length);
  }
  const local = projectLocalName(value, prefixes);
  if (local?.startsWith(ZS_BIZSTEP_LOCAL)) return `${ZS_PREFIX}:${local}`;
  return value;
}
