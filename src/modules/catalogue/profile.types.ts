/** Types of the life-cycle profiles: elements, stages, rules, check inputs and issues. */
import type { CategoryCode, ItemCode } from './catalogue.js';

/** Stable codes of the problems a profile check reports. */
export type ProfileIssueCode =
  | 'CATALOGUE_UNKNOWN_ITEM'
  | 'CATALOGUE_STAGE_NOT_IN_PROFILE'
  | 'CATALOGUE_BAD_EVENT_TYPE'
  | 'CATALOGUE_BAD_EVENT_TIME'
  | 'CATALOGUE_MISSING_ELEMENT'
  | 'CATALOGUE_MISPLACED_ELEMENT'
  | 'CATALOGUE_BAD_ELEMENT'
  | 'CATALOGUE_UNKNOWN_ELEMENT'
  | 'CATALOGUE_SAFETY_INTERVAL'
  | 'CATALOGUE_WITHDRAWAL_PERIOD'
  | 'CATALOGUE_BANNED_PESTICIDE'
  | 'CATALOGUE_PLAIN_PATIENT_ID'
  | 'CATALOGUE_CYLINDER_OVERDUE'
  | 'CATALOGUE_DETONATOR_NEGATIVE_BALANCE'
  | 'CATALOGUE_DETONATOR_UNRETURNED'
  | 'CATALOGUE_DETONATOR_CODE';

/** One problem found in an event; the shape of a ProblemItem (src/lib/errors.ts) plus the element. */
export interface ProfileIssue {
  code: ProfileIssueCode;
  /** JSON pointer (RFC 6901) into the event, prefixed by the context's `pointer`. */
  path: string;
  /** Local name of the element in the project namespace, when the issue is about one. */
  element?: string;
  /** What is wrong, naming the value (never for personal data). */
  message: string;
}

/** Value types of the data elements. */
export type ElementKind =
  | 'string' // free text, bounded; `check` may add a format
  | 'integer'
  | 'decimal'
  | 'date' // YYYY-MM-DD, a calendar date
  | 'enum'
  | 'enum_list' // non-empty array of distinct enum values
  | 'string_list' // non-empty array of strings; `check` applies to each
  | 'boolean'
  | 'measure' // { value: number > 0, unit: one of `units` }
  | 'uri'
  | 'hashed_id'; // `sha256:<hex>` or `sm3:<hex>`; a plain personal id is CATALOGUE_PLAIN_PATIENT_ID

/** A data element in the project namespace, declared once and used by any number of stages. */
export interface ElementDef {
  /** Local name; in documents `zs:<name>` or the full IRI. */
  name: string;
  zh: string;
  en: string;
  kind: ElementKind;
  /** Format check for strings (each list item for `string_list`); returns problems. */
  check?: (value: string) => string[];
  /** Allowed values of `enum` / `enum_list`. */
  values?: readonly string[];
  /** Bounds of numbers (inclusive); for `measure`, of its value. */
  min?: number;
  max?: number;
  /** Allowed units of a `measure`. */
  units?: readonly string[];
  /** Maximum string length (default 200). */
  maxLength?: number;
  /** Where the format or value rule comes from. */
  source: string;
}

/** Where an element sits in an EPCIS 2.0 event: top-level user extension or inside `ilmd` (EPCIS 2.0 §7.3.6). */
export type ElementPlace = 'event' | 'ilmd';

/** Use of an element by a stage. */
export interface ElementUse {
  element: string;
  /** true, false, or the items for which it is required (optional for the others). */
  required: boolean | readonly ItemCode[];
  place: ElementPlace;
  /** The national rule that requires it, or why it is optional (e.g. unconfirmed in the facts file). */
  source: string;
}

/** EPCIS 2.0 event types. */
export type EpcisEventType =
  | 'ObjectEvent'
  | 'AggregationEvent'
  | 'TransactionEvent'
  | 'TransformationEvent'
  | 'AssociationEvent';

/** What a cross-element rule is given. */
export interface RuleInput {
  event: Record<string, unknown>;
  context: ProfileContext;
  stage: Stage;
  /** The event's date in its own time-zone offset (YYYY-MM-DD), or null when eventTime is unusable. */
  eventDate: string | null;
  /** The value of an element of this stage (from its declared place); undefined when absent or malformed. */
  read(name: string): unknown;
  /** Whether the element is present in its declared place, well-formed or not. */
  present(name: string): boolean;
  /** The JSON pointer of an element of this stage. */
  pointer(name: string): string;
}

/** A rule over several elements, or over an element and stored facts from the context. */
export interface StageRule {
  id: string;
  /** The national rule it enforces. */
  source: string;
  check(input: RuleInput): ProfileIssue[];
}

/** One life-cycle stage: a business step and what an event at that step must and may carry. */
export interface Stage {
  /** `<CATEGORY>.<name>`, stable. */
  id: string;
  zh: string;
  en: string;
  /** Canonical bizStep: a CBV word or `zs:BizStep-<word>`. */
  bizStep: string;
  /** Items the stage applies to; all items of the category when absent. */
  items?: readonly ItemCode[];
  /** EPCIS event types allowed; any when absent. */
  eventTypes?: readonly EpcisEventType[];
  elements: readonly ElementUse[];
  rules?: readonly StageRule[];
  /** The rule that makes the stage traceable. */
  source: string;
}

/** The life-cycle profile of one category. */
export interface CategoryProfile {
  category: CategoryCode;
  stages: readonly Stage[];
}

/** A pesticide or veterinary-drug use already recorded for the batch, plot or herd (from storage). */
export interface PriorApplication {
  kind: 'pesticide' | 'vet_drug';
  /** Registration or approval number of the product applied. */
  regNo: string;
  /** Date of application, YYYY-MM-DD. */
  appliedOn: string;
  /** 安全间隔期 (pesticide) or 休药期 (vet drug) in days, from the product's label; unknown = not checked. */
  withholdingDays?: number;
}

/** Everything the check needs besides the event; the caller supplies it from storage. */
export interface ProfileContext {
  /** The annex item of the product the event is about. */
  item: string;
  /** JSON pointer of the event in its document, prefixed to every issue path (default ''). */
  pointer?: string;
  /** Prefixes the document binds to the project namespace besides `zs`. */
  prefixes?: readonly string[];
  /** Harvest/slaughter: earlier pesticide and vet-drug uses on the same batch, plot or herd. */
  priorApplications?: readonly PriorApplication[];
  /** Pesticide application: the registered product named by the event (its label data). */
  pesticideProduct?: { regNo: string; activeIngredients: readonly string[]; safetyIntervalDays?: number };
  /** Equipment events: the register entry of the elevator, cylinder or vessel. */
  equipment?: { nextInspectionDate?: string; nominalWorkingPressureMPa?: number };
  /** Explosive issue/use/return: the earlier events of the same blasting job, in any order. */
  blastingJobEvents?: readonly Record<string, unknown>[];
}
