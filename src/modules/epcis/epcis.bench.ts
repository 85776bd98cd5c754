/**
 * Event-hash throughput (events/s) for `npm run bench`: realistic ObjectEvents with EPC URNs, CBV values,
 * a bizTransaction and an extension, hashed through the full CBV 2.0 canonicalisation.
 */

import type { ObjectEvent } from './epcis.types.js';
import { eventHash } from './event-hash.js';
import { standardNamespaces, withContext } from './json-ld-context.js';

/** One synthetic event, varied by `i` so no two pre-hash strings are equal. */
function sampleEvent(i: number): ObjectEvent {
  const serial = String(1000 + i);
  return {
    type: 'ObjectEvent',
    eventTime: `2024-05-01T08:${String(i % 60).padStart(2, '0')}:00.${String(i % 1000).padStart(3, '0')}+08:00`,
    eventTimeZoneOffset: '+08:00',
    epcList: [`urn:epc:id:sgtin:6901234.012345.${serial}`, `urn:epc:id:sgtin:6901234.012345.${serial}9`],
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    readPoint: { id: 'urn:epc:id:sgln:6901234.00001.0' },
    bizTransactionList: [{ type: 'po', bizTransaction: `urn:epcglobal:cbv:bt:6901234000012:PO${serial}` }],
    'zs:batch': `B${i % 97}`,
  };
}

/** Measure hashes per second over `count` events (after a short warm-up). */
export function measureEventHashThroughput(count = 5_000): {
  events: number;
  seconds: number;
  eventsPerSecond: number;
} {
  const namespaces = withContext(standardNamespaces(), [{ zs: 'https://zhuisu.example/ns/' }]);
  const events = Array.from({ length: count }, (_, i) => sampleEvent(i));
  for (let i = 0; i < Math.min(200, count); i++) eventHash(events[i]!, { namespaces });
  const start = process.hrtime.bigint();
  for (const ev of events) eventHash(ev, { namespaces });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { events: count, seconds, eventsPerSecond: count / seconds };
}
