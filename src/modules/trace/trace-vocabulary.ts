/** Pure: how the trace graph reads identifiers and business steps (kinds of node, custody steps, lots of items). */
import { parse } from '../codes/index.js';

/** What a node of the graph is, from its canonical identifier. */
export type NodeKind = 'item' | 'lot' | 'class' | 'container' | 'asset' | 'location' | 'party' | 'other';

const GS1 = 'https://id.gs1.org/';

/** The kind of a canonical identifier (GS1 constrained canonical Digital Link, or a project URI). */
export function nodeKind(canonical: string): NodeKind {
  if (canonical.startsWith(GS1)) {
    const path = canonical.slice(GS1.length);
    if (path.startsWith('01/')) {
      if (path.includes('/21/')) return 'item';
      if (path.includes('/10/')) return 'lot';
      return 'class';
    }
    if (path.startsWith('00/')) return 'container';
    if (path.startsWith('8003/') || path.startsWith('8004/')) return 'asset';
    if (path.startsWith('414/')) return 'location';
    if (path.startsWith('417/')) return 'party';
    return 'other';
  }
  if (canonical.startsWith('urn:zhuisu:loc:')) return 'location';
  if (canonical.startsWith('urn:zhuisu:org:')) return 'party';
  // Chinese item-level schemes (drug trace codes, pesticide and vet-drug codes, detonators, equipment, platform codes).
  if (canonical.startsWith('urn:zhuisu:')) return 'item';
  if (canonical.startsWith('urn:epc:class:')) return 'class';
  return 'other';
}

/** GTIN-14 of a GS1 item, lot or class identifier. */
export function gtinOf(canonical: string): string | null {
  const m = /^https:\/\/id\.gs1\.org\/01\/(\d{14})(?:\/|$)/.exec(canonical);
  return m ? m[1]! : null;
}

/** The canonical lot (class) identifier of GTIN + lot, when the pair is a valid GS1 key. */
export function lotIdentifier(gtin: string, lot: string): string | null {
  const result = parse(`https://id.gs1.org/01/${gtin}/10/${encodeURIComponent(lot)}`);
  return result.valid ? result.canonical : null;
}

/** The lot an identifier names as written (a Digital Link or element string carrying AI 10 beside AI 21). */
export function lotWritten(raw: string): string | null {
  if (!raw.includes('10')) return null;
  const result = parse(raw);
  const ai = (result.fields as { ai?: Record<string, string> }).ai;
  if (!result.valid || !ai?.['01'] || !ai['10'] || !ai['21']) return null;
  return lotIdentifier(ai['01'], ai['10']);
}

/** Steps that hand goods over to another party (CBV 2.0 §7.1 `shipping`; `returning` as a project URI, see below). */
export function isShipStep(bizStep: string | null): boolean {
  // NOTE: CBV 2.0 §7.1 has no `returning` step: a return is `shipping` with disposition `returned` (§7.2), but
  // systems that send their own `…:returning` URI are read the same way.
  return bizStep === 'shipping' || (bizStep !== null && /[:/#]returning$/.test(bizStep));
}

/** Steps that take goods over from another party (CBV 2.0 §7.1 `receiving`, `accepting`). */
export function isReceiveStep(bizStep: string | null): boolean {
  return bizStep === 'receiving' || bizStep === 'accepting';
}

/** Whether an event sells to consumers (CBV 2.0 §7.1 `retail_selling`, §7.2 `retail_sold`). */
export function isSale(bizStep: string | null, disposition: string | null): boolean {
  return bizStep === 'retail_selling' || disposition === 'retail_sold';
}

/** Whether an event destroys the goods (CBV 2.0 §7.1 `destroying`, §7.2 `destroyed`). */
export function isDestruction(bizStep: string | null, disposition: string | null): boolean {
  return bizStep === 'destroying' || disposition === 'destroyed';
}

/** Whether an event returns goods (a ship-like step with disposition `returned` or `recalled`, CBV 2.0 §7.2). */
export function isReturn(bizStep: string | null, disposition: string | null): boolean {
  return (
    (bizStep !== null && /[:/#]returning$/.test(bizStep)) ||
    (isShipStep(bizStep) && (disposition === 'returned' || disposition === 'recalled'))
  );
}

/** The USCC inside a platform organisation or location URI (`urn:zhuisu:org:<USCC>`, `urn:zhuisu:loc:<USCC>:<id>`). */
export function usccOfParty(party: string): string | null {
  const m = /^urn:zhuisu:(?:org|loc):([0-9A-Z]{18})(?::|$)/.exec(party);
  return m ? m[1]! : null;
}

/** The ILMD lot number of an event (`cbvmda:lotNumber`, CBV 2.0 §9, in any prefix form). */
export function ilmdLot(doc: Record<string, unknown>): string | null {
  const ilmd = doc.ilmd;
  if (ilmd === null || typeof ilmd !== 'object' || Array.isArray(ilmd)) return null;
  for (const [key, value] of Object.entries(ilmd)) {
    if (/(^|[:/#-])lotNumber$/.test(key) && (typeof value === 'string' || typeof value === 'number')) {
      return String(value);
    }
  }
  return null;
}
