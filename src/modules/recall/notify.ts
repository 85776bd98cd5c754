/**
 * Telling holders about a recall: the in-app inbox always, then every configured channel. SMS and e-mail sit behind
 * one adapter interface whose default writes to the log (a deployment plugs in its SMS gateway or mail relay).
 */
import type { Database } from '../../db/index.js';
import type { Impact } from '../trace/index.js';
import type { Recall } from './recall.service.js';

/** One message to one holder. */
export interface Notice {
  orgId: number | null;
  party: string;
  name: string | null;
  subject: string;
  body: Record<string, unknown>;
}

/** A channel beyond the inbox (SMS, e-mail, webhook). */
export interface Notifier {
  send(notice: Notice): Promise<void>;
}

/** The default channel: one structured log line per notice. */
export function logNotifier(log: { info(obj: unknown, msg: string): void }): Notifier {
  return {
    async send(notice) {
      log.info(
        { notice: { party: notice.party, subject: notice.subject } },
        'recall notice (SMS/e-mail adapter: log)',
      );
    },
  };
}

/** Writes each holder's inbox notice, sends it through the channel, and stamps the holder as notified. */
export async function notifyAll(
  database: Database,
  notifier: Notifier,
  recall: Recall,
  impact: Impact,
  now: number,
): Promise<void> {
  const { db, dialect } = database;
  for (const h of recall.holders) {
    const subject = `召回通知 Recall ${recall.number} (${recall.level} 级): ${recall.root}`;
    const body = {
      recall: recall.number,
      level: recall.level,
      reason: recall.reason,
      deadline: recall.deadline,
      root: recall.root,
      youHold: { items: h.affectedItems, quantity: h.affectedQuantity, uom: h.uom },
      affectedTotal: { items: impact.items, batches: impact.batches },
      answer:
        'Acknowledge, then record returns (bizStep shipping, disposition returned/recalled) or destruction (bizStep destroying).',
    };
    if (h.orgId !== null) {
      await db
        .insertInto('notifications')
        .values({
          org_id: h.orgId,
          kind: 'recall',
          subject,
          body: dialect.encodeJson(body) as never,
          recall_id: recall.id,
          complaint_id: null,
          created_at: now,
          read_at: null,
        })
        .execute();
    }
    await notifier.send({ orgId: h.orgId, party: h.party, name: h.name, subject, body });
    await db.updateTable('recall_holders').set({ notified_at: now }).where('id', '=', h.id).execute();
  }
}

/** An organisation's inbox, newest first. */
export async function listInbox(database: Database, orgId: number, limit = 100) {
  const rows = await database.db
    .selectFrom('notifications')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    subject: r.subject,
    body: database.dialect.decodeJson<Record<string, unknown>>(r.body),
    recallId: r.recall_id == null ? null : Number(r.recall_id),
    complaintId: r.complaint_id == null ? null : Number(r.complaint_id),
    createdAt: new Date(Number(r.created_at)).toISOString(),
    read: r.read_at != null,
  }));
}
