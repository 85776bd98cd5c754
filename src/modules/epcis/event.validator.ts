/**
 * Validation of one EPCIS 2.0 event in JSON-LD form: the structure of EPCIS 2.0 §7.4 (written here as code,
 * at least as strict as the GS1 JSON schema) plus the CBV 2.0 rules on vocabulary values.
 */
import type { ProblemItem } from '../../lib/errors.js';
import { isRecord } from '../../lib/values.js';
import { VOCABULARIES } from './cbv-vocabulary.js';
import { EpcisErrorCode as C, pointer, show } from './epcis.errors.js';
import { EVENT_TYPES } from './epcis.types.js';
import { contextOf, type Namespaces, qnameOfKey, withContext } from './json-ld-context.js';
import { cbvValueProblem, isDateTimeStamp, isUri, TIME_ZONE_OFFSET } from './value-checks.js';

/** Hook to check an identifier beyond URI syntax (the codes module's parser); returns a message or null. */
export type IdentifierCheck = (value: string) => string | null;

/** Shared state of one validation run. */
export interface Checker {
  errors: ProblemItem[];
  identifier: IdentifierCheck;
}

type Obj = Record<string, unknown>;

/** Record one problem. */
export function report(ck: Checker, code: string, path: string, message: string): void {
  ck.errors.push({ code, path, message: `${message} (at ${path || '/'})` });
}

const COMMON = [
  '@context',
  'type',
  'eventTime',
  'recordTime',
  'eventTimeZoneOffset',
  'eventID',
  'certificationInfo',
  'errorDeclaration',
];
const WHAT_WHERE_WHY = [
  'bizStep',
  'disposition',
  'persistentDisposition',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'sensorElementList',
];

/** Fields each event type may carry besides extensions (EPCIS 2.0 §7.4.2–7.4.6). */
const FIELDS: Record<string, ReadonlySet<string>> = {
  ObjectEvent: new Set([...COMMON, ...WHAT_WHERE_WHY, 'action', 'epcList', 'quantityList', 'ilmd']),
  AggregationEvent: new Set([
    ...COMMON,
    ...WHAT_WHERE_WHY,
    'action',
    'parentID',
    'childEPCs',
    'childQuantityList',
  ]),
  TransactionEvent: new Set([...COMMON, ...WHAT_WHERE_WHY, 'action', 'parentID', 'epcList', 'quantityList']),
  TransformationEvent: new Set([
    ...COMMON,
    ...WHAT_WHERE_WHY,
    'inputEPCList',
    'inputQuantityList',
    'outputEPCList',
    'outputQuantityList',
    'transformationID',
    'ilmd',
  ]),
  AssociationEvent: new Set([
    ...COMMON,
    ...WHAT_WHERE_WHY,
    'action',
    'parentID',
    'childEPCs',
    'childQuantityList',
  ]),
};

/** Check that an extension key is namespaced (EPCIS 2.0 §7.1.2 / §9.6: extensions use a namespace). */
export function checkExtensionKey(
  ck: Checker,
  ns: Namespaces,
  key: string,
  path: string,
  where: string,
): void {
  if (!key.includes(':') || !isUri(key) || qnameOfKey(ns, key) === null) {
    report(
      ck,
      C.notNamespaced,
      path,
      `${where} field "${key}" is neither a standard field nor namespaced (prefix:name or a full IRI)`,
    );
  }
}

/** Check every key of an object against `known`; unknown keys must be namespaced extensions. */
function checkKeys(
  ck: Checker,
  ns: Namespaces,
  obj: Obj,
  known: ReadonlySet<string>,
  path: string,
  where: string,
): void {
  for (const k of Object.keys(obj)) {
    if (known.has(k)) continue;
    checkExtensionKey(ck, ns, k, pointer(path, k), where);
  }
}

function checkUri(ck: Checker, value: unknown, path: string, what: string, identifier = false): void {
  if (!isUri(value)) {
    report(ck, C.badUri, path, `${what} ${show(value)} is not an absolute URI`);
    return;
  }
  if (identifier) {
    const problem = ck.identifier(value);
    if (problem !== null) report(ck, C.badUri, path, `${what} ${show(value)}: ${problem}`);
  }
}

function checkTime(ck: Checker, value: unknown, path: string, what: string): void {
  if (!isDateTimeStamp(value)) {
    report(
      ck,
      C.badTime,
      path,
      `${what} ${show(value)} is not a date-time with a time-zone offset (e.g. 2024-05-01T08:00:00+08:00)`,
    );
  }
}

function checkString(ck: Checker, value: unknown, path: string, what: string): value is string {
  if (typeof value === 'string') return true;
  report(ck, C.wrongType, path, `${what} must be a string, got ${show(value)}`);
  return false;
}

function checkNumber(ck: Checker, value: unknown, path: string, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value))
    report(ck, C.wrongType, path, `${what} must be a number, got ${show(value)}`);
}

function asArray(ck: Checker, value: unknown, path: string, what: string, minItems = 0): unknown[] | null {
  if (!Array.isArray(value)) {
    report(ck, C.wrongType, path, `${what} must be an array, got ${show(value)}`);
    return null;
  }
  if (value.length < minItems)
    report(ck, C.badValue, path, `${what} must have at least ${minItems} element(s)`);
  return value;
}

function asObject(ck: Checker, value: unknown, path: string, what: string): Obj | null {
  if (isRecord(value)) return value;
  report(ck, C.wrongType, path, `${what} must be an object, got ${show(value)}`);
  return null;
}

function checkEpcList(ck: Checker, value: unknown, path: string, what: string): void {
  const list = asArray(ck, value, path, what);
  if (!list) return;
  const seen = new Set<string>();
  list.forEach((epc, i) => {
    checkUri(ck, epc, pointer(path, i), `${what} entry`, true);
    if (typeof epc === 'string') {
      if (seen.has(epc)) report(ck, C.duplicateValue, pointer(path, i), `${what} lists ${show(epc)} twice`);
      seen.add(epc);
    }
  });
}

const QUANTITY_FIELDS = new Set(['epcClass', 'quantity', 'uom']);
const UOM = /^[A-Z0-9]{2,3}$/;

function checkQuantityList(ck: Checker, value: unknown, path: string, what: string): void {
  const list = asArray(ck, value, path, what);
  list?.forEach((q, i) => {
    const p = pointer(path, i);
    const el = asObject(ck, q, p, `${what} element`);
    if (!el) return;
    for (const k of Object.keys(el)) {
      if (!QUANTITY_FIELDS.has(k))
        report(
          ck,
          C.unknownField,
          pointer(p, k),
          `${what} element has unknown field "${k}" (allowed: epcClass, quantity, uom)`,
        );
    }
    if (el.epcClass === undefined)
      report(ck, C.missingField, pointer(p, 'epcClass'), `${what} element needs an epcClass`);
    else checkUri(ck, el.epcClass, pointer(p, 'epcClass'), 'epcClass', true);
    if (el.quantity !== undefined) checkNumber(ck, el.quantity, pointer(p, 'quantity'), 'quantity');
    if (el.uom !== undefined && (typeof el.uom !== 'string' || !UOM.test(el.uom))) {
      report(
        ck,
        C.badValue,
        pointer(p, 'uom'),
        `uom ${show(el.uom)} is not a UN/CEFACT Rec. 20 code (2–3 upper-case letters or digits)`,
      );
    }
    // EPCIS 2.0 §7.3.3.3: a unit of measure qualifies a quantity; without one it has nothing to qualify.
    if (el.uom !== undefined && el.quantity === undefined)
      report(ck, C.missingField, pointer(p, 'quantity'), `uom ${show(el.uom)} given without a quantity`);
  });
}

function checkVocabValue(
  ck: Checker,
  ns: Namespaces,
  value: unknown,
  path: string,
  vocab: (typeof VOCABULARIES)[keyof typeof VOCABULARIES],
): void {
  const problem = cbvValueProblem(value, vocab, ns);
  if (problem !== null) report(ck, typeof value === 'string' ? C.notCbv : C.wrongType, path, problem);
}

const GS1_VOC_URI = /^https?:\/\/(www\.)?gs1\.org\/voc\//;

/** Sensor measurement types and alert types: a GS1 Web Vocabulary bare word, or a URI outside gs1.org/voc. */
function checkGs1VocValue(
  ck: Checker,
  value: unknown,
  path: string,
  vocab: typeof VOCABULARIES.measurementType,
): void {
  if (typeof value !== 'string')
    report(ck, C.wrongType, path, `${vocab.name} must be a string, got ${show(value)}`);
  else if (!value.includes(':')) {
    if (!vocab.values.has(value))
      report(ck, C.notCbv, path, `${vocab.name} "${value}" is not a GS1 Web Vocabulary value and not a URI`);
  } else if (!isUri(value)) report(ck, C.badUri, path, `${vocab.name} "${value}" is not a valid URI`);
  else if (GS1_VOC_URI.test(value))
    report(
      ck,
      C.notCbv,
      path,
      `${vocab.name} "${value}": write GS1 Web Vocabulary terms as bare words or gs1: CURIEs`,
    );
}

function checkLocation(ck: Checker, ns: Namespaces, value: unknown, path: string, what: string): void {
  const loc = asObject(ck, value, path, what);
  if (!loc) return;
  if (loc.id === undefined) report(ck, C.missingField, pointer(path, 'id'), `${what} needs an id`);
  else checkUri(ck, loc.id, pointer(path, 'id'), `${what} id`, true);
  checkKeys(ck, ns, loc, new Set(['id']), path, what);
}

function checkPartyList(
  ck: Checker,
  ns: Namespaces,
  value: unknown,
  path: string,
  field: 'bizTransaction' | 'source' | 'destination',
  minItems = 0,
): void {
  const list = asArray(ck, value, path, `${field}List`, minItems);
  list?.forEach((item, i) => {
    const p = pointer(path, i);
    const el = asObject(ck, item, p, field);
    if (!el) return;
    for (const k of Object.keys(el)) {
      if (k !== 'type' && k !== field)
        report(
          ck,
          C.unknownField,
          pointer(p, k),
          `${field} has unknown field "${k}" (allowed: type, ${field})`,
        );
    }
    if (el[field] === undefined)
      report(ck, C.missingField, pointer(p, field), `${field} entry needs "${field}"`);
    else checkUri(ck, el[field], pointer(p, field), field, field !== 'bizTransaction');
    const vocab = field === 'bizTransaction' ? VOCABULARIES.bizTransactionType : VOCABULARIES.sourceDestType;
    if (el.type === undefined) {
      if (field !== 'bizTransaction')
        report(ck, C.missingField, pointer(p, 'type'), `${field} entry needs a type`);
    } else checkVocabValue(ck, ns, el.type, pointer(p, 'type'), vocab);
  });
}

function checkPersistentDisposition(ck: Checker, ns: Namespaces, value: unknown, path: string): void {
  const pd = asObject(ck, value, path, 'persistentDisposition');
  if (!pd) return;
  for (const k of Object.keys(pd)) {
    if (k !== 'set' && k !== 'unset')
      report(
        ck,
        C.unknownField,
        pointer(path, k),
        `persistentDisposition has unknown field "${k}" (allowed: set, unset)`,
      );
  }
  if (pd.set === undefined && pd.unset === undefined)
    report(ck, C.missingField, path, 'persistentDisposition needs "set" or "unset"');
  for (const k of ['set', 'unset'] as const) {
    if (pd[k] === undefined) continue;
    const list = asArray(ck, pd[k], pointer(path, k), `persistentDisposition ${k}`, 1);
    const seen = new Set<unknown>();
    list?.forEach((d, i) => {
      checkVocabValue(ck, ns, d, pointer(pointer(path, k), i), VOCABULARIES.disposition);
      if (seen.has(d))
        report(
          ck,
          C.duplicateValue,
          pointer(pointer(path, k), i),
          `persistentDisposition ${k} lists ${show(d)} twice`,
        );
      seen.add(d);
    });
  }
}

const METADATA_URIS = ['deviceID', 'deviceMetadata', 'rawData', 'dataProcessingMethod', 'bizRules'];
const METADATA_FIELDS = new Set([...METADATA_URIS, 'time', 'startTime', 'endTime']);
const REPORT_URIS = [
  ...METADATA_URIS,
  'microorganism',
  'chemicalSubstance',
  'coordinateReferenceSystem',
  'uriValue',
];
const REPORT_NUMBERS = ['value', 'minValue', 'maxValue', 'meanValue', 'sDev', 'percRank', 'percValue'];
const REPORT_FIELDS = new Set([
  ...REPORT_URIS,
  ...REPORT_NUMBERS,
  'type',
  'exception',
  'time',
  'component',
  'stringValue',
  'booleanValue',
  'hexBinaryValue',
  'uom',
]);

function checkSensorElementList(ck: Checker, ns: Namespaces, value: unknown, path: string): void {
  const list = asArray(ck, value, path, 'sensorElementList');
  list?.forEach((item, i) => {
    const p = pointer(path, i);
    const el = asObject(ck, item, p, 'sensorElement');
    if (!el) return;
    checkKeys(ck, ns, el, new Set(['sensorMetadata', 'sensorReport']), p, 'sensorElement');
    if (el.sensorMetadata !== undefined) {
      const mp = pointer(p, 'sensorMetadata');
      const md = asObject(ck, el.sensorMetadata, mp, 'sensorMetadata');
      if (md) {
        checkKeys(ck, ns, md, METADATA_FIELDS, mp, 'sensorMetadata');
        for (const f of METADATA_URIS) if (md[f] !== undefined) checkUri(ck, md[f], pointer(mp, f), f);
        for (const f of ['time', 'startTime', 'endTime'])
          if (md[f] !== undefined) checkTime(ck, md[f], pointer(mp, f), f);
      }
    }
    if (el.sensorReport === undefined) {
      report(ck, C.missingField, pointer(p, 'sensorReport'), 'sensorElement needs a sensorReport list');
      return;
    }
    const reports = asArray(ck, el.sensorReport, pointer(p, 'sensorReport'), 'sensorReport', 1);
    reports?.forEach((r, j) => {
      const rp = pointer(pointer(p, 'sensorReport'), j);
      const sr = asObject(ck, r, rp, 'sensorReport');
      if (!sr) return;
      checkKeys(ck, ns, sr, REPORT_FIELDS, rp, 'sensorReport');
      // The GS1 JSON schema requires a measurement type on every report (EPCIS 2.0 §7.3.6.2 table).
      if (sr.type === undefined) report(ck, C.missingField, pointer(rp, 'type'), 'sensorReport needs a type');
      else checkGs1VocValue(ck, sr.type, pointer(rp, 'type'), VOCABULARIES.measurementType);
      if (sr.exception !== undefined)
        checkGs1VocValue(ck, sr.exception, pointer(rp, 'exception'), VOCABULARIES.sensorAlertType);
      if (sr.component !== undefined)
        checkVocabValue(ck, ns, sr.component, pointer(rp, 'component'), VOCABULARIES.component);
      for (const f of REPORT_URIS) if (sr[f] !== undefined) checkUri(ck, sr[f], pointer(rp, f), f);
      for (const f of REPORT_NUMBERS) if (sr[f] !== undefined) checkNumber(ck, sr[f], pointer(rp, f), f);
      if (sr.time !== undefined) checkTime(ck, sr.time, pointer(rp, 'time'), 'time');
      if (sr.stringValue !== undefined)
        checkString(ck, sr.stringValue, pointer(rp, 'stringValue'), 'stringValue');
      if (sr.uom !== undefined) checkString(ck, sr.uom, pointer(rp, 'uom'), 'uom');
      if (sr.booleanValue !== undefined && typeof sr.booleanValue !== 'boolean') {
        report(
          ck,
          C.wrongType,
          pointer(rp, 'booleanValue'),
          `booleanValue must be true or false, got ${show(sr.booleanValue)}`,
        );
      }
      if (
        sr.hexBinaryValue !== undefined &&
        (typeof sr.hexBinaryValue !== 'string' || !/^[A-Fa-f0-9]+$/.test(sr.hexBinaryValue))
      ) {
        report(
          ck,
          C.badValue,
          pointer(rp, 'hexBinaryValue'),
          `hexBinaryValue ${show(sr.hexBinaryValue)} is not hexadecimal`,
        );
      }
    });
  });
}

function checkErrorDeclaration(ck: Checker, ns: Namespaces, value: unknown, path: string): void {
  const ed = asObject(ck, value, path, 'errorDeclaration');
  if (!ed) return;
  checkKeys(
    ck,
    ns,
    ed,
    new Set(['declarationTime', 'reason', 'correctiveEventIDs']),
    path,
    'errorDeclaration',
  );
  if (ed.declarationTime === undefined)
    report(ck, C.missingField, pointer(path, 'declarationTime'), 'errorDeclaration needs a declarationTime');
  else checkTime(ck, ed.declarationTime, pointer(path, 'declarationTime'), 'declarationTime');
  if (ed.reason !== undefined)
    checkVocabValue(ck, ns, ed.reason, pointer(path, 'reason'), VOCABULARIES.errorReason);
  if (ed.correctiveEventIDs !== undefined) {
    const list = asArray(
      ck,
      ed.correctiveEventIDs,
      pointer(path, 'correctiveEventIDs'),
      'correctiveEventIDs',
    );
    list?.forEach((id, i) => {
      checkUri(ck, id, pointer(pointer(path, 'correctiveEventIDs'), i), 'corrective eventID');
    });
  }
}

function checkIlmd(ck: Checker, ns: Namespaces, value: unknown, path: string): void {
  const ilmd = asObject(ck, value, path, 'ilmd');
  if (!ilmd) return;
  const inner = withContext(ns, contextOf(ilmd));
  // NOTE: only the top-level ILMD/extension members must be namespaced; EPCIS 2.0 §9.6 lets their inner
  // structure inherit the namespace, and published examples rely on that.
  for (const k of Object.keys(ilmd)) {
    if (k === '@context') continue;
    checkExtensionKey(ck, inner, k, pointer(path, k), 'ILMD');
  }
}

const nonEmpty = (v: unknown): boolean => Array.isArray(v) && v.length > 0;

/** Validate one event; `ns` are the namespaces in scope (document context), `path` its JSON pointer. */
export function checkEvent(ck: Checker, outer: Namespaces, value: unknown, path: string): void {
  const ev = asObject(ck, value, path, 'An event');
  if (!ev) return;
  const type = ev.type;
  if (type === undefined) {
    report(ck, C.missingField, pointer(path, 'type'), 'Event has no type');
    return;
  }
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
    report(
      ck,
      C.unknownEventType,
      pointer(path, 'type'),
      `Unknown event type ${show(type)} (expected one of ${EVENT_TYPES.join(', ')})`,
    );
    return;
  }
  const ns = withContext(outer, contextOf(ev));
  const fields = FIELDS[type]!;
  checkKeys(ck, ns, ev, fields, path, type);
  const at = (k: string) => pointer(path, k);

  if (ev.eventTime === undefined) report(ck, C.missingField, at('eventTime'), `${type} needs an eventTime`);
  else checkTime(ck, ev.eventTime, at('eventTime'), 'eventTime');
  if (ev.recordTime !== undefined) checkTime(ck, ev.recordTime, at('recordTime'), 'recordTime');
  if (ev.eventTimeZoneOffset === undefined)
    report(ck, C.missingField, at('eventTimeZoneOffset'), `${type} needs an eventTimeZoneOffset`);
  else if (typeof ev.eventTimeZoneOffset !== 'string' || !TIME_ZONE_OFFSET.test(ev.eventTimeZoneOffset)) {
    report(
      ck,
      C.badValue,
      at('eventTimeZoneOffset'),
      `eventTimeZoneOffset ${show(ev.eventTimeZoneOffset)} is not ±hh:mm between -14:00 and +14:00`,
    );
  }
  if (ev.eventID !== undefined) checkUri(ck, ev.eventID, at('eventID'), 'eventID');
  if (ev.certificationInfo !== undefined) {
    if (Array.isArray(ev.certificationInfo))
      ev.certificationInfo.forEach((c, i) => {
        checkUri(ck, c, pointer(at('certificationInfo'), i), 'certificationInfo');
      });
    else checkUri(ck, ev.certificationInfo, at('certificationInfo'), 'certificationInfo');
  }
  if (ev.errorDeclaration !== undefined)
    checkErrorDeclaration(ck, ns, ev.errorDeclaration, at('errorDeclaration'));

  const hasAction = type !== 'TransformationEvent';
  if (hasAction) {
    if (ev.action === undefined)
      report(ck, C.missingField, at('action'), `${type} needs an action (ADD, OBSERVE or DELETE)`);
    else if (ev.action !== 'ADD' && ev.action !== 'OBSERVE' && ev.action !== 'DELETE') {
      report(ck, C.badValue, at('action'), `action ${show(ev.action)} is not ADD, OBSERVE or DELETE`);
    }
  }
  for (const f of ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList']) {
    if (fields.has(f) && ev[f] !== undefined) checkEpcList(ck, ev[f], at(f), f);
  }
  for (const f of ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList']) {
    if (fields.has(f) && ev[f] !== undefined) checkQuantityList(ck, ev[f], at(f), f);
  }
  if (fields.has('parentID') && ev.parentID !== undefined)
    checkUri(ck, ev.parentID, at('parentID'), 'parentID', true);
  if (fields.has('transformationID') && ev.transformationID !== undefined)
    checkUri(ck, ev.transformationID, at('transformationID'), 'transformationID');
  if (ev.bizStep !== undefined) checkVocabValue(ck, ns, ev.bizStep, at('bizStep'), VOCABULARIES.bizStep);
  if (ev.disposition !== undefined)
    checkVocabValue(ck, ns, ev.disposition, at('disposition'), VOCABULARIES.disposition);
  if (ev.persistentDisposition !== undefined)
    checkPersistentDisposition(ck, ns, ev.persistentDisposition, at('persistentDisposition'));
  if (ev.readPoint !== undefined) checkLocation(ck, ns, ev.readPoint, at('readPoint'), 'readPoint');
  if (ev.bizLocation !== undefined) checkLocation(ck, ns, ev.bizLocation, at('bizLocation'), 'bizLocation');
  if (ev.bizTransactionList !== undefined) {
    checkPartyList(
      ck,
      ns,
      ev.bizTransactionList,
      at('bizTransactionList'),
      'bizTransaction',
      type === 'TransactionEvent' ? 1 : 0,
    );
  } else if (type === 'TransactionEvent')
    report(ck, C.missingField, at('bizTransactionList'), 'TransactionEvent needs a bizTransactionList');
  if (ev.sourceList !== undefined) checkPartyList(ck, ns, ev.sourceList, at('sourceList'), 'source');
  if (ev.destinationList !== undefined)
    checkPartyList(ck, ns, ev.destinationList, at('destinationList'), 'destination');
  if (ev.sensorElementList !== undefined)
    checkSensorElementList(ck, ns, ev.sensorElementList, at('sensorElementList'));
  if (fields.has('ilmd') && ev.ilmd !== undefined) {
    checkIlmd(ck, ns, ev.ilmd, at('ilmd'));
    // EPCIS 2.0 §7.4.2: ILMD describes objects at their creation, so only ADD events carry it.
    if (type === 'ObjectEvent' && ev.action !== 'ADD')
      report(ck, C.badValue, at('ilmd'), `ilmd is only allowed when action is ADD, not ${show(ev.action)}`);
  }
  checkWhatDimension(ck, ev, type, path);
}

/** The "what" dimension must name something (EPCIS 2.0 §7.4.2–7.4.6 and the JSON schema's anyOf rules). */
function checkWhatDimension(ck: Checker, ev: Obj, type: string, path: string): void {
  const del = ev.action === 'DELETE';
  switch (type) {
    case 'ObjectEvent':
      if (
        ev.epcList === undefined &&
        !nonEmpty(ev.quantityList) &&
        !(nonEmpty(ev.sensorElementList) && ev.readPoint !== undefined)
      ) {
        report(
          ck,
          C.missingField,
          pointer(path, 'epcList'),
          'ObjectEvent needs an epcList, a non-empty quantityList, or sensor data with a readPoint',
        );
      }
      break;
    case 'TransactionEvent':
      if (ev.epcList === undefined && !nonEmpty(ev.quantityList) && !del) {
        report(
          ck,
          C.missingField,
          pointer(path, 'epcList'),
          'TransactionEvent needs an epcList or a non-empty quantityList',
        );
      }
      break;
    case 'AggregationEvent':
    case 'AssociationEvent':
      if (!nonEmpty(ev.childEPCs) && !nonEmpty(ev.childQuantityList) && !del) {
        report(
          ck,
          C.missingField,
          pointer(path, 'childEPCs'),
          `${type} with action ${show(ev.action)} needs childEPCs or a childQuantityList`,
        );
      }
      // EPCIS 2.0 §7.4.3/§7.4.4: parentID is required for ADD and DELETE.
      if (ev.parentID === undefined && (ev.action === 'ADD' || del || type === 'AssociationEvent')) {
        report(
          ck,
          C.missingField,
          pointer(path, 'parentID'),
          `${type} with action ${show(ev.action)} needs a parentID`,
        );
      }
      break;
    case 'TransformationEvent': {
      const input = nonEmpty(ev.inputEPCList) || nonEmpty(ev.inputQuantityList);
      const output = nonEmpty(ev.outputEPCList) || nonEmpty(ev.outputQuantityList);
      if (!(input && output) && !((input || output) && ev.transformationID !== undefined)) {
        report(
          ck,
          C.missingField,
          pointer(path, 'inputEPCList'),
          'TransformationEvent needs inputs and outputs, or a transformationID with inputs or outputs',
        );
      }
      break;
    }
  }
}
