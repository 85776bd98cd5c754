/**
 * JSON-LD form → EPCIS 2.0 XML (EPCIS 2.0 §9.3/§9.4 XML binding), for query replies and exports. Standard
 * fields are written unqualified in XSD order; CBV bare words as CBV URNs; extensions as namespaced elements
 * with the namespaces of the `@context`.
 */

import { isRecord } from '../../lib/values.js';
import { type CbvVocabulary, VOCABULARIES } from './cbv-vocabulary.js';
import type { EpcisInput } from './epcis.types.js';
import {
  contextOf,
  type Namespaces,
  qnameOfKey,
  standardNamespaces,
  withContext,
} from './json-ld-context.js';

type Obj = Record<string, unknown>;
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Namespace declarations collected while writing (URI → prefix). */
class NsDecls {
  readonly byUri = new Map<string, string>();
  prefix(uri: string): string {
    let p = this.byUri.get(uri);
    if (p === undefined) {
      p = `ns${this.byUri.size + 1}`;
      this.byUri.set(uri, p);
    }
    return p;
  }
}

interface W {
  ns: Namespaces;
  decls: NsDecls;
  out: string[];
}

/** The XML name of an extension key (`prefix:local`), declaring its namespace. */
function qname(w: W, key: string): string {
  const q = qnameOfKey(w.ns, key);
  if (q === null || q.local === '' || !/^[A-Za-z_][\w.-]*$/.test(q.local))
    return key.replace(/[^\w.-]/g, '_');
  return `${w.decls.prefix(q.ns)}:${q.local}`;
}

function leaf(w: W, name: string, value: unknown, indent: string): void {
  if (value === undefined || value === null) return;
  w.out.push(`${indent}<${name}>${esc(String(value))}</${name}>`);
}

/** Write an extension member; arrays become repeated elements. */
function extension(w: W, key: string, value: unknown, indent: string): void {
  if (key.startsWith('@') || key === '#text') return;
  for (const v of asList(value)) {
    const name = qname(w, key);
    if (isRecord(v)) {
      const inner: W = { ...w, ns: withContext(w.ns, contextOf(v)) };
      const text = typeof v['#text'] === 'string' ? esc(v['#text']) : '';
      w.out.push(`${indent}<${name}>${text}`);
      for (const [k, c] of Object.entries(v)) extension(inner, k, c, `${indent}  `);
      w.out.push(`${indent}</${name}>`);
    } else leaf(w, name, v, indent);
  }
}

/** A bare CBV word back to its URN (the XML binding's form); URIs pass unchanged. */
const cbvUrn = (value: unknown, vocab: CbvVocabulary): string => {
  const s = String(value);
  return !s.includes(':') && vocab.urnPrefix !== null && vocab.values.has(s) ? vocab.urnPrefix + s : s;
};

const GS1_VOC_WORDS = (value: unknown, vocab: CbvVocabulary): string => {
  const s = String(value);
  return !s.includes(':') && vocab.values.has(s) ? `gs1:${s}` : s;
};

function attrs(w: W, obj: Obj, known: ReadonlySet<string>): string {
  let out = '';
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null || isRecord(v) || Array.isArray(v)) continue;
    let value = v;
    if (k === 'type') value = GS1_VOC_WORDS(v, VOCABULARIES.measurementType);
    else if (k === 'exception') value = GS1_VOC_WORDS(v, VOCABULARIES.sensorAlertType);
    else if (k === 'component' && !String(v).includes(':'))
      value = `${VOCABULARIES.component.webPrefix}${String(v)}`;
    out += ` ${known.has(k) ? k : qname(w, k)}="${esc(String(value))}"`;
  }
  return out;
}

function epcs(w: W, name: string, list: unknown, indent: string): void {
  if (list === undefined) return;
  w.out.push(`${indent}<${name}>`);
  for (const e of asList(list)) leaf(w, 'epc', e, `${indent}  `);
  w.out.push(`${indent}</${name}>`);
}

function quantities(w: W, name: string, list: unknown, indent: string): void {
  if (list === undefined) return;
  w.out.push(`${indent}<${name}>`);
  for (const q of asList(list).filter(isRecord)) {
    w.out.push(`${indent}  <quantityElement>`);
    leaf(w, 'epcClass', q.epcClass, `${indent}    `);
    leaf(w, 'quantity', q.quantity, `${indent}    `);
    leaf(w, 'uom', q.uom, `${indent}    `);
    w.out.push(`${indent}  </quantityElement>`);
  }
  w.out.push(`${indent}</${name}>`);
}

const SENSOR_META = new Set([
  'time',
  'startTime',
  'endTime',
  'deviceID',
  'deviceMetadata',
  'rawData',
  'dataProcessingMethod',
  'bizRules',
]);
const SENSOR_REPORT = new Set([
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
  'coordinateReferenceSystem',
]);

/** Field writers in XSD order per event type (EPCglobal-epcis-2_0.xsd). */
const ORDER: Record<string, string[]> = {
  ObjectEvent: [
    'epcList',
    'action',
    'bizStep',
    'disposition',
    'readPoint',
    'bizLocation',
    'bizTransactionList',
    'quantityList',
    'sourceList',
    'destinationList',
    'sensorElementList',
    'persistentDisposition',
    'ilmd',
  ],
  AggregationEvent: [
    'parentID',
    'childEPCs',
    'action',
    'bizStep',
    'disposition',
    'readPoint',
    'bizLocation',
    'bizTransactionList',
    'childQuantityList',
    'sourceList',
    'destinationList',
    'sensorElementList',
    'persistentDisposition',
  ],
  TransactionEvent: [
    'bizTransactionList',
    'parentID',
    'epcList',
    'action',
    'bizStep',
    'disposition',
    'readPoint',
    'bizLocation',
    'quantityList',
    'sourceList',
    'destinationList',
    'sensorElementList',
    'persistentDisposition',
  ],
  TransformationEvent: [
    'inputEPCList',
    'inputQuantityList',
    'outputEPCList',
    'outputQuantityList',
    'transformationID',
    'bizStep',
    'disposition',
    'readPoint',
    'bizLocation',
    'bizTransactionList',
    'sourceList',
    'destinationList',
    'sensorElementList',
    'persistentDisposition',
    'ilmd',
  ],
  AssociationEvent: [
    'parentID',
    'childEPCs',
    'childQuantityList',
    'action',
    'bizStep',
    'disposition',
    'readPoint',
    'bizLocation',
    'bizTransactionList',
    'sourceList',
    'destinationList',
    'sensorElementList',
    'persistentDisposition',
  ],
};
const BASE = [
  'eventTime',
  'recordTime',
  'eventTimeZoneOffset',
  'eventID',
  'errorDeclaration',
  'certificationInfo',
];

function field(w: W, ev: Obj, k: string, i: string): void {
  const v = ev[k];
  if (v === undefined || v === null) return;
  switch (k) {
    case 'epcList':
    case 'childEPCs':
    case 'inputEPCList':
    case 'outputEPCList':
      epcs(w, k, v, i);
      return;
    case 'quantityList':
    case 'childQuantityList':
    case 'inputQuantityList':
    case 'outputQuantityList':
      quantities(w, k, v, i);
      return;
    case 'bizStep':
      leaf(w, k, cbvUrn(v, VOCABULARIES.bizStep), i);
      return;
    case 'disposition':
      leaf(w, k, cbvUrn(v, VOCABULARIES.disposition), i);
      return;
    case 'certificationInfo':
      for (const c of asList(v)) leaf(w, k, c, i);
      return;
    case 'readPoint':
    case 'bizLocation':
      if (!isRecord(v)) return;
      w.out.push(`${i}<${k}>`);
      leaf(w, 'id', v.id, `${i}  `);
      for (const [ek, ev2] of Object.entries(v)) if (ek !== 'id') extension(w, ek, ev2, `${i}  `);
      w.out.push(`${i}</${k}>`);
      return;
    case 'bizTransactionList':
    case 'sourceList':
    case 'destinationList': {
      const item = k.slice(0, -4);
      const vocab =
        k === 'bizTransactionList' ? VOCABULARIES.bizTransactionType : VOCABULARIES.sourceDestType;
      w.out.push(`${i}<${k}>`);
      for (const p of asList(v).filter(isRecord)) {
        const type = p.type === undefined ? '' : ` type="${esc(cbvUrn(p.type, vocab))}"`;
        w.out.push(`${i}  <${item}${type}>${esc(String(p[item] ?? ''))}</${item}>`);
      }
      w.out.push(`${i}</${k}>`);
      return;
    }
    case 'persistentDisposition':
      if (!isRecord(v)) return;
      w.out.push(`${i}<${k}>`);
      for (const s of asList(v.set)) leaf(w, 'set', cbvUrn(s, VOCABULARIES.disposition), `${i}  `);
      for (const s of asList(v.unset)) leaf(w, 'unset', cbvUrn(s, VOCABULARIES.disposition), `${i}  `);
      w.out.push(`${i}</${k}>`);
      return;
    case 'sensorElementList':
      w.out.push(`${i}<${k}>`);
      for (const el of asList(v).filter(isRecord)) {
        w.out.push(`${i}  <sensorElement>`);
        if (isRecord(el.sensorMetadata))
          w.out.push(`${i}    <sensorMetadata${attrs(w, el.sensorMetadata, SENSOR_META)}/>`);
        for (const r of asList(el.sensorReport).filter(isRecord))
          w.out.push(`${i}    <sensorReport${attrs(w, r, SENSOR_REPORT)}/>`);
        for (const [ek, ev2] of Object.entries(el))
          if (ek !== 'sensorMetadata' && ek !== 'sensorReport') extension(w, ek, ev2, `${i}    `);
        w.out.push(`${i}  </sensorElement>`);
      }
      w.out.push(`${i}</${k}>`);
      return;
    case 'ilmd':
      if (!isRecord(v)) return;
      w.out.push(`${i}<ilmd>`);
      for (const [ek, ev2] of Object.entries(v))
        extension({ ...w, ns: withContext(w.ns, contextOf(v)) }, ek, ev2, `${i}  `);
      w.out.push(`${i}</ilmd>`);
      return;
    case 'errorDeclaration':
      if (!isRecord(v)) return;
      w.out.push(`${i}<errorDeclaration>`);
      leaf(w, 'declarationTime', v.declarationTime, `${i}  `);
      if (v.reason !== undefined) leaf(w, 'reason', cbvUrn(v.reason, VOCABULARIES.errorReason), `${i}  `);
      if (v.correctiveEventIDs !== undefined) {
        w.out.push(`${i}  <correctiveEventIDs>`);
        for (const c of asList(v.correctiveEventIDs)) leaf(w, 'correctiveEventID', c, `${i}    `);
        w.out.push(`${i}  </correctiveEventIDs>`);
      }
      for (const [ek, ev2] of Object.entries(v))
        if (!['declarationTime', 'reason', 'correctiveEventIDs'].includes(ek))
          extension(w, ek, ev2, `${i}  `);
      w.out.push(`${i}</errorDeclaration>`);
      return;
    default:
      leaf(w, k, v, i);
      return;
  }
}

function writeEvent(w: W, ev: Obj, indent: string): void {
  const type = String(ev.type);
  const inner: W = { ...w, ns: withContext(w.ns, contextOf(ev)) };
  const order = [...BASE, ...(ORDER[type] ?? [])];
  w.out.push(`${indent}<${type}>`);
  for (const k of order) field(inner, ev, k, `${indent}  `);
  for (const [k, v] of Object.entries(ev))
    if (!order.includes(k) && k !== 'type' && k !== '@context') extension(inner, k, v, `${indent}  `);
  w.out.push(`${indent}</${type}>`);
}

function writeVocabularies(w: W, list: unknown, indent: string): void {
  w.out.push(`${indent}<VocabularyList>`);
  for (const voc of asList(list).filter(isRecord)) {
    w.out.push(`${indent}  <Vocabulary type="${esc(String(voc.type))}">`);
    w.out.push(`${indent}    <VocabularyElementList>`);
    for (const el of asList(voc.vocabularyElementList).filter(isRecord)) {
      w.out.push(`${indent}      <VocabularyElement id="${esc(String(el.id))}">`);
      for (const a of asList(el.attributes).filter(isRecord)) {
        if (isRecord(a.attribute)) {
          w.out.push(`${indent}        <attribute id="${esc(String(a.id))}">`);
          for (const [k, v] of Object.entries(a.attribute)) extension(w, k, v, `${indent}          `);
          w.out.push(`${indent}        </attribute>`);
        } else
          w.out.push(
            `${indent}        <attribute id="${esc(String(a.id))}">${esc(String(a.attribute ?? ''))}</attribute>`,
          );
      }
      if (el.children !== undefined) {
        w.out.push(`${indent}        <children>`);
        for (const c of asList(el.children)) leaf(w, 'id', c, `${indent}          `);
        w.out.push(`${indent}        </children>`);
      }
      w.out.push(`${indent}      </VocabularyElement>`);
    }
    w.out.push(`${indent}    </VocabularyElementList>`);
    w.out.push(`${indent}  </Vocabulary>`);
  }
  w.out.push(`${indent}</VocabularyList>`);
}

/** Write an EPCISDocument, EPCISQueryDocument or bare event in the JSON-LD form as EPCIS 2.0 XML. */
export function writeXml(input: EpcisInput): string {
  const doc = input as Obj;
  const decls = new NsDecls();
  const w: W = { ns: withContext(standardNamespaces(), contextOf(doc)), decls, out: [] };
  const queryDoc = doc.type === 'EPCISQueryDocument';
  let rootName: string;
  let rootNs: string;
  if (doc.type === 'EPCISDocument' || queryDoc) {
    rootName = queryDoc ? 'epcisq:EPCISQueryDocument' : 'epcis:EPCISDocument';
    rootNs = queryDoc
      ? ' xmlns:epcisq="urn:epcglobal:epcis-query:xsd:2"'
      : ' xmlns:epcis="urn:epcglobal:epcis:xsd:2"';
    const body = isRecord(doc.epcisBody) ? doc.epcisBody : {};
    const header = isRecord(doc.epcisHeader) ? doc.epcisHeader : undefined;
    const md = header && isRecord(header.epcisMasterData) ? header.epcisMasterData : undefined;
    if (md) {
      w.out.push('  <EPCISHeader>', '    <extension>', '      <EPCISMasterData>');
      writeVocabularies(w, md.vocabularyList, '        ');
      w.out.push('      </EPCISMasterData>', '    </extension>', '  </EPCISHeader>');
    }
    w.out.push('  <EPCISBody>');
    let events: unknown = body.eventList;
    let indent = '    ';
    if (queryDoc) {
      const qr = isRecord(body.queryResults) ? body.queryResults : {};
      const rb = isRecord(qr.resultsBody) ? qr.resultsBody : {};
      w.out.push('    <epcisq:QueryResults>');
      leaf(w, 'queryName', qr.queryName, '      ');
      leaf(w, 'subscriptionID', qr.subscriptionID, '      ');
      w.out.push('      <resultsBody>');
      events = rb.eventList;
      indent = '        ';
    }
    w.out.push(`${indent}<EventList>`);
    for (const ev of asList(events).filter(isRecord)) writeEvent(w, ev, `${indent}  `);
    w.out.push(`${indent}</EventList>`);
    if (queryDoc) w.out.push('      </resultsBody>', '    </epcisq:QueryResults>');
    w.out.push('  </EPCISBody>');
  } else {
    writeEvent(w, doc, '');
    const first = w.out[0]!;
    const nsAttrs = [...decls.byUri].map(([uri, p]) => ` xmlns:${p}="${esc(uri)}"`).join('');
    w.out[0] = first.replace(/>$/, `${nsAttrs}>`);
    return `<?xml version="1.0" encoding="UTF-8"?>\n${w.out.join('\n')}\n`;
  }
  const rootAttrs = [
    rootNs,
    ...[...decls.byUri].map(([uri, p]) => ` xmlns:${p}="${esc(uri)}"`),
    doc.schemaVersion === undefined
      ? ' schemaVersion="2.0"'
      : ` schemaVersion="${esc(String(doc.schemaVersion))}"`,
    doc.creationDate === undefined ? '' : ` creationDate="${esc(String(doc.creationDate))}"`,
  ].join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${rootName}${rootAttrs}>\n${w.out.join('\n')}\n</${rootName}>\n`;
}
