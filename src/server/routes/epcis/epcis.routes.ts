/**
 * /epcis: the EPCIS 2.0 REST binding (GS1 EPCIS 2.0 §12). Every route needs an API key or a session: the
 * recorder and the query scope are the caller's organisation. Capture and query land here with the EPCIS issue.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authenticate } from '../../plugins/auth.js';
import { authErrors } from '../schemas.js';

/** The five EPCIS 2.0 event types (EPCIS 2.0 §7.4). */
export const EVENT_TYPES = [
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
] as const;

/** The EPCIS audience plugin. */
export const epcisRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticate());
  app.addHook('onSend', async (_request, reply) => {
    // EPCIS 2.0 §12.5: every response names the standard versions it speaks.
    reply.header('GS1-EPCIS-Version', '2.0.0');
    reply.header('GS1-CBV-Version', '2.0.0');
  });

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
};
