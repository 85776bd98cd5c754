/**
 * Validation of a whole EPCIS 2.0 input in JSON-LD form: EPCISDocument, EPCISQueryDocument or a bare event.
 * Every problem is a ProblemItem with a JSON-pointer path, a stable code and a message naming the value.
 */
import type { ProblemItem } from '../../lib/errors.js';
import { isRecord } from '../../lib/values.js';
import { EpcisErrorCode as C, pointer, show } from './epcis.errors.js';
import { EVENT_TYPES } from './epcis.types.js';
import {
  type Checker,
  checkEvent,
  checkExtensionKey,
  type IdentifierCheck,
  report,
} from './event.validator.js';
import { identifierProblem } from './identifier.js';
import { contextOf, type Namespaces, standardNamespaces, withContext } from './json-ld-context.js';
import { isDateTimeStamp, isUri } from './value-checks.js';

/** Options of `validateDocument`. */
export interface ValidateOptions {
  /** Extra identifier check (defaults to the codes module's parser for EPC URNs and GS1 Digital Links). */
  identifier?: IdentifierCheck;
}

type Obj = Record<string, unknown>;

function checkContext(ck: Checker, value: unknown, path: string): void {
  if (value === undefined) {
    report(
      ck,
      C.missingField,
      path,
      'The JSON-LD @context is missing (EPCIS 2.0 §9.2 requires the EPCIS context)',
    );
    return;
  }
  const items = Array.isArray(value) ? value : [value];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const p = Array.isArray(value) ? pointer(path, i) : path;
    if (typeof item === 'string') {
      if (!isUri(item)) report(ck, C.badUri, p, `@context entry ${show(item)} is not a URI`);
      if (seen.has(item)) report(ck, C.duplicateValue, p, `@context lists ${show(item)} twice`);
      seen.add(item);
    } else if (!isRecord(item))
      report(ck, C.wrongType, p, `@context entry must be a URL or an object, got ${show(item)}`);
  });
}

function checkVocabularyList(ck: Checker, value: unknown, path: string): void {
  if (!Array.isArray(value)) {
    report(ck, C.wrongType, path, `vocabularyList must be an array, got ${show(value)}`);
    return;
  }
  value.forEach((voc, i) => {
    const p = pointer(path, i);
    if (!isRecord(voc)) {
      report(ck, C.wrongType, p, 'A vocabulary must be an object');
      return;
    }
    if (voc.type === undefined) report(ck, C.missingField, pointer(p, 'type'), 'A vocabulary needs a type');
    else if (!isUri(voc.type))
      report(ck, C.badUri, pointer(p, 'type'), `vocabulary type ${show(voc.type)} is not a URI`);
    if (voc.vocabularyElementList === undefined) return;
    const lp = pointer(p, 'vocabularyElementList');
    if (!Array.isArray(voc.vocabularyElementList)) {
      report(ck, C.wrongType, lp, 'vocabularyElementList must be an array');
      return;
    }
    voc.vocabularyElementList.forEach((el, j) => {
      const ep = pointer(lp, j);
      if (!isRecord(el)) {
        report(ck, C.wrongType, ep, 'A vocabulary element must be an object');
        return;
      }
      if (el.id === undefined)
        report(ck, C.missingField, pointer(ep, 'id'), 'A vocabulary element needs an id');
      else if (!isUri(el.id))
        report(ck, C.badUri, pointer(ep, 'id'), `vocabulary element id ${show(el.id)} is not a URI`);
      if (el.attributes !== undefined) {
        if (!Array.isArray(el.attributes))
          report(ck, C.wrongType, pointer(ep, 'attributes'), 'attributes must be an array');
        else
          el.attributes.forEach((a, k) => {
            const ap = pointer(pointer(ep, 'attributes'), k);
            if (!isRecord(a)) {
              report(ck, C.wrongType, ap, 'An attribute must be an object');
              return;
            }
            if (!isUri(a.id))
              report(
                ck,
                a.id === undefined ? C.missingField : C.badUri,
                pointer(ap, 'id'),
                `attribute id ${show(a.id)} is not a URI`,
              );
            const v = a.attribute;
            if (v !== undefined && typeof v !== 'string' && typeof v !== 'number' && !isRecord(v)) {
              report(
                ck,
                C.wrongType,
                pointer(ap, 'attribute'),
                `attribute value must be a string, number or object, got ${show(v)}`,
              );
            }
          });
      }
      if (el.children !== undefined) {
        if (!Array.isArray(el.children))
          report(ck, C.wrongType, pointer(ep, 'children'), 'children must be an array');
        else
          el.children.forEach((c, k) => {
            if (!isUri(c))
              report(ck, C.badUri, pointer(pointer(ep, 'children'), k), `child ${show(c)} is not a URI`);
          });
      }
    });
  });
}

function checkEventList(ck: Checker, ns: Namespaces, value: unknown, path: string): void {
  if (value === undefined) {
    report(ck, C.missingField, path, 'The document has no eventList');
    return;
  }
  if (!Array.isArray(value)) {
    report(ck, C.wrongType, path, `eventList must be an array, got ${show(value)}`);
    return;
  }
  const ids = new Map<string, number>();
  value.forEach((ev, i) => {
    checkEvent(ck, ns, ev, pointer(path, i));
    const id = isRecord(ev) ? ev.eventID : undefined;
    if (typeof id === 'string') {
      const first = ids.get(id);
      if (first !== undefined) {
        report(
          ck,
          C.duplicateEventId,
          pointer(pointer(path, i), 'eventID'),
          `eventID ${show(id)} is used by events ${first} and ${i} of one document`,
        );
      } else ids.set(id, i);
    }
  });
}

const DOC_FIELDS = new Set([
  '@context',
  'id',
  'type',
  'schemaVersion',
  'creationDate',
  'instanceIdentifier',
  'sender',
  'receiver',
  'epcisHeader',
  'epcisBody',
]);
const QUERY_DOC_FIELDS = new Set(['@context', 'id', 'type', 'schemaVersion', 'creationDate', 'epcisBody']);

function checkKnownKeys(
  ck: Checker,
  ns: Namespaces,
  obj: Obj,
  known: ReadonlySet<string>,
  path: string,
  where: string,
): void {
  for (const k of Object.keys(obj)) if (!known.has(k)) checkExtensionKey(ck, ns, k, pointer(path, k), where);
}

function checkHeaderFields(ck: Checker, doc: Obj, queryDoc: boolean): void {
  if (doc.schemaVersion === undefined) {
    if (!queryDoc)
      report(ck, C.missingField, '/schemaVersion', 'The document needs a schemaVersion (e.g. "2.0")');
  } else if (typeof doc.schemaVersion !== 'string' || !/^\d+(\.\d+)*$/.test(doc.schemaVersion)) {
    report(
      ck,
      C.badValue,
      '/schemaVersion',
      `schemaVersion ${show(doc.schemaVersion)} is not a version number such as "2.0"`,
    );
  }
  if (doc.creationDate === undefined) {
    if (!queryDoc) report(ck, C.missingField, '/creationDate', 'The document needs a creationDate');
  } else if (!isDateTimeStamp(doc.creationDate)) {
    report(
      ck,
      C.badTime,
      '/creationDate',
      `creationDate ${show(doc.creationDate)} is not a date-time with a time-zone offset`,
    );
  }
  if (doc.id !== undefined && !isUri(doc.id))
    report(ck, C.badUri, '/id', `document id ${show(doc.id)} is not a URI`);
  for (const f of ['instanceIdentifier', 'sender', 'receiver']) {
    if (doc[f] !== undefined && typeof doc[f] !== 'string')
      report(ck, C.wrongType, `/${f}`, `${f} must be a string, got ${show(doc[f])}`);
  }
}

/**
 * Validate an EPCISDocument, EPCISQueryDocument or bare event (as read by `readJsonDocument`/`readXmlDocument`).
 * Returns every problem found; an empty list means the input is valid.
 */
export function validateDocument(input: unknown, options: ValidateOptions = {}): ProblemItem[] {
  const ck: Checker = { errors: [], identifier: options.identifier ?? identifierProblem };
  if (!isRecord(input)) {
    report(ck, C.wrongType, '', `An EPCIS document must be a JSON object, got ${show(input)}`);
    return ck.errors;
  }
  checkContext(ck, input['@context'], '/@context');
  const ns = withContext(standardNamespaces(), contextOf(input));
  const type = input.type;
  if (type === 'EPCISDocument' || type === 'EPCISQueryDocument') {
    const queryDoc = type === 'EPCISQueryDocument';
    checkKnownKeys(ck, ns, input, queryDoc ? QUERY_DOC_FIELDS : DOC_FIELDS, '', type);
    checkHeaderFields(ck, input, queryDoc);
    if (!queryDoc && input.epcisHeader !== undefined) {
      if (!isRecord(input.epcisHeader))
        report(ck, C.wrongType, '/epcisHeader', 'epcisHeader must be an object');
      else {
        checkKnownKeys(
          ck,
          ns,
          input.epcisHeader,
          new Set(['epcisMasterData']),
          '/epcisHeader',
          'epcisHeader',
        );
        const md = input.epcisHeader.epcisMasterData;
        if (md !== undefined) {
          if (!isRecord(md))
            report(ck, C.wrongType, '/epcisHeader/epcisMasterData', 'epcisMasterData must be an object');
          else if (md.vocabularyList !== undefined)
            checkVocabularyList(ck, md.vocabularyList, '/epcisHeader/epcisMasterData/vocabularyList');
        }
      }
    }
    const body = input.epcisBody;
    if (body === undefined) report(ck, C.missingField, '/epcisBody', 'The document has no epcisBody');
    else if (!isRecord(body)) report(ck, C.wrongType, '/epcisBody', 'epcisBody must be an object');
    else if (!queryDoc) {
      checkKnownKeys(ck, ns, body, new Set(['eventList']), '/epcisBody', 'epcisBody');
      checkEventList(ck, ns, body.eventList, '/epcisBody/eventList');
    } else {
      checkKnownKeys(ck, ns, body, new Set(['queryResults']), '/epcisBody', 'epcisBody');
      const qr = body.queryResults;
      const qp = '/epcisBody/queryResults';
      if (qr === undefined) report(ck, C.missingField, qp, 'An EPCISQueryDocument needs queryResults');
      else if (!isRecord(qr)) report(ck, C.wrongType, qp, 'queryResults must be an object');
      else {
        checkKnownKeys(
          ck,
          ns,
          qr,
          new Set(['queryName', 'subscriptionID', 'resultsBody']),
          qp,
          'queryResults',
        );
        if (typeof qr.queryName !== 'string')
          report(
            ck,
            qr.queryName === undefined ? C.missingField : C.wrongType,
            `${qp}/queryName`,
            'queryResults needs a queryName string',
          );
        if (qr.subscriptionID !== undefined && typeof qr.subscriptionID !== 'string')
          report(ck, C.wrongType, `${qp}/subscriptionID`, 'subscriptionID must be a string');
        const rb = qr.resultsBody;
        if (rb === undefined)
          report(ck, C.missingField, `${qp}/resultsBody`, 'queryResults needs a resultsBody');
        else if (!isRecord(rb)) report(ck, C.wrongType, `${qp}/resultsBody`, 'resultsBody must be an object');
        else {
          checkKnownKeys(
            ck,
            ns,
            rb,
            new Set(['eventList', 'vocabularyList']),
            `${qp}/resultsBody`,
            'resultsBody',
          );
          checkEventList(ck, ns, rb.eventList, `${qp}/resultsBody/eventList`);
          if (rb.vocabularyList !== undefined)
            checkVocabularyList(ck, rb.vocabularyList, `${qp}/resultsBody/vocabularyList`);
        }
      }
    }
  } else if (typeof type === 'string' && (EVENT_TYPES as readonly string[]).includes(type)) {
    checkEvent(ck, standardNamespaces(), input, '');
  } else if (type === undefined) {
    report(
      ck,
      C.missingField,
      '/type',
      'The input has no type (EPCISDocument, EPCISQueryDocument or an event type)',
    );
  } else {
    report(ck, C.unknownEventType, '/type', `Unknown document or event type ${show(type)}`);
  }
  return ck.errors;
}
