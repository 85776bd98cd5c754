/**
 * /epcis: the EPCIS 2.0 REST binding (GS1 EPCIS 2.0 §12). Every route needs an API key or a session: the
 * recorder is the caller's organisation and every query is scoped to what the caller may see. Documents come in
 * as JSON/JSON-LD or XML; replies go out as JSON-LD or XML by `Accept`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../lib/errors.js';
import {
  type EpcisInput,
  parseQueryParams,
  readJsonDocument,
  readXmlDocument,
  writeXml,
} from '../../../modules/epcis/index.js';
import {
  type CaptureJob,
  captureEvents,
  createNamedQuery,
  deleteNamedQuery,
  type EpcFormat,
  eventNotFound,
  formatIdentifiers,
  getCaptureJob,
  getEvent,
  getNamedQuery,
  listCaptureJobs,
  listNamedQueries,
  namedQueryModel,
  queryDocument,
  queryEvents,
  startCaptureJob,
} from '../../../modules/events/index.js';
import { authenticate, callerOf } from '../../plugins/auth.js';
import { authErrors, ProblemSchema } from '../schemas.js';
import { ledgerRoutes } from './ledger.routes.js';
import { subscriptionsRoutes } from './subscriptions.routes.js';

/** The five EPCIS 2.0 event types (EPCIS 2.0 §7.4). */
export const EVENT_TYPES = [
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
] as const;
const EPC_FORMATS: readonly EpcFormat[] = [
  'No_Preference',
  'Always_GS1_Digital_Link',
  'Always_EPC_URN',
  'Never_Translates',
];
/** Parameters whose comma-separated values are lists (OpenAPI style=form, explode=false in the EPCIS REST binding). */
const LIST_PARAMS = new Set(['eventType', 'EQ_action', 'EQ_bizStep', 'EQ_disposition', 'EQ_errorReason']);

const JobSchema = Type.Object({
  captureID: Type.String(),
  running: Type.Boolean(),
  success: Type.Boolean(),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  eventCount: Type.Integer(),
  storedCount: Type.Integer(),
  duplicateCount: Type.Integer(),
  errors: Type.Array(Type.Unknown()),
});
const AnyObject = Type.Record(Type.String(), Type.Unknown());
/** An EPCISQueryDocument or event (JSON-LD), or its XML form. */
const EpcisReply = Type.Unknown({
  description: 'EPCISQueryDocument (application/ld+json) or its XML form (application/xml)',
});

function isXml(request: FastifyRequest): boolean {
  return /\b(xml)\b/i.test(String(request.headers['content-type'] ?? ''));
}

/** Reads a captured body (JSON or XML) into the JSON-LD form. */
function readBody(request: FastifyRequest): EpcisInput {
  const body = request.body as Buffer | object | undefined;
  if (body === undefined || body === null)
    throw new AppError('EPCIS_EMPTY_BODY', 'The request has no EPCIS document.', { status: 400 });
  if (isXml(request)) return readXmlDocument(body as Buffer);
  return readJsonDocument(body instanceof Buffer ? body : (body as object));
}

function wantsXml(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '');
  return /xml/i.test(accept) && !/json/i.test(accept.split(',')[0] ?? '');
}

function epcFormat(request: FastifyRequest): EpcFormat {
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

/** Query-string parameters as the query model reads them: repeated keys as arrays, list parameters split. */
function queryParams(request: FastifyRequest, extra: Record<string, string> = {}): Record<string, unknown> {
  const raw = { ...(request.query as Record<string, unknown>), ...extra };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    out[k] =
      LIST_PARAMS.has(k) && typeof v === 'string' && v.includes(',') ? v.split(',').map((s) => s.trim()) : v;
  }
  return out;
}

async function sendEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  params: Record<string, unknown>,
  options: { queryName?: string } = {},
): Promise<FastifyReply> {
  const caller = callerOf(request);
  const format = epcFormat(request);
  const model = options.queryName
    ? await namedQueryModel(
        request.server.database,
        caller.principal.org.id,
        options.queryName,
        pick(params, ['perPage', 'nextPageToken']),
      )
    : parseQueryParams(params);
  const page = await queryEvents(request.server.database, caller.scope, model);
  const events = page.events.map((e) => formatIdentifiers(e, format, request.server.config.gcpLength));
  const doc = queryDocument(events, options.queryName ? { queryName: options.queryName } : {});
  if (page.nextPageToken) {
    const url = new URL(request.url, 'http://x');
    url.searchParams.set('nextPageToken', page.nextPageToken);
    reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  reply.header('GS1-EPC-Format', format);
  if (wantsXml(request)) return reply.type('application/xml; charset=utf-8').send(writeXml(doc as never));
  return reply.type('application/ld+json; charset=utf-8').send(doc);
}

function pick(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

const resourceQuery = {
  tags: ['epcis'],
  params: Type.Object({ value: Type.String({ minLength: 1, maxLength: 2000 }) }),
  response: { 200: EpcisReply, ...authErrors },
};

/** The EPCIS audience plugin. */
export const epcisRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app;
  app.addHook('onRequest', authenticate());
  app.addHook('onSend', async (_request, reply) => {
    // EPCIS 2.0 §12.5: every response names the standard versions it speaks.
    reply.header('GS1-EPCIS-Version', '2.0.0');
    reply.header('GS1-CBV-Version', '2.0.0');
  });
  // Documents are read as raw bytes and parsed by the epcis module (JSON depth limits, safe XML without DTDs).
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(
    ['application/json', 'application/ld+json', 'application/xml', 'text/xml'],
    { parseAs: 'buffer', bodyLimit: config.captureBodyLimit },
    (_req, body, done) => done(null, body),
  );

  await app.register(ledgerRoutes);
  await app.register(subscriptionsRoutes);

  app.get(
    '/eventTypes',
    {
      schema: {
        tags: ['epcis'],
        summary: 'The event types this repository stores (EPCIS 2.0 §12.3 /eventTypes)',
        response: { 200: Type.Object({ '@set': Type.Array(Type.String()) }), ...authErrors },
      },
    },
    async () => ({ '@set': [...EVENT_TYPES] }),
  );

  app.post(
    '/capture',
    {
      schema: {
        tags: ['epcis'],
        summary: 'Capture an EPCISDocument (JSON-LD or XML); answers 202 with the capture job',
        response: {
          202: Type.Object({ captureID: Type.String() }),
          ...authErrors,
          413: ProblemSchema,
          415: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const input = readBody(request);
      const { id } = await startCaptureJob(database, caller.principal.org.id, input, app.captureHooks);
      reply.header('location', `/epcis/capture/${id}`);
      return reply.status(202).send({ captureID: id });
    },
  );

  app.get(
    '/capture',
    {
      schema: {
        tags: ['epcis'],
        summary: "Your organisation's capture jobs, newest first",
        response: { 200: Type.Array(JobSchema), ...authErrors },
      },
    },
    async (request) => listCaptureJobs(database, callerOf(request).principal.org.id),
  );

  app.get(
    '/capture/:captureID',
    {
      schema: {
        tags: ['epcis'],
        summary: 'One capture job: running, success, errors',
        params: Type.Object({ captureID: Type.String({ maxLength: 40 }) }),
        response: { 200: JobSchema, ...authErrors },
      },
    },
    async (request): Promise<CaptureJob> =>
      getCaptureJob(database, callerOf(request).principal.org.id, request.params.captureID),
  );

  app.post(
    '/events',
    {
      schema: {
        tags: ['epcis'],
        summary: 'Capture one event; answers 201 with its Location',
        response: { 201: Type.Object({ eventID: Type.String() }), ...authErrors, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const input = readBody(request);
      if (
        (input as { type?: string }).type === 'EPCISDocument' ||
        (input as { type?: string }).type === 'EPCISQueryDocument'
      ) {
        throw new AppError(
          'EPCIS_NOT_AN_EVENT',
          'POST /epcis/events takes one event; send documents to /epcis/capture.',
          { status: 400, path: '/type' },
        );
      }
      const outcome = await captureEvents(
        database,
        { orgId: caller.principal.org.id, hooks: app.captureHooks },
        input,
      );
      const eventID = outcome.eventIds[0]!;
      reply.header('location', `/epcis/events/${encodeURIComponent(eventID)}`);
      return reply.status(201).send({ eventID });
    },
  );

  app.get(
    '/events',
    {
      schema: {
        tags: ['epcis'],
        summary: 'Query events (SimpleEventQuery parameters)',
        response: { 200: EpcisReply, ...authErrors, 413: ProblemSchema },
      },
    },
    async (request, reply) => sendEvents(request, reply, queryParams(request)),
  );

  app.get(
    '/events/:eventID',
    {
      schema: {
        tags: ['epcis'],
        summary: 'One event by eventID or event hash',
        params: Type.Object({ eventID: Type.String({ minLength: 1, maxLength: 2000 }) }),
        response: { 200: EpcisReply, ...authErrors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const event = await getEvent(database, caller.scope, request.params.eventID);
      if (!event) throw eventNotFound(request.params.eventID);
      const formatted = formatIdentifiers(event, epcFormat(request), config.gcpLength);
      if (wantsXml(request))
        return reply
          .type('application/xml; charset=utf-8')
          .send(writeXml(queryDocument([formatted]) as never));
      return reply.type('application/ld+json; charset=utf-8').send(formatted);
    },
  );

  const resource = (path: string, param: string, summary: string) =>
    app.get(`/${path}/:value/events`, { schema: { ...resourceQuery, summary } }, async (request, reply) =>
      sendEvents(
        request,
        reply,
        queryParams(request, { [param]: (request.params as { value: string }).value }),
      ),
    );
  resource('epcs', 'MATCH_anyEPC', 'Events naming an EPC');
  resource('bizSteps', 'EQ_bizStep', 'Events of a business step');
  resource('bizLocations', 'EQ_bizLocation', 'Events at a business location');
  resource('readPoints', 'EQ_readPoint', 'Events at a read point');
  resource('dispositions', 'EQ_disposition', 'Events with a disposition');

  app.post(
    '/queries',
    {
      schema: {
        tags: ['epcis'],
        summary: 'Create a named query `{name, query}`',
        response: {
          201: Type.Object({ name: Type.String(), query: AnyObject, createdAt: Type.String() }),
          ...authErrors,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const body = request.body as Buffer | undefined;
      const parsed = body ? JSON.parse(body.toString('utf8') || 'null') : null;
      const saved = await createNamedQuery(database, caller.principal.org.id, parsed);
      reply.header('location', `/epcis/queries/${encodeURIComponent(saved.name)}`);
      return reply.status(201).send(saved);
    },
  );
  app.get(
    '/queries',
    {
      schema: {
        tags: ['epcis'],
        summary: "Your organisation's named queries",
        response: {
          200: Type.Array(Type.Object({ name: Type.String(), query: AnyObject, createdAt: Type.String() })),
          ...authErrors,
        },
      },
    },
    async (request) => listNamedQueries(database, callerOf(request).principal.org.id),
  );
  const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });
  app.get(
    '/queries/:name',
    {
      schema: {
        tags: ['epcis'],
        summary: 'One named query',
        params: NameParams,
        response: {
          200: Type.Object({ name: Type.String(), query: AnyObject, createdAt: Type.String() }),
          ...authErrors,
        },
      },
    },
    async (request) => getNamedQuery(database, callerOf(request).principal.org.id, request.params.name),
  );
  app.get(
    '/queries/:name/events',
    {
      schema: {
        tags: ['epcis'],
        summary: 'Run a named query',
        params: NameParams,
        response: { 200: EpcisReply, ...authErrors },
      },
    },
    async (request, reply) =>
      sendEvents(request, reply, queryParams(request), { queryName: request.params.name }),
  );
  app.delete(
    '/queries/:name',
    {
      schema: {
        tags: ['epcis'],
        summary: 'Delete a named query',
        params: NameParams,
        response: { 204: Type.Null(), ...authErrors },
      },
    },
    async (request, reply) => {
      await deleteNamedQuery(database, callerOf(request).principal.org.id, request.params.name);
      return reply.status(204).send(null);
    },
  );
};
