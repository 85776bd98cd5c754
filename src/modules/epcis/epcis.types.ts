/**
 * EPCIS 2.0 data model in its JSON-LD form (EPCIS 2.0 §9 JSON/JSON-LD binding), which is the canonical
 * in-memory form of the platform: XML input is converted to it, XML output is produced from it.
 * Extension fields (user extensions, ILMD members) are kept under their `prefix:localName` keys, with the
 * prefix declared in the nearest `@context`.
 */

/** The five EPCIS 2.0 event types (EPCIS 2.0 §7.4). */
export const EVENT_TYPES = [
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
] as const;
/** One of the five EPCIS 2.0 event types. */
export type EventType = (typeof EVENT_TYPES)[number];

/** Event action (EPCIS 2.0 §7.3.2). */
export type Action = 'ADD' | 'OBSERVE' | 'DELETE';

/** A JSON-LD `@context` value: a URL, an inline context object, or a list of both. */
export type JsonLdContext = string | Record<string, unknown> | Array<string | Record<string, unknown>>;

/** A class-level identifier with its quantity (EPCIS 2.0 §7.3.3.3 QuantityElement). */
export interface QuantityElement {
  epcClass: string;
  quantity?: number;
  uom?: string;
}

/** A business transaction reference (EPCIS 2.0 §7.3.5.4.1). */
export interface BizTransaction {
  type?: string;
  bizTransaction: string;
}

/** A source of a business transfer (EPCIS 2.0 §7.3.5.4.2). */
export interface Source {
  type: string;
  source: string;
}

/** A destination of a business transfer (EPCIS 2.0 §7.3.5.4.2). */
export interface Destination {
  type: string;
  destination: string;
}

/** readPoint / bizLocation: an identifier plus optional extensions (EPCIS 2.0 §7.3.5.3). */
export interface LocationRef {
  id: string;
  [extension: string]: unknown;
}

/** persistentDisposition (EPCIS 2.0 §7.3.5.2.1). */
export interface PersistentDisposition {
  set?: string[];
  unset?: string[];
}

/** Sensor metadata (EPCIS 2.0 §7.3.6.1). */
export interface SensorMetadata {
  time?: string;
  startTime?: string;
  endTime?: string;
  deviceID?: string;
  deviceMetadata?: string;
  rawData?: string;
  dataProcessingMethod?: string;
  bizRules?: string;
  [extension: string]: unknown;
}

/** One sensor reading (EPCIS 2.0 §7.3.6.2). */
export interface SensorReport {
  type: string;
  exception?: string;
  deviceID?: string;
  deviceMetadata?: string;
  rawData?: string;
  dataProcessingMethod?: string;
  bizRules?: string;
  time?: string;
  microorganism?: string;
  chemicalSubstance?: string;
  coordinateReferenceSystem?: string;
  value?: number;
  component?: string;
  stringValue?: string;
  booleanValue?: boolean;
  hexBinaryValue?: string;
  uriValue?: string;
  minValue?: number;
  maxValue?: number;
  meanValue?: number;
  sDev?: number;
  percRank?: number;
  percValue?: number;
  uom?: string;
  [extension: string]: unknown;
}

/** A group of sensor reports with shared metadata (EPCIS 2.0 §7.3.6). */
export interface SensorElement {
  sensorMetadata?: SensorMetadata;
  sensorReport: SensorReport[];
  [extension: string]: unknown;
}

/** Error declaration carried by a corrected event (EPCIS 2.0 §7.4.1.2). */
export interface ErrorDeclaration {
  declarationTime: string;
  reason?: string;
  correctiveEventIDs?: string[];
  [extension: string]: unknown;
}

/** Fields every event type has (EPCIS 2.0 §7.4.1 EPCISEvent). */
export interface EventBase {
  '@context'?: JsonLdContext;
  type: EventType;
  eventTime: string;
  eventTimeZoneOffset: string;
  recordTime?: string;
  eventID?: string;
  certificationInfo?: string | string[];
  errorDeclaration?: ErrorDeclaration;
  bizStep?: string;
  disposition?: string;
  persistentDisposition?: PersistentDisposition;
  readPoint?: LocationRef;
  bizLocation?: LocationRef;
  bizTransactionList?: BizTransaction[];
  sourceList?: Source[];
  destinationList?: Destination[];
  sensorElementList?: SensorElement[];
  [extension: string]: unknown;
}

/** ObjectEvent (EPCIS 2.0 §7.4.2). */
export interface ObjectEvent extends EventBase {
  type: 'ObjectEvent';
  action: Action;
  epcList?: string[];
  quantityList?: QuantityElement[];
  ilmd?: Record<string, unknown>;
}

/** AggregationEvent (EPCIS 2.0 §7.4.3). */
export interface AggregationEvent extends EventBase {
  type: 'AggregationEvent';
  action: Action;
  parentID?: string;
  childEPCs?: string[];
  childQuantityList?: QuantityElement[];
}

/** TransactionEvent (EPCIS 2.0 §7.4.5). */
export interface TransactionEvent extends EventBase {
  type: 'TransactionEvent';
  action: Action;
  parentID?: string;
  epcList?: string[];
  quantityList?: QuantityElement[];
}

/** TransformationEvent (EPCIS 2.0 §7.4.6). */
export interface TransformationEvent extends EventBase {
  type: 'TransformationEvent';
  inputEPCList?: string[];
  inputQuantityList?: QuantityElement[];
  outputEPCList?: string[];
  outputQuantityList?: QuantityElement[];
  transformationID?: string;
  ilmd?: Record<string, unknown>;
}

/** AssociationEvent (EPCIS 2.0 §7.4.4). */
export interface AssociationEvent extends EventBase {
  type: 'AssociationEvent';
  action: Action;
  parentID: string;
  childEPCs?: string[];
  childQuantityList?: QuantityElement[];
}

/** Any EPCIS 2.0 event. */
export type EpcisEvent =
  | ObjectEvent
  | AggregationEvent
  | TransactionEvent
  | TransformationEvent
  | AssociationEvent;

/** One master-data attribute (EPCIS 2.0 §7.2.3, CBV 2.0 §10). */
export interface VocabularyAttribute {
  id: string;
  attribute?: unknown;
}

/** One master-data element: an identifier with attributes and children. */
export interface VocabularyElement {
  id: string;
  attributes?: VocabularyAttribute[];
  children?: string[];
}

/** A master-data vocabulary (e.g. `urn:epcglobal:epcis:vtype:BusinessLocation`). */
export interface Vocabulary {
  type: string;
  vocabularyElementList?: VocabularyElement[];
}

/** The optional document header (EPCIS 2.0 §9.3). */
export interface EpcisHeader {
  epcisMasterData?: { vocabularyList: Vocabulary[] };
  [extension: string]: unknown;
}

/** Fields shared by EPCISDocument and EPCISQueryDocument. */
interface DocumentBase {
  '@context': JsonLdContext;
  id?: string;
  schemaVersion: string;
  creationDate: string;
  instanceIdentifier?: string;
  sender?: string;
  receiver?: string;
  epcisHeader?: EpcisHeader;
  [extension: string]: unknown;
}

/** A capture document (EPCIS 2.0 §9.3 EPCISDocument). */
export interface EpcisDocument extends DocumentBase {
  type: 'EPCISDocument';
  epcisBody: { eventList: EpcisEvent[]; [extension: string]: unknown };
}

/** A query result document (EPCIS 2.0 §9.4 EPCISQueryDocument). */
export interface EpcisQueryDocument extends DocumentBase {
  type: 'EPCISQueryDocument';
  epcisBody: {
    queryResults: {
      queryName: string;
      subscriptionID?: string;
      resultsBody: { eventList: EpcisEvent[]; vocabularyList?: Vocabulary[] };
      [extension: string]: unknown;
    };
    [extension: string]: unknown;
  };
}

/** What the readers produce: a document, a query document, or one bare event (single-event capture). */
export type EpcisInput = EpcisDocument | EpcisQueryDocument | EpcisEvent;
