/**
 * Query subscriptions on the EPCIS REST binding (GS1 EPCIS 2.0 §12, OpenAPI `/queries/{queryName}/subscriptions`):
 * webhook subscriptions by POST, listed, shown (with their delivery state and log), resumed and deleted; and
 * WebSocket subscriptions by upgrading `GET /queries/{queryName}/events` with `stream=true` or a schedule.
 * Registered inside the EPCIS plugin, so the same authentication applies.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../lib/errors.js';
import type { EpcFormat } from '../../../modules/events/index.js';
import {
  allowListOf,
  badSubscription,
  createSubscription,
  deleteSubscription,
  dropSocketSubscription,
  getSubscription,
  hubOf,
  listSubscriptions,
  readSocketRequest,
  readWebhookRequest,
  resumeSubscription,
  type SubscriptionRequest,
} from '../../../modules/events/subscriptions/index.js';
import { callerOf } from '../../plugins/auth.js';
import { authErrors } from '../schemas.js';

const EPC_FORMATS: readonly EpcFormat[] = [
  'No_Preference',
  'Always_GS1_Digital_Link',
  'Always_EPC_URN',
  'Never_Translates',
];

const DeliverySchema = Type.Object({
  seq: Type.Integer(),
  attempt: Type.Integer(),
  status: Type.String({ description: 'delivered | failed' }),
  eventCount: Type.Integer(),
  responseCode: Type.Union([Type.Integer(), Type.Null()]),
  latencyMs: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});
const SubscriptionSchema = Type.Object({
  subscriptionID: Type.String(),
  queryName: Type.String(),
  transport: Type.String({ description: 'webhook | websocket' }),
  dest: Type.Optional(Type.String()),
  stream: Type.Optional(Type.Boolean()),
  schedule: Type.Optional(
    Type.Unknown({
      description:
        'The schedule as given: a cron string or {second, minute, hour, dayOfMonth, month, dayOfWeek}',
    }),
  ),
  reportIfEmpty: Type.Boolean(),
  initialRecordTime: Type.String(),
  createdAt: Type.String(),
  lastNotifiedAt: Type.Union([Type.String(), Type.Null()]),
  minRecordTime: Type.Union([Type.String(), Type.Null()]),
  epcFormat: Type.String(),
  status: Type.String({ description: 'active | paused' }),
  pausedReason: Type.Union([Type.String(), Type.Null()]),
  failures: Type.Integer(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  cursor: Type.Object({ deliveredSeq: Type.Integer(), lastSeq: Type.Integer(), backfilling: Type.Boolean() }),
  recentDeliveries: Type.Optional(Type.Array(DeliverySchema)),
});
const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });
const OneParams = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  subscriptionID: Type.String({ minLength: 1, maxLength: 36 }),
});

function epcFormatOf(request: FastifyRequest): EpcFormat {
  const h = request.headers['gs1-epc-format'];
  const value = (Array.isArray(h) ? h[0] : h) ?? 'No_Preference';
  if (!EPC_FORMATS.includes(value as EpcFormat)) {
    throw new AppError(
      'EPCIS_BAD_HEADER',
      `GS1-EPC-Format must be one of ${EPC_FORMATS.join(', ')}, got ${JSON.stringify(value)}.`,
      { status: 400, path: 'GS1-EPC-Format' },
    );
  }
  return value as EpcFormat;
}

function jsonBody(request: FastifyRequest): unknown {
  const body = request.body as Buffer | undefined;
  if (!body || body.length === 0) return null;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new AppError('SUBSCRIPTION_INVALID', `The subscription body is not JSON: ${(e as Error).message}`, {
      status: 400,
    });
  }
}

/** Routes a WebSocket upgrade and a plain GET of the same path to different handlers. */
const UPGRADE_CONSTRAINT = 'zhuisuUpgrade';

/** The subscriptions routes (registered by the EPCIS plugin). */
export const subscriptionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app;
  const allow = allowListOf(config.webhookAllow);

  app.post(
    '/queries/:name/subscriptions',
    {
      schema: {
        tags: ['epcis'],
        summary:
          'Subscribe to a named query by webhook: {dest, signatureToken, stream: true | schedule, initialRecordTime, reportIfEmpty}',
        params: NameParams,
        response: { 201: SubscriptionSchema, ...authErrors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const read = readWebhookRequest(jsonBody(request));
      if (!read.ok) throw badSubscription(read.problems);
      const view = await createSubscription(database, {
        orgId: caller.principal.org.id,
        queryName: request.params.name,
        request: read.request,
        transport: 'webhook',
        epcFormat: epcFormatOf(request),
        allow,
      });
      hubOf(database).nudge();
      reply.header(
        'location',
        `/epcis/queries/${encodeURIComponent(view.queryName)}/subscriptions/${view.subscriptionID}`,
      );
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/queries/:name/subscriptions',
    {
      schema: {
        tags: ['epcis'],
        summary: "Your organisation's subscriptions on a named query",
        params: NameParams,
        response: { 200: Type.Array(SubscriptionSchema), ...authErrors },
      },
    },
    async (request) => listSubscriptions(database, callerOf(request).principal.org.id, request.params.name),
  );

  app.get(
    '/queries/:name/subscriptions/:subscriptionID',
    {
      schema: {
        tags: ['epcis'],
        summary: 'One subscription: its state (active or paused, and why), cursor and recent deliveries',
        params: OneParams,
        response: { 200: SubscriptionSchema, ...authErrors },
      },
    },
    async (request) =>
      getSubscription(
        database,
        callerOf(request).principal.org.id,
        request.params.name,
        request.params.subscriptionID,
      ),
  );

  app.post(
    '/queries/:name/subscriptions/:subscriptionID/resume',
    {
      schema: {
        tags: ['epcis'],
        summary: 'Resume a paused subscription (its pending batch is retried at once)',
        params: OneParams,
        response: { 200: SubscriptionSchema, ...authErrors },
      },
    },
    async (request) => {
      const view = await resumeSubscription(
        database,
        callerOf(request).principal.org.id,
        request.params.name,
        request.params.subscriptionID,
      );
      hubOf(database).nudge();
      return view;
    },
  );

  app.delete(
    '/queries/:name/subscriptions/:subscriptionID',
    {
      schema: {
        tags: ['epcis'],
        summary: 'Unsubscribe',
        params: OneParams,
        response: { 204: Type.Null(), ...authErrors },
      },
    },
    async (request, reply) => {
      await deleteSubscription(
        database,
        callerOf(request).principal.org.id,
        request.params.name,
        request.params.subscriptionID,
      );
      return reply.status(204).send(null);
    },
  );

  // WebSocket subscriptions (EPCIS 2.0 REST binding, GET /queries/{queryName}/events with Upgrade: websocket).
  // The plain GET of that path (run the query once) lives in epcis.routes.ts; a route constraint on the Upgrade
  // header sends handshakes here and everything else there.
  if (!app.hasConstraintStrategy(UPGRADE_CONSTRAINT)) {
    app.addConstraintStrategy({
      name: UPGRADE_CONSTRAINT,
      storage() {
        const handlers = new Map<string, unknown>();
        return {
          get: (k: string) => (handlers.get(k) ?? null) as never,
          set: (k: string, v: unknown) => void handlers.set(k, v),
        };
      },
      deriveConstraint: (req: { headers: Record<string, string | string[] | undefined> }) =>
        String(req.headers.upgrade ?? '').toLowerCase() === 'websocket' ? 'websocket' : 'http',
      mustMatchWhenDerived: false,
    });
  }
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  const pending = new WeakMap<FastifyRequest, { request: SubscriptionRequest; epcFormat: EpcFormat }>();

  app.get(
    '/queries/:name/events',
    {
      websocket: true,
      constraints: { [UPGRADE_CONSTRAINT]: 'websocket' },
      schema: { params: NameParams, hide: true },
      // Checked before the handshake completes, so a bad request gets an HTTP problem instead of a 101.
      preHandler: async (request) => {
        const caller = callerOf(request);
        // A browser sends cookies with a cross-site WebSocket handshake; only same-origin pages may use a session.
        if (caller.session) {
          const origin = request.headers.origin;
          if (origin && new URL(origin).host !== request.headers.host) {
            throw new AppError(
              'AUTH_CROSS_ORIGIN',
              `A WebSocket from ${origin} may not use this site's session; use an API key.`,
              { status: 403 },
            );
          }
        }
        const read = readSocketRequest(request.query as Record<string, unknown>);
        if (!read.ok) throw badSubscription(read.problems);
        await listSubscriptions(database, caller.principal.org.id, (request.params as { name: string }).name);
        pending.set(request, { request: read.request, epcFormat: epcFormatOf(request) });
      },
    },
    async (socket, request) => {
      const caller = callerOf(request);
      const given = pending.get(request)!;
      const hub = hubOf(database);
      const id = randomUUID();
      let closed = false;
      // The socket is known to this node before its row exists, so the worker never finds the row without it.
      hub.sockets.set(id, {
        openedAt: Date.now(),
        send: (body) =>
          new Promise<void>((resolve, reject) => socket.send(body, (err) => (err ? reject(err) : resolve()))),
        close: (code, reason) => socket.close(code, reason),
      });
      socket.on('close', () => {
        closed = true;
        hub.sockets.delete(id);
        void dropSocketSubscription(database, id).catch(() => undefined);
      });
      try {
        await createSubscription(database, {
          id,
          orgId: caller.principal.org.id,
          queryName: (request.params as { name: string }).name,
          request: given.request,
          transport: 'websocket',
          epcFormat: given.epcFormat,
          nodeId: hub.nodeId,
          allow,
        });
        if (closed) await dropSocketSubscription(database, id);
        else hub.nudge();
      } catch (e) {
        hub.sockets.delete(id);
        socket.close(1011, (e as Error).message.slice(0, 120));
      }
    },
  );
};
