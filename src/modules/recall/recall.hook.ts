/**
 * The capture hook that credits returns and destruction to open recalls: a holder records them as EPCIS events
 * (a return: shipping with disposition `returned`/`recalled`, CBV 2.0 §7.2; destruction: bizStep `destroying` or
 * disposition `destroyed`) naming recalled codes; each covered code counts once.
 */
import type { CaptureHook } from '../events/index.js';
import { isDestruction, isReturn } from '../trace/index.js';

/** The recall capture hook (after the trace hook in src/pipeline.ts). */
export const recallHook: CaptureHook = async ({ trx, orgId, stored }) => {
  for (const event of stored) {
    const { bizStep, disposition } = event.record;
    const returned =
      isReturn(bizStep, disposition) || (disposition === 'recalled' && !isDestruction(bizStep, disposition));
    const destroyed = isDestruction(bizStep, disposition);
    if (!returned && !destroyed) continue;
    const ids = [...new Set(event.record.identifiers.map((i) => event.identifierIds.get(i.canonical)!))];
    if (ids.length === 0) continue;
    const covered = await trx
      .selectFrom('recall_codes as rc')
      .innerJoin('recalls as r', 'r.id', 'rc.recall_id')
      .select(['rc.recall_id', 'rc.identifier_id', 'rc.holder_id', 'rc.items', 'rc.recovered_at'])
      .where('rc.identifier_id', 'in', ids.slice(0, 900))
      .where('r.status', '=', 'open')
      .execute();
    const byRecall = new Map<number, typeof covered>();
    for (const c of covered) {
      const list = byRecall.get(Number(c.recall_id));
      if (list) list.push(c);
      else byRecall.set(Number(c.recall_id), [c]);
    }
    for (const [recallId, codes] of byRecall) {
      const own = await trx
        .selectFrom('recall_holders')
        .selectAll()
        .where('recall_id', '=', recallId)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      const fresh = codes.filter((c) => c.recovered_at == null);
      const holderId = own ? Number(own.id) : (fresh.find((c) => c.holder_id != null)?.holder_id ?? null);
      if (holderId == null) continue;
      const items = fresh.reduce((a, c) => a + Number(c.items), 0);
      let quantity = 0;
      for (const i of event.record.identifiers) {
        if (i.quantity === null) continue;
        if (codes.some((c) => Number(c.identifier_id) === event.identifierIds.get(i.canonical)))
          quantity += i.quantity;
      }
      if (items === 0 && quantity === 0) continue;
      if (fresh.length > 0) {
        await trx
          .updateTable('recall_codes')
          .set({ recovered_at: event.record.eventTime })
          .where('recall_id', '=', recallId)
          .where(
            'identifier_id',
            'in',
            fresh.map((c) => Number(c.identifier_id)),
          )
          .execute();
      }
      await trx
        .insertInto('recall_returns')
        .values({
          recall_id: recallId,
          holder_id: Number(holderId),
          event_pk: event.pk,
          kind: destroyed ? 'destroyed' : 'returned',
          items,
          quantity,
          at: event.record.eventTime,
        })
        .execute();
      const h = await trx
        .selectFrom('recall_holders')
        .selectAll()
        .where('id', '=', Number(holderId))
        .executeTakeFirstOrThrow();
      const recoveredItems = Number(h.recovered_items) + items;
      const recoveredQuantity = Number(h.recovered_quantity) + quantity;
      const complete =
        recoveredItems >= Number(h.affected_items) && recoveredQuantity >= Number(h.affected_quantity) - 1e-9;
      await trx
        .updateTable('recall_holders')
        .set({
          recovered_items: recoveredItems,
          recovered_quantity: recoveredQuantity,
          completed_at: complete ? (h.completed_at ?? event.record.eventTime) : null,
        })
        .where('id', '=', Number(holderId))
        .execute();
    }
  }
};
