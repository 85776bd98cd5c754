/**
 * The trace read routes both authenticated audiences share (trace, export, impact): the audience plugin decides who
 * may call them; the scope decides what each caller sees; regulator reads are written to the audit log.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { isOversight } from '../../modules/access/index.js';
import { assessImpact, exportCsv, exportXlsx, runTrace } from '../../modules/trace/index.js';
import { auditRequest, callerOf } from '../plugins/auth.js';
import { authErrors } from './schemas.js';
import {
  CodeParamsSchema,
  ImpactBodySchema,
  ImpactSchema,
  TraceExportQuerySchema,
  TraceQuerySchema,
  TraceResultSchema,
} from './trace.schemas.js';

/** Options of the shared trace routes. */
export interface TraceReadOptions {
  tag: 'gov' | 'enterprise';
}

/** GET /trace/:code, GET /trace/:code/export, POST /impact. */
export const traceReadRoutes: FastifyPluginAsyncTypebox<TraceReadOptions> = async (app, opts) => {
  const { database } = app;
  const orgIdsOf = (parties: Array<{ uscc: string | null }>) => parties.map((p) => p.uscc).filter(Boolean);

  app.get(
    '/trace/:code',
    {
      schema: {
        tags: [opts.tag],
        summary:
          'Trace a code backward (origins, inputs, custodians) or forward (every holder, quantities, counties)',
        params: CodeParamsSchema,
        querystring: TraceQuerySchema,
        response: { 200: TraceResultSchema, ...authErrors },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { result } = await runTrace(database.db, caller.scope, request.params.code, request.query);
      if (isOversight(caller.scope)) {
        await auditRequest(request, {
          action: 'read.trace',
          targetType: 'code',
          targetId: result.root.id,
          detail: {
            direction: result.direction,
            nodes: result.nodes.length,
            events: result.events.length,
            parties: orgIdsOf(result.parties),
          },
        });
      }
      return result;
    },
  );

  app.get(
    '/trace/:code/export',
    {
      schema: {
        tags: [opts.tag],
        summary: 'A trace as a sortable spreadsheet (one row per event): CSV or XLSX',
        params: CodeParamsSchema,
        querystring: TraceExportQuerySchema,
        response: { ...authErrors },
      },
    },
    async (request, typedReply) => {
      // The body is a file, not the JSON the error schemas describe.
      const reply = typedReply as FastifyReply;
      const caller = callerOf(request);
      const { format, ...options } = request.query;
      const run = await runTrace(database.db, caller.scope, request.params.code, options);
      if (isOversight(caller.scope)) {
        await auditRequest(request, {
          action: 'read.trace.export',
          targetType: 'code',
          targetId: run.result.root.id,
          detail: { direction: run.result.direction, format, events: run.result.events.length },
        });
      }
      const name = `trace-${options.direction}-${new Date().toISOString().slice(0, 10)}`;
      if (format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(exportCsv(run));
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(await exportXlsx(run, name));
    },
  );

  app.post(
    '/impact',
    {
      schema: {
        tags: [opts.tag],
        summary: 'Impact assessment of a batch, code, input lot, or a producer’s time window',
        body: ImpactBodySchema,
        response: { 200: ImpactSchema, ...authErrors },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { impact } = await assessImpact(database.db, caller.scope, request.body);
      if (isOversight(caller.scope)) {
        await auditRequest(request, {
          action: 'read.impact',
          targetType: 'code',
          targetId: impact.roots[0] ?? null,
          detail: { request: request.body, items: impact.items, holders: orgIdsOf(impact.holders) },
        });
      }
      return impact;
    },
  );
};
