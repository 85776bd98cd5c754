/**
 * The whole database type: the union of every module's table slice. Modules own their `.tables.ts`; this file
 * only assembles them (type-only imports, no runtime dependency on modules).
 */
import type { AccessTables } from '../modules/access/access.tables.js';
import type { CodeIssuanceTables } from '../modules/codes-issuance/issuance.tables.js';
import type { EventsTables } from '../modules/events/events.tables.js';
import type { SubscriptionsTables } from '../modules/events/subscriptions/subscriptions.tables.js';
import type { LedgerTables } from '../modules/ledger/ledger.tables.js';
import type { MasterdataTables } from '../modules/masterdata/masterdata.tables.js';
import type { RecallTables } from '../modules/recall/recall.tables.js';
import type { StoryTables } from '../modules/story/story.tables.js';
import type { TraceTables } from '../modules/trace/trace.tables.js';

/** Every table Zhuisu stores. */
export interface DB
  extends AccessTables,
    MasterdataTables,
    EventsTables,
    CodeIssuanceTables,
    LedgerTables,
    StoryTables,
    TraceTables,
    RecallTables,
    SubscriptionsTables {}
