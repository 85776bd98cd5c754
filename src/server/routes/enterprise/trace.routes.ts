/** /api/enterprise/trace …, /api/enterprise/impact: an enterprise traces its own segment (suppliers and customers). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { traceReadRoutes } from '../trace-reads.js';
import { enterpriseRecallRoutes } from './recall.routes.js';

/** The enterprise trace and recall routes (registered inside enterpriseRoutes, behind its auth hook). */
export const enterpriseTraceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(traceReadRoutes, { tag: 'enterprise' });
  await app.register(enterpriseRecallRoutes);
};
