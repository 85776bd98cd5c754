/** /healthz (the process is up) and /readyz (the database answers). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../lib/errors.js';
import { ProblemSchema } from './schemas.js';

const Health = Type.Object({ status: Type.String(), engine: Type.Optional(Type.String()) });

/** Health and readiness probes for load balancers and orchestrators. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    { schema: { tags: ['ops'], summary: 'The process is up', response: { 200: Health } } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['ops'],
        summary: 'The database is reachable',
        response: { 200: Health, 503: ProblemSchema },
      },
    },
    async () => {
      if (!(await app.database.ping())) {
        throw new AppError('NOT_READY', 'The database does not answer.', { status: 503, fault: 'caller' });
      }
      return { status: 'ready', engine: app.database.dialect.name };
    },
  );
};
