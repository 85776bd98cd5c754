/**
 * The shape of one entry of the GS1 Barcode Syntax Dictionary (GS1 AISBL, gs1-syntax-dictionary.txt,
 * header "Syntax: AIs [Flags] Specification [Attributes...] [# Title]").
 */

/** Character set of a component: N digits, X CSET 82, Y CSET 39, Z base64url (GS1 GS §7.11). */
export type AiCharset = 'N' | 'X' | 'Y' | 'Z';

/** One component of an AI's data field, e.g. `N13,csum,gcppos1` or `[X..17]`. */
export interface AiComponent {
  readonly charset: AiCharset;
  readonly min: number;
  readonly max: number;
  /** Written in brackets: may be absent once the data is exhausted. */
  readonly optional: boolean;
  /** Names of the syntax-test procedures ("linters") applied to the component. */
  readonly linters: readonly string[];
}

/** One dictionary line: a single AI or a range of AIs sharing one definition. */
export interface AiEntry {
  /** First AI of the range (or the only AI). */
  readonly ai: string;
  /** Last AI of the range; equal to `ai` for a single AI. */
  readonly last: string;
  readonly title: string;
  /** Flag `*`: predefined length, no FNC1 separator needed after it (GS1 GS Figure 7.8.5-2). */
  readonly fixedLength: boolean;
  /** Flag `?`: allowed as a GS1 Digital Link data attribute (query string). */
  readonly dlAttribute: boolean;
  readonly components: readonly AiComponent[];
  /**
   * Mandatory associations: every rule must hold; a rule holds when one of its alternatives is
   * fully present; an alternative is a list of AI patterns (`n` = any digit) joined by `+`.
   */
  readonly req: readonly (readonly (readonly string[])[])[];
  /** Invalid pairings: AI patterns that must not occur with this AI (an AI never excludes itself). */
  readonly ex: readonly string[];
  /**
   * Digital Link primary key: null when the AI is not a key; otherwise the alternative ordered
   * qualifier sequences (`[[]]` for a key that takes no qualifiers).
   */
  readonly dlpkey: readonly (readonly string[])[] | null;
}
