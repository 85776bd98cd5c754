/**
 * /api/public/complaints: the public files a complaint about a scanned code (no login; the public scope is
 * rate-limited per client, and each client may file a few per hour) and follows it by its receipt number.
 * /api/public/recall-status: whether a code is under an open recall (the public query shows `recalled`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MAX_CODE_LENGTH } from '../../../modules/codes/index.js';
import { canonicalIdentifier } from '../../../modules/events/index.js';
import { complaintByReceipt, fileComplaint, recallStatus } from '../../../modules/recall/index.js';
import { PublicComplaintSchema } from '../recall.schemas.js';
import { ProblemSchema } from '../schemas.js';

const errors = { 400: ProblemSchema, 404: ProblemSchema, 413: ProblemSchema, 429: ProblemSchema };

/** The public complaint and recall-status routes (inside publicRoutes). */
export const publicComplaintRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;

  app.post(
    '/complaints',
    {
      // A photo travels as base64 inside the JSON body; 3 MB covers the 2 MB photo limit plus encoding.
      bodyLimit: 3 * 1024 * 1024,
      schema: {
        tags: ['public'],
        summary: 'File a complaint about a product (no login)',
        body: Type.Object(
          {
            code: Type.String({
              minLength: 1,
              maxLength: MAX_CODE_LENGTH,
              description: 'The code as scanned.',
            }),
            text: Type.String({ minLength: 1, maxLength: 4000, description: 'What is wrong (plain text).' }),
            photo: Type.Optional(Type.String({ description: 'Base64 JPEG, PNG or WebP, at most 2 MB.' })),
            contact: Type.Optional(
              Type.String({ maxLength: 200, description: 'Phone or e-mail, to be answered.' }),
            ),
            division: Type.Optional(
              Type.String({ maxLength: 12, description: 'County (GB/T 2260) where it was bought.' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: PublicComplaintSchema, ...errors },
      },
    },
    async (request, reply) => {
      const complaint = await fileComplaint(database, request.body, request.ip);
      reply.header('location', `/api/public/complaints/${complaint.receipt}`);
      return reply.status(201).send(complaint);
    },
  );

  app.get(
    '/complaints/:receipt',
    {
      schema: {
        tags: ['public'],
        summary: 'Follow a complaint by its receipt number',
        params: Type.Object(
          { receipt: Type.String({ pattern: '^TS\\d{8}[0-9A-F]{12}$' }) },
          { additionalProperties: false },
        ),
        response: { 200: PublicComplaintSchema, ...errors },
      },
    },
    async (request) => complaintByReceipt(database.db, request.params.receipt),
  );

  app.get(
    '/recall-status',
    {
      schema: {
        tags: ['public'],
        summary: 'Whether a code is under an open recall',
        querystring: Type.Object(
          { code: Type.String({ minLength: 1, maxLength: MAX_CODE_LENGTH }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            code: Type.String(),
            status: Type.Union([Type.Literal('recalled'), Type.Literal('normal')]),
            recalls: Type.Array(
              Type.Object({
                number: Type.String(),
                level: Type.String(),
                reason: Type.String(),
                since: Type.String(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const canonical = canonicalIdentifier(request.query.code.trim()).canonical;
      return { code: canonical, ...(await recallStatus(database.db, canonical)) };
    },
  );
};
