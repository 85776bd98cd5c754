/** The identifier schemes `parse` recognises (issue: identifiers and codes). */
export type Scheme =
  | 'gs1-digital-link'
  | 'gs1-element-string'
  | 'epc-urn'
  | 'gtin'
  | 'sscc'
  | 'gln'
  | 'uscc'
  | 'drug-trace-code'
  | 'pesticide-code'
  | 'vet-drug-code'
  | 'detonator-code'
  | 'equipment-code'
  | 'platform-code'
  | 'unknown';

/** One problem found in a code, with a stable code and the character position where there is one. */
export interface CodeError {
  code: string;
  message: string;
  position?: number;
}

/** What `parse` answers for any input string. Never throws. */
export interface ParseResult {
  /** The input exactly as given. */
  input: string;
  scheme: Scheme;
  valid: boolean;
  /**
   * The form the database stores. GS1 keys: the constrained canonical Digital Link used by the CBV 2.0
   * event hash (https://id.gs1.org, numeric AIs, key + EPC qualifiers only). Chinese schemes: a stable
   * URI of the project's own (`urn:zhuisu:<scheme>:<value>`). `null` when the input is not valid.
   */
  canonical: string | null;
  /** The parts by name; every GS1 scheme includes `ai`: AI → value. */
  fields: Record<string, unknown>;
  errors: CodeError[];
  /**
   * Problems that do not make the code invalid (e.g. a USCC whose embedded GB 11714 organisation-code
   * check fails while its GB 32100 check holds). Absent when there are none.
   */
  warnings?: CodeError[];
}
