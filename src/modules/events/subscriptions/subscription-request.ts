/**
 * Reads a subscription request — the JSON body of `POST /queries/{name}/subscriptions` or the query string of a
 * WebSocket upgrade on `GET /queries/{name}/events` (EPCIS 2.0 §12, REST binding) — into one checked shape.
 * Pure: returns every problem instead of throwing.
 */
import type { ProblemItem } from '../../../lib/errors.js';
import { type ParsedSchedule, parseSchedule, SCHEDULE_FIELDS } from './schedule.js';

/** A checked subscription request. */
export interface SubscriptionRequest {
  dest: string | null;
  signatureToken: string | null;
  stream: boolean;
  schedule: ParsedSchedule | null;
  /** The schedule as given, echoed back. */
  scheduleSpec: unknown;
  /** Epoch ms, or null for "now" (the REST binding's default). */
  initialRecordTime: number | null;
  reportIfEmpty: boolean;
}

/** The outcome of reading a request. */
export type SubscriptionRequestResult =
  | { ok: true; request: SubscriptionRequest }
  | { ok: false; problems: ProblemItem[] };

const BODY_KEYS = new Set([
  'dest',
  'signatureToken',
  'stream',
  'schedule',
  'initialRecordTime',
  'reportIfEmpty',
  '@context',
]);
const MIN_TOKEN = 16;
const MAX_TOKEN = 512;
/** RFC 3339 date-time with a zone (EPCIS 2.0 `GS1-Query-InitialRecordTime` is format date-time). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function bool(name: string, raw: unknown, problems: ProblemItem[]): boolean | undefined {
  if (raw === undefined) return undefined;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  problems.push({
    code: 'SUBSCRIPTION_BAD_VALUE',
    path: `/${name}`,
    message: `${name} must be true or false, got ${JSON.stringify(raw)}`,
  });
  return undefined;
}

function common(
  raw: Record<string, unknown>,
  problems: ProblemItem[],
  scheduleRaw: unknown,
): Omit<SubscriptionRequest, 'dest' | 'signatureToken'> {
  const stream = bool('stream', raw.stream, problems);
  const reportIfEmpty = bool('reportIfEmpty', raw.reportIfEmpty, problems) ?? false;
  let initialRecordTime: number | null = null;
  if (raw.initialRecordTime !== undefined) {
    const t = raw.initialRecordTime;
    if (typeof t !== 'string' || !DATE_TIME.test(t) || Number.isNaN(Date.parse(t))) {
      problems.push({
        code: 'SUBSCRIPTION_BAD_VALUE',
        path: '/initialRecordTime',
        message: `initialRecordTime must be an RFC 3339 date-time with a zone, got ${JSON.stringify(t)}`,
      });
    } else {
      initialRecordTime = Date.parse(t);
    }
  }
  let schedule: ParsedSchedule | null = null;
  if (scheduleRaw !== undefined) {
    const parsed = parseSchedule(scheduleRaw);
    if (parsed.ok) schedule = parsed.schedule;
    else problems.push(...parsed.problems);
  }
  // EPCIS 2.0 REST binding: stream and a schedule are mutually exclusive, and one of them is required so nobody
  // subscribes to a stream by accident.
  if (stream === true && scheduleRaw !== undefined) {
    problems.push({
      code: 'SUBSCRIPTION_BAD_VALUE',
      path: '/stream',
      message: 'stream=true and a schedule are mutually exclusive; give one',
    });
  } else if (stream !== true && scheduleRaw === undefined) {
    problems.push({
      code: 'SUBSCRIPTION_BAD_VALUE',
      path: '/stream',
      message:
        'give stream=true, or a schedule (cron string or {second, minute, hour, dayOfMonth, month, dayOfWeek})',
    });
  }
  if (reportIfEmpty && stream === true) {
    problems.push({
      code: 'SUBSCRIPTION_BAD_VALUE',
      path: '/reportIfEmpty',
      message: 'reportIfEmpty applies to scheduled subscriptions only; a stream reports each new event',
    });
  }
  return {
    stream: stream === true,
    schedule,
    scheduleSpec: scheduleRaw ?? null,
    initialRecordTime,
    reportIfEmpty,
  };
}

/** Reads the JSON body of a webhook subscription. */
export function readWebhookRequest(body: unknown): SubscriptionRequestResult {
  const problems: ProblemItem[] = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return {
      ok: false,
      problems: [
        {
          code: 'SUBSCRIPTION_BAD_VALUE',
          path: '',
          message: 'A subscription must be a JSON object {dest, signatureToken, stream | schedule, …}',
        },
      ],
    };
  }
  const raw = body as Record<string, unknown>;
  for (const k of Object.keys(raw)) {
    if (!BODY_KEYS.has(k))
      problems.push({
        code: 'SUBSCRIPTION_UNKNOWN_MEMBER',
        path: `/${k}`,
        message: `${k} is not a member of a subscription (dest, signatureToken, stream, schedule, initialRecordTime, reportIfEmpty)`,
      });
  }
  let dest: string | null = null;
  if (typeof raw.dest !== 'string' || raw.dest.length === 0 || raw.dest.length > 2000) {
    problems.push({
      code: 'SUBSCRIPTION_BAD_VALUE',
      path: '/dest',
      message: `dest must be the webhook URL (1–2000 characters), got ${JSON.stringify(raw.dest)}`,
    });
  } else {
    dest = raw.dest;
  }
  let signatureToken: string | null = null;
  if (raw.signatureToken !== undefined) {
    const t = raw.signatureToken;
    if (typeof t !== 'string' || t.length < MIN_TOKEN || t.length > MAX_TOKEN) {
      problems.push({
        code: 'SUBSCRIPTION_BAD_VALUE',
        path: '/signatureToken',
        message: `signatureToken must be a string of ${MIN_TOKEN}–${MAX_TOKEN} characters (the HMAC-SHA256 key), got ${typeof t === 'string' ? `${t.length} characters` : JSON.stringify(t)}`,
      });
    } else {
      signatureToken = t;
    }
  }
  const rest = common(raw, problems, raw.schedule);
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, request: { dest, signatureToken, ...rest } };
}

/**
 * Reads the query string of a WebSocket subscription: `stream=true`, or a schedule as `schedule=<cron>` or as the
 * REST binding's `second`, `minute`, `hour`, `dayOfMonth`, `month`, `dayOfWeek` parameters.
 */
export function readSocketRequest(query: Record<string, unknown>): SubscriptionRequestResult {
  const problems: ProblemItem[] = [];
  const single = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v);
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) raw[k] = single(v);
  const fields: Record<string, unknown> = {};
  for (const f of SCHEDULE_FIELDS) if (raw[f.name] !== undefined) fields[f.name] = raw[f.name];
  for (const k of Object.keys(raw)) {
    if (
      ![
        'stream',
        'schedule',
        'initialRecordTime',
        'reportIfEmpty',
        ...SCHEDULE_FIELDS.map((f) => f.name),
      ].includes(k)
    ) {
      problems.push({
        code: 'SUBSCRIPTION_UNKNOWN_MEMBER',
        path: `/${k}`,
        message: `${k} is not a WebSocket subscription parameter (stream, schedule, second … dayOfWeek, initialRecordTime, reportIfEmpty)`,
      });
    }
  }
  if (raw.schedule !== undefined && Object.keys(fields).length > 0) {
    problems.push({
      code: 'SUBSCRIPTION_BAD_VALUE',
      path: '/schedule',
      message: 'give the schedule either as schedule=<cron> or as second … dayOfWeek, not both',
    });
  }
  const scheduleRaw = raw.schedule ?? (Object.keys(fields).length > 0 ? fields : undefined);
  const rest = common(raw, problems, scheduleRaw);
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, request: { dest: null, signatureToken: null, ...rest } };
}
