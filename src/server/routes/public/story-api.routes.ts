/** GET /api/public/codes/{code}: the same content as the code's public page, as JSON (rate-limited by the public scope). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import {
  drainLookups,
  onStoryErrors,
  publicStoryJson,
  type StoryJson,
} from '../../../modules/story/index.js';
import { ProblemSchema } from '../schemas.js';
import { requestPlace } from './story.routes.js';

const Bilingual = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });
const Place = Type.Union([Type.Object({ division: Type.String(), name: Bilingual }), Type.Null()]);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** The JSON of a public story (story.types.ts `PublicStory`); the response schema also strips anything unlisted. */
const PublicStorySchema = Type.Object({
  kind: Type.String({ description: 'found, restricted, unknown or invalid' }),
  code: Type.Object({ input: Type.String(), canonical: Nullable(Type.String()), scheme: Type.String() }),
  understood: Type.Object({
    fields: Type.Record(Type.String(), Type.String()),
    errors: Type.Array(
      Type.Object({ code: Type.String(), message: Type.String(), position: Type.Optional(Type.Integer()) }),
    ),
  }),
  category: Nullable(Type.String()),
  product: Type.Union([
    Type.Object({
      name: Type.String(),
      nameEn: Nullable(Type.String()),
      item: Nullable(Type.String()),
      gtin: Nullable(Type.String()),
      batch: Nullable(Type.String()),
      expiry: Nullable(Type.String()),
    }),
    Type.Null(),
  ]),
  producer: Type.Union([
    Type.Object({
      name: Type.String(),
      nameEn: Nullable(Type.String()),
      division: Place,
      uscc: Nullable(Type.String()),
      licences: Type.Array(Type.Object({ type: Type.String(), number: Type.String() })),
      certifications: Type.Array(
        Type.Object({ kind: Type.String(), number: Type.String(), validUntil: Nullable(Type.String()) }),
      ),
      credit: Nullable(Type.String()),
    }),
    Type.Null(),
  ]),
  status: Type.Object({
    recalled: Type.Boolean(),
    expired: Nullable(Type.String()),
    warnings: Type.Array(Type.String()),
    lookups: Type.Union([
      Type.Object({
        count: Type.Integer(),
        first: Type.Union([Type.Object({ time: Type.String(), place: Place }), Type.Null()]),
      }),
      Type.Null(),
    ]),
  }),
  timeline: Type.Array(
    Type.Object({
      stage: Type.String(),
      label: Bilingual,
      time: Type.String(),
      place: Place,
      organisation: Nullable(Type.String()),
    }),
  ),
  timelineOmitted: Type.Union(
    [Type.Object({ after: Type.Integer({ minimum: 0 }), count: Type.Integer({ minimum: 1 }) }), Type.Null()],
    {
      description:
        "A long life's steps left out of the timeline: `count` of them between timeline[after - 1] and timeline[after] (the first steps and the latest ones are shown).",
    },
  ),
  documents: Type.Array(
    Type.Object({ kind: Type.String(), number: Type.String(), date: Nullable(Type.String()) }),
  ),
  integrity: Type.Union(
    [
      Type.Object({
        status: Type.Union([Type.Literal('verified'), Type.Literal('failed'), Type.Literal('unavailable')]),
        treeSize: Type.Union([Type.Integer(), Type.Null()]),
        checked: Type.Integer(),
        failures: Type.Array(
          Type.Object({
            step: Type.Union([Type.Integer(), Type.Null()]),
            reason: Type.Union([
              Type.Literal('edited'),
              Type.Literal('not-in-log'),
              Type.Literal('not-in-head'),
              Type.Literal('bad-proof'),
              Type.Literal('bad-signature'),
            ]),
          }),
        ),
        treeHead: Type.Union([
          Type.Object({
            treeSize: Type.Integer(),
            rootHash: Type.String(),
            timestamp: Type.Integer(),
            algorithm: Type.String(),
            keyId: Type.String(),
            signature: Type.String(),
            publicKeyPem: Type.String(),
          }),
          Type.Null(),
        ]),
        nodes: Type.Array(Type.String(), {
          description: 'The distinct hashes (lower-case hex SHA-256) of the audit paths below, each once.',
        }),
        proofs: Type.Array(
          Type.Object({
            step: Type.Integer(),
            leafIndex: Type.Integer(),
            leafHash: Type.String(),
            path: Type.Array(Type.Integer({ minimum: 0 }), {
              description:
                'The audit path (RFC 9162 §2.1.3.1), leaf to root, as places in `nodes`: path[k] is nodes[path[k]].',
            }),
          }),
        ),
      }),
      Type.Null(),
    ],
    {
      description:
        'The shown events checked against the signed log (null when the story shows none), with the signed head and the inclusion proofs a client can verify itself.',
    },
  ),
});

/** The public story API (registered inside publicRoutes). */
export const publicStoryApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  onStoryErrors(database, (e) => app.log.error(e, 'public story background work failed'));
  // Lookups are buffered (lookup-buffer.ts): once the server stops, write them before the database closes.
  app.addHook('preClose', async () => drainLookups(database));
  app.get(
    '/codes/*',
    {
      schema: {
        tags: ['public'],
        summary:
          "A code's public story: product, producer, status, timeline and documents, shaped by the category's projection",
        description:
          'Any code in any form the codes module parses, URL-encoded (a Digital Link URL included). Every call is a lookup in the lookup log; `near=<lat>,<lon>` adds a place rounded to 0.1°.',
        querystring: Type.Object(
          { near: Type.Optional(Type.String({ maxLength: 40 })) },
          { additionalProperties: false },
        ),
        response: {
          200: PublicStorySchema,
          400: Type.Union([PublicStorySchema, ProblemSchema]),
          404: PublicStorySchema,
          429: ProblemSchema,
        },
      },
    },
    (request, reply) => {
      const raw = (request.params as { '*': string })['*'];
      let input = raw;
      if (raw.includes('%')) {
        try {
          input = decodeURIComponent(raw);
        } catch {
          // a stray % stays as typed; parse reports what it cannot read
        }
      }
      // The story's JSON is kept serialised (story.service.ts publicStoryJson); it is the schema's shape exactly. A
      // code looked up before is answered without waiting for anything, hence no async handler here.
      const json = publicStoryJson(database, input, { record: true, place: requestPlace(request) });
      if (json instanceof Promise) return json.then((j) => sendStory(reply as FastifyReply, j));
      sendStory(reply as FastifyReply, json);
    },
  );
};

/**
 * Sends a story's JSON as it is: bytes skip Fastify's serialiser (the type provider only knows the object form, hence
 * the plain FastifyReply), and go to the socket without another copy.
 */
function sendStory(reply: FastifyReply, json: StoryJson): void {
  reply
    .code(json.statusCode)
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(json.body);
}
