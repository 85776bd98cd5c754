/** Reading project-namespace elements out of a stored EPCIS event (top level or ILMD). */

import { isRecord } from '../../lib/values.js';
import { ZS_NAMESPACE, ZS_PREFIX } from '../catalogue/index.js';

type Obj = Record<string, unknown>;

/** Prefixes the event's `@context` binds to the project namespace, plus `zs` (JSON-LD 1.1 §4.1.5). */
export function projectPrefixes(event: Obj): string[] {
  const out = new Set<string>([ZS_PREFIX]);
  const ctx = event['@context'];
  for (const entry of Array.isArray(ctx) ? ctx : [ctx]) {
    if (!isRecord(entry)) continue;
    for (const [prefix, iri] of Object.entries(entry)) if (iri === ZS_NAMESPACE) out.add(prefix);
  }
  return [...out];
}

/** Every project element of the event (top level and ILMD), by local name, with its JSON pointer. */
export function projectElements(event: Obj): Map<string, { value: unknown; pointer: string }> {
  const prefixes = projectPrefixes(event);
  const out = new Map<string, { value: unknown; pointer: string }>();
  const scan = (obj: unknown, base: string) => {
    if (!isRecord(obj)) return;
    for (const [key, value] of Object.entries(obj)) {
      let local: string | null = null;
      if (key.startsWith(ZS_NAMESPACE)) local = key.slice(ZS_NAMESPACE.length);
      else {
        const colon = key.indexOf(':');
        if (colon > 0 && prefixes.includes(key.slice(0, colon))) local = key.slice(colon + 1);
      }
      if (local && !out.has(local))
        out.set(local, { value, pointer: `${base}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}` });
    }
  };
  scan(event, '');
  scan(event.ilmd, '/ilmd');
  return out;
}
