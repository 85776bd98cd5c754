/** /api/gov/trace …, /api/gov/impact: regulators trace within their categories and counties (every read audited). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { traceReadRoutes } from '../trace-reads.js';
import { govRecallRoutes } from './recall.routes.js';

/** The regulator trace, recall and complaint routes (registered inside govRoutes, behind its auth hook). */
export const govTraceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(traceReadRoutes, { tag: 'gov' });
  await app.register(govRecallRoutes);
};
