/** /api/enterprise/recalls, /api/enterprise/inbox: voluntary recalls, and holders answering recalls. */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { acknowledgeRecall, closeRecall, listInbox } from '../../../modules/recall/index.js';
import { clearStories } from '../../../modules/story/index.js';
import { callerOf, requireRole } from '../../plugins/auth.js';
import { RecallParamsSchema, RecallSchema } from '../recall.schemas.js';
import { recallSharedRoutes } from '../recall-shared.js';
import { authErrors, ProblemSchema } from '../schemas.js';

/** The enterprise recall routes (registered by the enterprise trace routes). */
export const enterpriseRecallRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  await app.register(recallSharedRoutes, { tag: 'enterprise' });

  app.post(
    '/recalls/:id/acknowledge',
    {
      schema: {
        tags: ['enterprise'],
        summary: 'Acknowledge a recall notice you received',
        params: RecallParamsSchema,
        response: { 200: RecallSchema, ...authErrors },
      },
    },
    async (request) =>
      acknowledgeRecall(database.db, requireRole(request, ['manager', 'member']).scope, request.params.id),
  );

  app.post(
    '/recalls/:id/close',
    {
      schema: {
        tags: ['enterprise'],
        summary: 'Close your voluntary recall with its report',
        params: RecallParamsSchema,
        response: { 200: RecallSchema, ...authErrors, 409: ProblemSchema },
      },
    },
    async (request) =>
      closeRecall(database, requireRole(request, ['manager', 'member']).scope, request.params.id).then(
        (recall) => {
          // Cached public stories of recalled codes would show the old status until they expire.
          clearStories(database);
          return recall;
        },
      ),
  );

  app.get(
    '/inbox',
    {
      schema: {
        tags: ['enterprise'],
        summary: 'Your inbox: recall notices and complaints about your products',
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.Integer(),
              kind: Type.String(),
              subject: Type.String(),
              body: Type.Object({}, { additionalProperties: true }),
              recallId: Type.Union([Type.Integer(), Type.Null()]),
              complaintId: Type.Union([Type.Integer(), Type.Null()]),
              createdAt: Type.String(),
              read: Type.Boolean(),
            }),
          ),
          ...authErrors,
        },
      },
    },
    async (request) => listInbox(database, callerOf(request).principal.org.id),
  );
};
