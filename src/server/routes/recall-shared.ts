/** Recall routes both authenticated audiences share: list, read, report; starting one (ordered or voluntary). */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { isOversight } from '../../modules/access/index.js';
import {
  createRecall,
  getRecall,
  listRecalls,
  logNotifier,
  recallReportPdf,
  recallReportXlsx,
} from '../../modules/recall/index.js';
import { clearStories } from '../../modules/story/index.js';
import { auditRequest, callerOf, requireRole } from '../plugins/auth.js';
import { NewRecallSchema, RecallParamsSchema, RecallSchema, ReportQuerySchema } from './recall.schemas.js';
import { authErrors, ProblemSchema } from './schemas.js';

/** GET/POST /recalls, GET /recalls/:id, GET /recalls/:id/report. */
export const recallSharedRoutes: FastifyPluginAsyncTypebox<{ tag: 'gov' | 'enterprise' }> = async (
  app,
  opts,
) => {
  const { database } = app;
  const notifier = logNotifier(app.log);

  app.post(
    '/recalls',
    {
      schema: {
        tags: [opts.tag],
        summary:
          opts.tag === 'gov'
            ? 'Order a recall (责令召回)'
            : 'Start a voluntary recall (主动召回) of your product',
        body: NewRecallSchema,
        response: { 201: RecallSchema, ...authErrors, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const caller = requireRole(request, ['admin', 'manager', 'member']);
      const recall = await createRecall(database, caller, request.body, notifier);
      // Cached public stories of recalled codes would show the old status until they expire.
      clearStories(database);
      await auditRequest(request, {
        action: 'recall.create',
        targetType: 'recall',
        targetId: recall.id,
        detail: { number: recall.number, root: recall.root, level: recall.level },
      });
      return reply.status(201).send(recall);
    },
  );

  app.get(
    '/recalls',
    {
      schema: {
        tags: [opts.tag],
        summary: 'Recalls you started, supervise or hold goods under',
        querystring: Type.Object(
          { status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(RecallSchema), ...authErrors },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const list = await listRecalls(database.db, caller.scope, request.query);
      if (isOversight(caller.scope))
        await auditRequest(request, {
          action: 'read.recalls',
          targetType: 'recall',
          detail: { count: list.length },
        });
      return list;
    },
  );

  app.get(
    '/recalls/:id',
    {
      schema: {
        tags: [opts.tag],
        summary: 'One recall with progress per holder',
        params: RecallParamsSchema,
        response: { 200: RecallSchema, ...authErrors },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const recall = await getRecall(database.db, caller.scope, request.params.id);
      if (isOversight(caller.scope))
        await auditRequest(request, { action: 'read.recall', targetType: 'recall', targetId: recall.id });
      return recall;
    },
  );

  app.get(
    '/recalls/:id/report',
    {
      schema: {
        tags: [opts.tag],
        summary: 'The recall report (XLSX or PDF)',
        params: RecallParamsSchema,
        querystring: ReportQuerySchema,
        response: { ...authErrors },
      },
    },
    async (request, typedReply) => {
      const reply = typedReply as FastifyReply;
      const recall = await getRecall(database.db, callerOf(request).scope, request.params.id);
      if (request.query.format === 'pdf') {
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${recall.number}.pdf"`)
          .send(await recallReportPdf(recall));
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${recall.number}.xlsx"`)
        .send(await recallReportXlsx(recall));
    },
  );
};
