/**
 * EPCIS XML → JSON-LD form (EPCIS 2.0 §9.3/§9.4 XML binding and its JSON-LD mapping). Reads EPCIS 2.0 XML and
 * EPCIS 1.2 XML as 2.0: `extension`/`baseExtension` wrappers are unwrapped, CBV URNs become bare CBV words,
 * extension elements become `prefix:localName` members with their namespaces declared in `@context`.
 */
import type { ProblemItem } from '../../lib/errors.js';
import { bareWordOf, type CbvVocabulary, VOCABULARIES } from './cbv-vocabulary.js';
import { EpcisErrorCode, invalidDocument, pointer } from './epcis.errors.js';
import type { EpcisInput, JsonLdContext } from './epcis.types.js';
import { EPCIS_CONTEXT_URL, STANDARD_PREFIXES } from './json-ld-context.js';
import { parseXml, type XmlElement } from './xml-parse.js';

type Obj = Record<string, unknown>;

/** Namespaces of the EPCIS XML schemas (1.x and 2.0); elements in them (or in none) are standard fields. */
export const EPCIS_XML_NAMESPACES: ReadonlySet<string> = new Set([
  '',
  'urn:epcglobal:epcis:xsd:2',
  'urn:epcglobal:epcis:xsd:1',
  'urn:epcglobal:epcis-query:xsd:2',
  'urn:epcglobal:epcis-query:xsd:1',
  'urn:epcglobal:epcis-masterdata:xsd:2',
  'urn:epcglobal:epcis-masterdata:xsd:1',
]);
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const CBVMDA_FORMS = new Set(['urn:epcglobal:cbv:mda', 'urn:epcglobal:cbv:mda:', 'urn:epcglobal:cbv:mda#']);
const isStd = (el: { uri: string }): boolean => EPCIS_XML_NAMESPACES.has(el.uri);

/** Chooses JSON-LD prefixes for XML namespaces without clashing with the EPCIS context's protected prefixes. */
class Prefixes {
  private readonly byUri = new Map<string, string>();
  private readonly used = new Map<string, string>(Object.entries(STANDARD_PREFIXES));
  readonly declared = new Map<string, string>();

  prefixFor(uri: string, preferred: string): string {
    if (CBVMDA_FORMS.has(uri)) return 'cbvmda';
    const known = this.byUri.get(uri);
    if (known !== undefined) return known;
    for (const [p, iri] of Object.entries(STANDARD_PREFIXES)) if (iri === uri) return p;
    // NOTE: `https:`/`http:`/`urn:` as prefixes would read as absolute IRIs in JSON-LD, so they are renamed.
    const base =
      /^[A-Za-z_][\w.-]*$/.test(preferred) && !['http', 'https', 'urn'].includes(preferred)
        ? preferred
        : 'ns';
    let candidate = base;
    for (let n = 1; this.used.has(candidate) && this.used.get(candidate) !== uri; n++)
      candidate = `${base}${n}`;
    this.used.set(candidate, uri);
    this.byUri.set(uri, candidate);
    this.declared.set(candidate, uri);
    return candidate;
  }

  context(): JsonLdContext {
    return this.declared.size === 0
      ? [EPCIS_CONTEXT_URL]
      : [EPCIS_CONTEXT_URL, Object.fromEntries(this.declared)];
  }
}

/** Conversion state: prefixes plus problems found (element order, misplaced elements). */
interface Conv {
  prefixes: Prefixes;
  problems: ProblemItem[];
  /** Capture input is held to the XSD element order; query results from other systems are read leniently. */
  strictOrder: boolean;
}

const text = (el: XmlElement): string => el.text.trim();
const attr = (el: XmlElement, local: string): string | undefined =>
  el.attrs.find((a) => a.local === local && (a.uri === '' || isStd(a)))?.value;

/** Children with `extension`/`baseExtension` wrappers (EPCIS 1.x) unwrapped. */
function flat(children: XmlElement[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of children) {
    if (isStd(c) && (c.local === 'extension' || c.local === 'baseExtension')) out.push(...flat(c.children));
    else out.push(c);
  }
  return out;
}

function keyOf(conv: Conv, el: { uri: string; prefix: string; local: string }): string {
  return el.uri === '' || isStd(el) ? el.local : `${conv.prefixes.prefixFor(el.uri, el.prefix)}:${el.local}`;
}

/** A leaf value typed by xsi:type where present (xsd:integer/decimal/double → number, xsd:boolean → boolean). */
function typedText(el: XmlElement): unknown {
  const value = text(el);
  const xsiType = el.attrs.find((a) => a.uri === XSI && a.local === 'type')?.value;
  const local = xsiType?.slice(xsiType.indexOf(':') + 1);
  if (
    local &&
    /^(integer|int|long|short|decimal|double|float|nonNegativeInteger|positiveInteger)$/.test(local)
  ) {
    const n = Number(value);
    if (value !== '' && Number.isFinite(n)) return n;
  }
  if (local === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Arrays built from repeated XML elements (an extension value that is itself an array is not one). */
const repeated = new WeakSet<unknown[]>();

/** Add a member; a repeated element name turns the member into an array (XML repetition = JSON array). */
function addMember(obj: Obj, key: string, value: unknown): void {
  const existing = obj[key];
  if (!(key in obj)) obj[key] = value;
  else if (Array.isArray(existing) && repeated.has(existing)) existing.push(value);
  else {
    const list = [existing, value];
    repeated.add(list);
    obj[key] = list;
  }
}

/** Extension content: a typed leaf, or an object of namespaced members (repeated elements become arrays). */
function extValue(conv: Conv, el: XmlElement): unknown {
  const attrs = el.attrs.filter((a) => a.uri !== XSI);
  if (el.children.length === 0 && attrs.length === 0) return typedText(el);
  const obj: Obj = {};
  for (const a of attrs) addMember(obj, keyOf(conv, a), a.value);
  for (const c of el.children) addMember(obj, keyOf(conv, c), extValue(conv, c));
  if (text(el) !== '') obj['#text'] = text(el);
  return obj;
}

/** A CBV value from XML: URNs and web URIs of the vocabulary become the bare word JSON-LD uses. */
function cbv(value: string, vocab: CbvVocabulary): string {
  const bare = bareWordOf(value, vocab);
  return bare !== null &&
    vocab.values.has(bare) &&
    vocab.urnPrefix !== null &&
    value.startsWith(vocab.urnPrefix)
    ? bare
    : value;
}

const isNil = (el: XmlElement): boolean =>
  el.attrs.some((a) => a.uri === XSI && a.local === 'nil' && a.value.trim() === 'true');

const numberOr = (value: string): number | string => {
  const n = Number(value);
  return value !== '' && Number.isFinite(n) ? n : value;
};

function quantityElements(el: XmlElement): Obj[] {
  return flat(el.children)
    .filter((c) => c.local === 'quantityElement')
    .map((q) => {
      const out: Obj = {};
      for (const f of flat(q.children)) {
        // An empty or xsi:nil element carries no value (XML Schema §2.6.2); it is the same as an absent one.
        if (text(f) === '' || isNil(f)) continue;
        if (f.local === 'quantity') out.quantity = numberOr(text(f));
        else out[f.local] = text(f);
      }
      return out;
    });
}

function location(conv: Conv, el: XmlElement): Obj {
  const out: Obj = {};
  for (const c of flat(el.children)) {
    if (isStd(c) && c.local === 'id') out.id = text(c);
    else addMember(out, keyOf(conv, c), extValue(conv, c));
  }
  return out;
}

const SENSOR_NUMBERS = new Set([
  'value',
  'minValue',
  'maxValue',
  'meanValue',
  'sDev',
  'percRank',
  'percValue',
]);

function sensorAttributes(conv: Conv, el: XmlElement): Obj {
  const out: Obj = {};
  for (const a of el.attrs) {
    if (a.uri === XSI) continue;
    if (a.uri === '') {
      if (SENSOR_NUMBERS.has(a.local)) out[a.local] = numberOr(a.value.trim());
      else if (a.local === 'booleanValue')
        out[a.local] = a.value.trim() === 'true' ? true : a.value.trim() === 'false' ? false : a.value;
      else out[a.local] = a.value.trim();
    } else out[keyOf(conv, a)] = a.value;
  }
  for (const c of el.children) addMember(out, keyOf(conv, c), extValue(conv, c));
  return out;
}

function sensorElements(conv: Conv, el: XmlElement): Obj[] {
  return flat(el.children)
    .filter((c) => c.local === 'sensorElement')
    .map((se) => {
      const out: Obj = {};
      const reports: Obj[] = [];
      for (const c of flat(se.children)) {
        if (isStd(c) && c.local === 'sensorMetadata') out.sensorMetadata = sensorAttributes(conv, c);
        else if (isStd(c) && c.local === 'sensorReport') reports.push(sensorAttributes(conv, c));
        else addMember(out, keyOf(conv, c), extValue(conv, c));
      }
      out.sensorReport = reports;
      return out;
    });
}

/** XSD sequence of each event type's standard children (EPCglobal-epcis-2_0.xsd), for capture input. */
const BASE_ORDER = [
  'eventTime',
  'recordTime',
  'eventTimeZoneOffset',
  'eventID',
  'errorDeclaration',
  'certificationInfo',
];
const ORDER: Record<string, string[]> = {
  ObjectEvent: [
    ...BASE_ORDER,
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
    ...BASE_ORDER,
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
    ...BASE_ORDER,
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
    ...BASE_ORDER,
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
    ...BASE_ORDER,
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

function checkOrder(conv: Conv, type: string, children: XmlElement[], path: string): void {
  const order = ORDER[type];
  if (!order) return;
  let last = -1;
  let lastName = '';
  for (const c of children) {
    if (!isStd(c)) continue;
    const rank = order.indexOf(c.local);
    if (rank < 0) continue;
    if (rank < last) {
      const message = `<${c.local}> must come before <${lastName}> in an XML ${type} (EPCIS 2.0 XSD element order), line ${c.line}`;
      conv.problems.push({
        code: EpcisErrorCode.badValue,
        message,
        path: pointer(path, c.local),
        line: c.line,
      });
      return;
    }
    last = rank;
    lastName = c.local;
  }
}

/** Convert one event element to the JSON-LD form. */
function convertEvent(conv: Conv, el: XmlElement, path: string): Obj {
  const ev: Obj = { type: el.local };
  const children = flat(el.children);
  if (conv.strictOrder) checkOrder(conv, el.local, children, path);
  const certs: string[] = [];
  for (const c of children) {
    if (!isStd(c)) {
      addMember(ev, keyOf(conv, c), extValue(conv, c));
      continue;
    }
    const k = c.local;
    switch (k) {
      case 'certificationInfo':
        certs.push(text(c));
        break;
      case 'bizStep':
        ev.bizStep = cbv(text(c), VOCABULARIES.bizStep);
        break;
      case 'disposition':
        ev.disposition = cbv(text(c), VOCABULARIES.disposition);
        break;
      case 'epcList':
      case 'childEPCs':
      case 'inputEPCList':
      case 'outputEPCList':
        ev[k] = flat(c.children)
          .filter((e) => e.local === 'epc')
          .map(text);
        break;
      case 'quantityList':
      case 'childQuantityList':
      case 'inputQuantityList':
      case 'outputQuantityList':
        ev[k] = quantityElements(c);
        break;
      case 'persistentDisposition': {
        const pd: Obj = {};
        for (const d of flat(c.children)) {
          if (d.local !== 'set' && d.local !== 'unset') continue;
          const list = (pd[d.local] as string[] | undefined) ?? [];
          list.push(cbv(text(d), VOCABULARIES.disposition));
          pd[d.local] = list;
        }
        ev.persistentDisposition = pd;
        break;
      }
      case 'readPoint':
      case 'bizLocation':
        ev[k] = location(conv, c);
        break;
      case 'bizTransactionList':
        ev[k] = flat(c.children)
          .filter((b) => b.local === 'bizTransaction')
          .map((b) => {
            const type = attr(b, 'type');
            return type === undefined
              ? { bizTransaction: text(b) }
              : { type: cbv(type.trim(), VOCABULARIES.bizTransactionType), bizTransaction: text(b) };
          });
        break;
      case 'sourceList':
      case 'destinationList': {
        const field = k === 'sourceList' ? 'source' : 'destination';
        ev[k] = flat(c.children)
          .filter((s) => s.local === field)
          .map((s) => ({
            type: cbv((attr(s, 'type') ?? '').trim(), VOCABULARIES.sourceDestType),
            [field]: text(s),
          }));
        break;
      }
      case 'sensorElementList':
        ev[k] = sensorElements(conv, c);
        break;
      case 'ilmd': {
        const ilmd: Obj = {};
        for (const m of flat(c.children)) addMember(ilmd, keyOf(conv, m), extValue(conv, m));
        ev.ilmd = ilmd;
        break;
      }
      case 'errorDeclaration': {
        const ed: Obj = {};
        for (const d of flat(c.children)) {
          if (!isStd(d)) addMember(ed, keyOf(conv, d), extValue(conv, d));
          else if (d.local === 'reason') ed.reason = cbv(text(d), VOCABULARIES.errorReason);
          else if (d.local === 'correctiveEventIDs')
            ed.correctiveEventIDs = flat(d.children)
              .filter((x) => x.local === 'correctiveEventID')
              .map(text);
          else ed[d.local] = text(d);
        }
        ev.errorDeclaration = ed;
        break;
      }
      case 'eventTime':
      case 'recordTime':
      case 'eventTimeZoneOffset':
      case 'eventID':
      case 'action':
      case 'parentID':
      case 'transformationID':
        ev[k] = text(c);
        break;
      default:
        // An unqualified element EPCIS does not define: kept under its bare name so validation names it.
        addMember(ev, k, extValue(conv, c));
    }
  }
  if (certs.length === 1) ev.certificationInfo = certs[0];
  else if (certs.length > 1) ev.certificationInfo = certs;
  return ev;
}

const child = (el: XmlElement, ...names: string[]): XmlElement | undefined =>
  flat(el.children).find((c) => isStd(c) && names.includes(c.local));

function eventList(conv: Conv, list: XmlElement | undefined, path: string): Obj[] {
  if (!list) return [];
  return flat(list.children).map((e, i) => convertEvent(conv, e, pointer(path, i)));
}

function vocabularyList(conv: Conv, el: XmlElement): Obj[] {
  return flat(el.children)
    .filter((v) => v.local === 'Vocabulary')
    .map((v) => {
      const out: Obj = { type: attr(v, 'type') ?? '' };
      const elements = child(v, 'VocabularyElementList');
      if (elements) {
        out.vocabularyElementList = flat(elements.children)
          .filter((e) => e.local === 'VocabularyElement')
          .map((e) => {
            const ve: Obj = { id: attr(e, 'id') ?? '' };
            const attributes = flat(e.children)
              .filter((a) => isStd(a) && a.local === 'attribute')
              .map((a) => {
                const value =
                  a.children.length > 0
                    ? extValue(conv, { ...a, attrs: a.attrs.filter((x) => x.local !== 'id') })
                    : text(a);
                return { id: attr(a, 'id') ?? '', attribute: value };
              });
            if (attributes.length > 0) ve.attributes = attributes;
            const kids = child(e, 'children');
            if (kids)
              ve.children = flat(kids.children)
                .filter((k) => k.local === 'id')
                .map(text);
            return ve;
          });
      }
      return out;
    });
}

function header(conv: Conv, doc: Obj, el: XmlElement | undefined): void {
  if (!el) return;
  const sbdh = el.children.find((c) => c.local === 'StandardBusinessDocumentHeader');
  if (sbdh) {
    const find = (parent: XmlElement | undefined, name: string) =>
      parent?.children.find((c) => c.local === name);
    const sender = find(find(sbdh, 'Sender'), 'Identifier');
    const receiver = find(find(sbdh, 'Receiver'), 'Identifier');
    const instance = find(find(sbdh, 'DocumentIdentification'), 'InstanceIdentifier');
    if (sender) doc.sender = text(sender);
    if (receiver) doc.receiver = text(receiver);
    if (instance) doc.instanceIdentifier = text(instance);
  }
  const md = child(el, 'EPCISMasterData', 'epcisMasterData');
  const vl = md && child(md, 'VocabularyList', 'vocabularyList');
  if (vl) doc.epcisHeader = { epcisMasterData: { vocabularyList: vocabularyList(conv, vl) } };
}

/** Options of `readXmlDocument`. */
export interface XmlReadOptions {
  /** Enforce the XSD element order inside events (default: true for capture documents and bare events). */
  strictOrder?: boolean;
}

/**
 * Read EPCIS 2.0 or 1.2 XML (an EPCISDocument, an EPCISQueryDocument or one bare event) into the JSON-LD form.
 * Throws EPCIS_INVALID_DOCUMENT for unreadable or unsafe XML and for XSD order violations in capture input.
 */
export function readXmlDocument(input: string | Uint8Array, options: XmlReadOptions = {}): EpcisInput {
  const { root } = parseXml(input);
  const name = root.local;
  const conv: Conv = {
    prefixes: new Prefixes(),
    problems: [],
    strictOrder: options.strictOrder ?? name !== 'EPCISQueryDocument',
  };
  let out: Obj;
  if (name === 'EPCISDocument' || name === 'EPCISQueryDocument') {
    const doc: Obj = { '@context': null, type: name };
    const version = attr(root, 'schemaVersion');
    const created = attr(root, 'creationDate');
    if (version !== undefined) doc.schemaVersion = version;
    if (created !== undefined) doc.creationDate = created;
    header(
      conv,
      doc,
      root.children.find((c) => c.local === 'EPCISHeader'),
    );
    const body = root.children.find((c) => c.local === 'EPCISBody');
    if (name === 'EPCISDocument') {
      doc.epcisBody = {
        eventList: eventList(conv, body && child(body, 'EventList'), '/epcisBody/eventList'),
      };
    } else {
      const qr = body?.children.find((c) => c.local === 'QueryResults');
      const queryResults: Obj = {};
      const qn = qr && child(qr, 'queryName');
      const sid = qr && child(qr, 'subscriptionID');
      if (qn) queryResults.queryName = text(qn);
      if (sid) queryResults.subscriptionID = text(sid);
      const rb = qr && child(qr, 'resultsBody');
      queryResults.resultsBody = {
        eventList: eventList(
          conv,
          rb && child(rb, 'EventList'),
          '/epcisBody/queryResults/resultsBody/eventList',
        ),
      };
      doc.epcisBody = { queryResults };
    }
    out = doc;
  } else if (isStd(root) && /Event$/.test(name)) {
    out = { '@context': null, ...convertEvent(conv, root, '') };
  } else {
    const message = `XML root <${root.prefix ? `${root.prefix}:` : ''}${name}> is not an EPCISDocument, EPCISQueryDocument or EPCIS event`;
    throw invalidDocument(message, [
      { code: EpcisErrorCode.unknownEventType, message, path: '', line: root.line },
    ]);
  }
  if (conv.problems.length > 0) throw invalidDocument(conv.problems[0]!.message, conv.problems);
  out['@context'] = conv.prefixes.context();
  return out as EpcisInput;
}
