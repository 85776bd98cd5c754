/** /api/gov/recalls, /api/gov/complaints: regulators order and close recalls and handle the public's complaints. */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { closeRecall, listComplaints, updateComplaint } from '../../../modules/recall/index.js';
import { clearStories } from '../../../modules/story/index.js';
import { auditRequest, callerOf, requireRole } from '../../plugins/auth.js';
import {
  ComplaintSchema,
  ComplaintUpdateSchema,
  RecallParamsSchema,
  RecallSchema,
} from '../recall.schemas.js';
import { recallSharedRoutes } from '../recall-shared.js';
import { authErrors, IdParamsSchema, ProblemSchema } from '../schemas.js';

/** The regulator recall and complaint routes (inside govRoutes). */
export const govRecallRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  await app.register(recallSharedRoutes, { tag: 'gov' });

  app.post(
    '/recalls/:id/close',
    {
      schema: {
        tags: ['gov'],
        summary: 'Close a recall with its report',
        params: RecallParamsSchema,
        response: { 200: RecallSchema, ...authErrors, 409: ProblemSchema },
      },
    },
    async (request) => {
      const caller = requireRole(request, ['admin', 'manager', 'member']);
      const recall = await closeRecall(database, caller.scope, request.params.id);
      clearStories(database);
      await auditRequest(request, {
        action: 'recall.close',
        targetType: 'recall',
        targetId: recall.id,
        detail: { progress: recall.progress.percent },
      });
      return recall;
    },
  );

  app.get(
    '/complaints',
    {
      schema: {
        tags: ['gov'],
        summary: 'Complaints routed to you',
        response: { 200: Type.Array(ComplaintSchema), ...authErrors },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const list = await listComplaints(database.db, caller.scope);
      await auditRequest(request, {
        action: 'read.complaints',
        targetType: 'complaint',
        detail: { count: list.length },
      });
      return list;
    },
  );

  app.patch(
    '/complaints/:id',
    {
      schema: {
        tags: ['gov'],
        summary: 'Move a complaint on (investigating, answered, closed) with a note',
        params: IdParamsSchema,
        body: ComplaintUpdateSchema,
        response: { 200: ComplaintSchema, ...authErrors, 409: ProblemSchema },
      },
    },
    async (request) => {
      const caller = requireRole(request, ['admin', 'manager', 'member']);
      const complaint = await updateComplaint(
        database.db,
        caller.scope,
        request.params.id,
        request.body.status,
        request.body.note ?? null,
      );
      await auditRequest(request, {
        action: 'complaint.update',
        targetType: 'complaint',
        targetId: complaint.id,
        detail: { status: complaint.status },
      });
      return complaint;
    },
  );
};
