/** Identifiers as events store them: the codes module's canonical form when a code parses, else as written. */
import { parse } from '../codes/index.js';

/** The canonical form the event store uses for an identifier (see events' canonicalIdentifier). */
export function canonicalOrRaw(raw: string): string {
  const r = parse(raw);
  return r.valid && r.canonical ? r.canonical : raw;
}
