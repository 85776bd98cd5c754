/**
 * The SimpleEventQuery parameter model (EPCIS 2.0 §8.2.7.1) for `GET /epcis/events` query strings and named
 * query bodies. Every parameter is checked; unknown names and bad values raise one QueryParameterException
 * (EPCIS 2.0 §8.2.8) listing each offending parameter.
 */
import { AppError, type ProblemItem } from '../../lib/errors.js';
import { type CbvVocabulary, VOCABULARIES } from './cbv-vocabulary.js';
import { EpcisErrorCode as C, show } from './epcis.errors.js';
import { type Action, EVENT_TYPES, type EventType } from './epcis.types.js';
import { canonicaliseId } from './identifier.js';
import { isDateTimeStamp, isUri } from './value-checks.js';

/** A comparison operator of the SimpleEventQuery grammar. */
export type Comparison = 'EQ' | 'GT' | 'GE' | 'LT' | 'LE';

/** A half-open time window [ge, lt). */
export interface TimeRange {
  ge?: string;
  lt?: string;
}

/** A filter on a named field: a standard sensor field, an extension, an ILMD or an inner (nested) field. */
export interface FieldFilter {
  /** Where the field lives (EPCIS 2.0 §8.2.7.1: EQ_fieldname, EQ_ILMD_fieldname, EQ_INNER_…, sensor fields). */
  scope: 'event' | 'ilmd' | 'inner' | 'innerIlmd' | 'sensorMetadata' | 'sensorReport';
  field: string;
  op: Comparison;
  /** EQ: any of these values; GT/GE/LT/LE: one number or time. */
  values: Array<string | number | boolean>;
  /** Unit of measure qualifying sensor value comparisons (`GT_value_CEL`). */
  uom?: string;
}

/** The parsed query: what the query engine needs, with CBV values as web URIs and GS1 keys as canonical DLs. */
export interface QueryModel {
  eventTypes?: EventType[];
  eventTime: TimeRange;
  recordTime: TimeRange;
  errorDeclarationTime: TimeRange;
  actions?: Action[];
  bizSteps?: string[];
  dispositions?: string[];
  persistentDispositionSet?: string[];
  persistentDispositionUnset?: string[];
  readPoints?: string[];
  readPointsWithDescendants?: string[];
  bizLocations?: string[];
  bizLocationsWithDescendants?: string[];
  transformationIDs?: string[];
  /** MATCH_ parameters by field: epc, parentID, inputEPC, outputEPC, anyEPC, epcClass, inputEPCClass, … */
  match: Partial<Record<MatchField, string[]>>;
  quantity: { eq?: number[]; gt?: number; ge?: number; lt?: number; le?: number };
  eventIDs?: string[];
  correctiveEventIDs?: string[];
  errorReasons?: string[];
  existsErrorDeclaration?: boolean;
  /** EQ_bizTransaction_<type> / EQ_source_<type> / EQ_destination_<type>, by type as a web URI. */
  bizTransactions: Record<string, string[]>;
  sources: Record<string, string[]>;
  destinations: Record<string, string[]>;
  fields: FieldFilter[];
  /** EXISTS_<field> (standard field names or scoped extension names). */
  exists: Array<{ scope: FieldFilter['scope']; field: string }>;
  orderBy?: string;
  orderDirection: 'ASC' | 'DESC';
  eventCountLimit?: number;
  maxEventCount?: number;
  perPage?: number;
  nextPageToken?: string;
}

const MATCH_FIELDS = [
  'epc',
  'parentID',
  'inputEPC',
  'outputEPC',
  'anyEPC',
  'epcClass',
  'inputEPCClass',
  'outputEPCClass',
  'anyEPCClass',
] as const;
/** The MATCH_ parameter suffixes. */
export type MatchField = (typeof MATCH_FIELDS)[number];

/** Raw parameter value: from a query string (strings) or a JSON body (any JSON). */
type Raw = unknown;

class Collector {
  readonly problems: ProblemItem[] = [];
  bad(name: string, message: string, code: string = C.queryBadValue): undefined {
    this.problems.push({ code, path: `/${name}`, message: `${name}: ${message}` });
    return undefined;
  }
}

/** Values of a list parameter: JSON arrays, repeated query parameters, or `|`-separated (EPCIS 2.0 §12.4 REST). */
function listOf(raw: Raw): unknown[] {
  const items = Array.isArray(raw) ? raw : [raw];
  return items
    .flatMap((v) => (typeof v === 'string' ? v.split('|') : [v]))
    .map((v) => (typeof v === 'string' ? v.trim() : v));
}

/** A single-valued parameter: the last of repeated values. */
const single = (raw: Raw): unknown => (Array.isArray(raw) ? raw[raw.length - 1] : raw);

function strings(
  c: Collector,
  name: string,
  raw: Raw,
  check: (v: string) => string | null,
): string[] | undefined {
  const out: string[] = [];
  for (const v of listOf(raw)) {
    if (typeof v !== 'string' || v === '') return c.bad(name, `expected a non-empty string, got ${show(v)}`);
    const problem = check(v);
    if (problem !== null) return c.bad(name, problem);
    out.push(v);
  }
  return out;
}

const uriCheck = (v: string): string | null => (isUri(v) ? null : `${show(v)} is not an absolute URI`);
const canonical = (v: string): string => canonicaliseId(v) ?? v;

/** A CBV value in any accepted form (bare word, CBV URN, web URI) as its web URI. */
function cbvUri(value: string, vocab: CbvVocabulary): string | null {
  if (!value.includes(':')) return vocab.values.has(value) ? vocab.webPrefix + value : null;
  if (vocab.urnPrefix !== null && value.startsWith(vocab.urnPrefix)) {
    const word = value.slice(vocab.urnPrefix.length);
    return vocab.values.has(word) ? vocab.webPrefix + word : null;
  }
  if (value.startsWith(vocab.webPrefix) && !vocab.values.has(value.slice(vocab.webPrefix.length)))
    return null;
  return isUri(value) ? value : null;
}

function cbvList(c: Collector, name: string, raw: Raw, vocab: CbvVocabulary): string[] | undefined {
  const out: string[] = [];
  for (const v of listOf(raw)) {
    const uri = typeof v === 'string' ? cbvUri(v, vocab) : null;
    if (uri === null) return c.bad(name, `${show(v)} is not a CBV ${vocab.name} or an absolute URI`);
    out.push(uri);
  }
  return out;
}

function time(c: Collector, name: string, raw: Raw): string | undefined {
  const v = single(raw);
  if (!isDateTimeStamp(v)) return c.bad(name, `${show(v)} is not a date-time with a time-zone offset`);
  return v;
}

function num(c: Collector, name: string, raw: Raw): number | undefined {
  const v = single(raw);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) return c.bad(name, `${show(v)} is not a number`);
  return n;
}

function positiveInt(c: Collector, name: string, raw: Raw): number | undefined {
  const n = num(c, name, raw);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 1) return c.bad(name, `${show(single(raw))} is not a positive integer`);
  return n;
}

/** EXISTS_ parameters take no value (EPCIS 2.0 §8.2.7.1, type Void); an empty value or `true` is accepted. */
function voidValue(c: Collector, name: string, raw: Raw): boolean {
  const v = single(raw);
  if (v === '' || v === null || v === undefined || v === true || v === 'true' || v === 1) return true;
  c.bad(name, `takes no value, got ${show(v)}`);
  return false;
}

/** A field name in a parameter: `prefix:local` or a full IRI (EPCIS 2.0 §8.2.7.1 "fieldname"). */
const FIELD_NAME = /^(?:[A-Za-z][\w.-]*:[\w.-]+|[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+|urn:\S+)$/;

const SENSOR_METADATA_FIELDS = new Set([
  'time',
  'startTime',
  'endTime',
  'deviceID',
  'deviceMetadata',
  'rawData',
  'dataProcessingMethod',
  'bizRules',
]);
const SENSOR_REPORT_FIELDS = new Set([
  'type',
  'exception',
  'deviceID',
  'deviceMetadata',
  'rawData',
  'dataProcessingMethod',
  'bizRules',
  'time',
  'microorganism',
  'chemicalSubstance',
  'coordinateReferenceSystem',
  'value',
  'component',
  'stringValue',
  'booleanValue',
  'hexBinaryValue',
  'uriValue',
  'minValue',
  'maxValue',
  'meanValue',
  'sDev',
  'percRank',
  'percValue',
  'uom',
]);
const SENSOR_NUMERIC = new Set([
  'value',
  'minValue',
  'maxValue',
  'meanValue',
  'sDev',
  'percRank',
  'percValue',
]);
const SENSOR_TIMES = new Set(['time', 'startTime', 'endTime']);
/** EPCIS 2.0 §8.2.7.1 sensor parameters named without a scope (EQ_deviceID, GE_time, GT_value_CEL …). */
const SENSOR_SHORTHAND =
  /^(EQ|GT|GE|LT|LE)_(type|deviceID|dataProcessingMethod|microorganism|chemicalSubstance|bizRules|stringValue|booleanValue|hexBinaryValue|uriValue|time|startTime|endTime|value|minValue|maxValue|meanValue|sDev|percRank|percValue)(?:_([A-Z0-9]{2,3}))?$/;

/** Standard event fields EXISTS_ may name (EPCIS 2.0 §8.2.7.1 EXISTS_fieldname). */
const EXISTS_STANDARD = new Set([
  'epcList',
  'parentID',
  'childEPCs',
  'inputEPCList',
  'outputEPCList',
  'quantityList',
  'childQuantityList',
  'inputQuantityList',
  'outputQuantityList',
  'bizStep',
  'disposition',
  'persistentDisposition',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'sensorElementList',
  'ilmd',
  'transformationID',
  'certificationInfo',
  'errorDeclaration',
]);

function fieldFilter(
  c: Collector,
  name: string,
  raw: Raw,
  op: Comparison,
  scope: FieldFilter['scope'],
  field: string,
  uom?: string,
): FieldFilter | undefined {
  let values: Array<string | number | boolean>;
  if (op === 'EQ') {
    values = [];
    for (const v of listOf(raw)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
        return c.bad(name, `${show(v)} is not a string, number or boolean`);
      values.push(v);
    }
    if (
      scope === 'sensorReport' &&
      field === 'booleanValue' &&
      values.some((v) => v !== true && v !== false && v !== 'true' && v !== 'false')
    ) {
      return c.bad(name, `booleanValue must be true or false, got ${show(raw)}`);
    }
  } else {
    const v = single(raw);
    const isTime = (scope === 'sensorMetadata' || scope === 'sensorReport') && SENSOR_TIMES.has(field);
    if (isTime) {
      if (!isDateTimeStamp(v)) return c.bad(name, `${show(v)} is not a date-time with a time-zone offset`);
      values = [v];
    } else if (
      typeof v === 'number' ||
      (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))
    )
      values = [Number(v)];
    else if (isDateTimeStamp(v)) values = [v];
    else return c.bad(name, `${show(v)} is neither a number nor a date-time`);
    if (
      (scope === 'sensorMetadata' || scope === 'sensorReport') &&
      !isTime &&
      !SENSOR_NUMERIC.has(field) &&
      !FIELD_NAME.test(field)
    ) {
      return c.bad(name, `${field} cannot be compared with ${op}`);
    }
  }
  const out: FieldFilter = { scope, field, op, values };
  if (uom !== undefined) out.uom = uom;
  return out;
}

/** The scope named by a parameter's middle part (EPCIS 2.0 §8.2.7.1 ILMD_ / INNER_ / INNER_ILMD_). */
function scopeOf(part: string | undefined): FieldFilter['scope'] {
  if (part === 'INNER_ILMD_') return 'innerIlmd';
  if (part === 'ILMD_') return 'ilmd';
  if (part === 'INNER_') return 'inner';
  return 'event';
}

/** Parse one parameter into the model; returns false when the name is not a SimpleEventQuery parameter. */
function apply(c: Collector, m: QueryModel, name: string, raw: Raw): boolean {
  const ids = (check = uriCheck) => strings(c, name, raw, check)?.map(canonical);
  switch (name) {
    case 'eventType': {
      const list = strings(c, name, raw, (v) =>
        (EVENT_TYPES as readonly string[]).includes(v)
          ? null
          : `${show(v)} is not an EPCIS event type (${EVENT_TYPES.join(', ')})`,
      );
      if (list) m.eventTypes = list as EventType[];
      return true;
    }
    case 'GE_eventTime':
      m.eventTime.ge = time(c, name, raw);
      return true;
    case 'LT_eventTime':
      m.eventTime.lt = time(c, name, raw);
      return true;
    case 'GE_recordTime':
      m.recordTime.ge = time(c, name, raw);
      return true;
    case 'LT_recordTime':
      m.recordTime.lt = time(c, name, raw);
      return true;
    case 'GE_errorDeclarationTime':
    case 'GE_errorDeclaration_Time':
      m.errorDeclarationTime.ge = time(c, name, raw);
      return true;
    case 'LT_errorDeclarationTime':
    case 'LT_errorDeclaration_Time':
      m.errorDeclarationTime.lt = time(c, name, raw);
      return true;
    case 'EQ_action': {
      const list = strings(c, name, raw, (v) =>
        v === 'ADD' || v === 'OBSERVE' || v === 'DELETE' ? null : `${show(v)} is not ADD, OBSERVE or DELETE`,
      );
      if (list) m.actions = list as Action[];
      return true;
    }
    case 'EQ_bizStep':
      m.bizSteps = cbvList(c, name, raw, VOCABULARIES.bizStep);
      return true;
    case 'EQ_disposition':
      m.dispositions = cbvList(c, name, raw, VOCABULARIES.disposition);
      return true;
    case 'EQ_persistentDisposition_set':
      m.persistentDispositionSet = cbvList(c, name, raw, VOCABULARIES.disposition);
      return true;
    case 'EQ_persistentDisposition_unset':
      m.persistentDispositionUnset = cbvList(c, name, raw, VOCABULARIES.disposition);
      return true;
    case 'EQ_readPoint':
      m.readPoints = ids();
      return true;
    case 'WD_readPoint':
      m.readPointsWithDescendants = ids();
      return true;
    case 'EQ_bizLocation':
      m.bizLocations = ids();
      return true;
    case 'WD_bizLocation':
      m.bizLocationsWithDescendants = ids();
      return true;
    case 'EQ_transformationID':
      m.transformationIDs = ids();
      return true;
    case 'EQ_eventID':
      m.eventIDs = strings(c, name, raw, uriCheck);
      return true;
    case 'EQ_correctiveEventID':
      m.correctiveEventIDs = strings(c, name, raw, uriCheck);
      return true;
    case 'EQ_errorReason':
      m.errorReasons = cbvList(c, name, raw, VOCABULARIES.errorReason);
      return true;
    case 'EXISTS_errorDeclaration':
      if (voidValue(c, name, raw)) m.existsErrorDeclaration = true;
      return true;
    case 'EQ_quantity': {
      const list: number[] = [];
      for (const v of listOf(raw)) {
        const n = num(c, name, v);
        if (n === undefined) return true;
        list.push(n);
      }
      m.quantity.eq = list;
      return true;
    }
    case 'GT_quantity':
      m.quantity.gt = num(c, name, raw);
      return true;
    case 'GE_quantity':
      m.quantity.ge = num(c, name, raw);
      return true;
    case 'LT_quantity':
      m.quantity.lt = num(c, name, raw);
      return true;
    case 'LE_quantity':
      m.quantity.le = num(c, name, raw);
      return true;
    case 'orderBy': {
      const v = single(raw);
      if (typeof v !== 'string' || !(v === 'eventTime' || v === 'recordTime' || FIELD_NAME.test(v)))
        c.bad(name, `${show(v)} is not eventTime, recordTime or a namespaced field`);
      else m.orderBy = v;
      return true;
    }
    case 'orderDirection': {
      const v = single(raw);
      if (v !== 'ASC' && v !== 'DESC') c.bad(name, `${show(v)} is not ASC or DESC`);
      else m.orderDirection = v;
      return true;
    }
    case 'eventCountLimit':
      m.eventCountLimit = positiveInt(c, name, raw);
      return true;
    case 'maxEventCount':
      m.maxEventCount = positiveInt(c, name, raw);
      return true;
    case 'perPage':
      m.perPage = positiveInt(c, name, raw);
      return true;
    case 'nextPageToken': {
      const v = single(raw);
      if (typeof v !== 'string' || v === '') c.bad(name, 'expected the token of a previous reply');
      else m.nextPageToken = v;
      return true;
    }
  }
  const match = /^MATCH_(.+)$/.exec(name);
  if (match) {
    if (!(MATCH_FIELDS as readonly string[]).includes(match[1]!)) return false;
    const list = ids();
    if (list) m.match[match[1] as MatchField] = list;
    return true;
  }
  const party = /^EQ_(bizTransaction|source|destination)_(.+)$/.exec(name);
  if (party) {
    const vocab =
      party[1] === 'bizTransaction' ? VOCABULARIES.bizTransactionType : VOCABULARIES.sourceDestType;
    const type = cbvUri(party[2]!, vocab);
    if (type === null) {
      c.bad(name, `${show(party[2])} is not a CBV ${vocab.name} or an absolute URI`);
      return true;
    }
    const list = ids();
    if (list) {
      const target =
        party[1] === 'bizTransaction'
          ? m.bizTransactions
          : party[1] === 'source'
            ? m.sources
            : m.destinations;
      target[type] = list;
    }
    return true;
  }
  const sensor = SENSOR_SHORTHAND.exec(name);
  if (sensor) {
    const [, op, field, uom] = sensor as unknown as [string, Comparison, string, string | undefined];
    const scope =
      SENSOR_METADATA_FIELDS.has(field) && !SENSOR_REPORT_FIELDS.has(field)
        ? 'sensorMetadata'
        : 'sensorReport';
    if (op === 'EQ' && (SENSOR_NUMERIC.has(field) || SENSOR_TIMES.has(field))) return false;
    if (op !== 'EQ' && !SENSOR_NUMERIC.has(field) && !SENSOR_TIMES.has(field)) return false;
    const f = fieldFilter(c, name, raw, op, scope, field, uom);
    if (f) m.fields.push(f);
    return true;
  }
  const scoped = /^(EQ|GT|GE|LT|LE)_(sensorMetadata|sensorReport)_(.+)$/.exec(name);
  if (scoped) {
    const [, op, scope, field] = scoped as unknown as [
      string,
      Comparison,
      'sensorMetadata' | 'sensorReport',
      string,
    ];
    const known = scope === 'sensorMetadata' ? SENSOR_METADATA_FIELDS : SENSOR_REPORT_FIELDS;
    if (!known.has(field) && !FIELD_NAME.test(field)) return false;
    const f = fieldFilter(c, name, raw, op, scope, field);
    if (f) m.fields.push(f);
    return true;
  }
  const ext = /^(EQ|GT|GE|LT|LE)_(INNER_ILMD_|ILMD_|INNER_)?(.+)$/.exec(name);
  if (ext && FIELD_NAME.test(ext[3]!)) {
    const scope = scopeOf(ext[2]);
    const f = fieldFilter(c, name, raw, ext[1] as Comparison, scope, ext[3]!);
    if (f) m.fields.push(f);
    return true;
  }
  const exists = /^EXISTS_(INNER_ILMD_|ILMD_|INNER_)?(.+)$/.exec(name);
  if (exists) {
    const scope = scopeOf(exists[1]);
    const field = exists[2]!;
    if (!FIELD_NAME.test(field) && !(scope === 'event' && EXISTS_STANDARD.has(field))) return false;
    if (voidValue(c, name, raw)) m.exists.push({ scope, field });
    return true;
  }
  return false;
}

const emptyModel = (): QueryModel => ({
  eventTime: {},
  recordTime: {},
  errorDeclarationTime: {},
  match: {},
  quantity: {},
  bizTransactions: {},
  sources: {},
  destinations: {},
  fields: [],
  exists: [],
  orderDirection: 'DESC',
});

/** Parameters every request may carry that are not query parameters (the JSON body's context). */
const IGNORED = new Set(['@context']);

function fail(problems: ProblemItem[]): never {
  const names = problems.map((p) => p.path?.slice(1)).join(', ');
  throw new AppError(C.queryParameter, `Invalid query parameters: ${names}`, {
    status: 400,
    errors: problems,
    extra: { type: 'QueryParameterException' },
  });
}

/**
 * Parse SimpleEventQuery parameters (from a query string or a named query's JSON body) into a QueryModel.
 * Throws an AppError (EPCIS_QUERY_PARAMETER_INVALID, 400, QueryParameterException) naming every bad parameter.
 */
export function parseQueryParams(params: Record<string, unknown>): QueryModel {
  const c = new Collector();
  const m = emptyModel();
  for (const [name, raw] of Object.entries(params)) {
    if (IGNORED.has(name)) continue;
    if (!apply(c, m, name, raw)) c.bad(name, 'is not a SimpleEventQuery parameter', C.queryUnknownParameter);
  }
  // EPCIS 2.0 §8.2.7.1: eventCountLimit and maxEventCount are mutually exclusive.
  if (m.eventCountLimit !== undefined && m.maxEventCount !== undefined) {
    c.bad('maxEventCount', 'cannot be combined with eventCountLimit');
  }
  if (c.problems.length > 0) fail(c.problems);
  return m;
}

/** A named query as created by `POST /epcis/queries` (EPCIS 2.0 REST binding: `{name, query}`). */
export interface NamedQuery {
  name: string;
  query: QueryModel;
  /** The parameters as given, kept to answer `GET /epcis/queries/{name}` faithfully. */
  params: Record<string, unknown>;
}

const QUERY_NAME = /^[A-Za-z0-9_.~-]{1,128}$/;

/**
 * Validate the JSON body of `POST /epcis/queries`: `{"name": …, "query": {…SimpleEventQuery parameters}}`.
 * A body that is itself a parameter object (as query files are often exchanged) needs `name` passed separately.
 */
export function parseNamedQuery(body: unknown, name?: string): NamedQuery {
  const c = new Collector();
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    fail([{ code: C.queryBadValue, path: '', message: 'A named query must be a JSON object' }]);
  const obj = body as Record<string, unknown>;
  const wrapped = 'query' in obj;
  const params = wrapped ? obj.query : obj;
  const queryName = wrapped ? obj.name : name;
  if (typeof queryName !== 'string' || !QUERY_NAME.test(queryName))
    c.bad('name', `${show(queryName)} is not a query name (1–128 letters, digits, _ . ~ -)`);
  if (wrapped) {
    for (const k of Object.keys(obj))
      if (k !== 'name' && k !== 'query' && k !== '@context')
        c.bad(k, 'is not a member of a named query (name, query)', C.queryUnknownParameter);
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    c.bad('query', 'must be an object of SimpleEventQuery parameters');
    fail(c.problems);
  }
  let query: QueryModel | undefined;
  try {
    query = parseQueryParams(params as Record<string, unknown>);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    c.problems.push(...e.errors.map((p) => (wrapped ? { ...p, path: `/query${p.path ?? ''}` } : p)));
  }
  if (c.problems.length > 0 || query === undefined) fail(c.problems);
  return { name: queryName as string, query, params: params as Record<string, unknown> };
}
