/** /api/public: what anyone may read without logging in; rate-limited per client. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listDivisions } from '../../../modules/masterdata/index.js';
import { publicCodesRoutes } from './codes.routes.js';
import { publicComplaintRoutes } from './complaints.routes.js';
import { publicLedgerRoutes } from './ledger.routes.js';
import { publicStoryApiRoutes } from './story-api.routes.js';

/** The public audience plugin. */
export const publicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  await app.register(publicCodesRoutes);
  await app.register(publicComplaintRoutes);
  await app.register(publicStoryApiRoutes);
  await app.register(publicLedgerRoutes);

  app.get(
    '/divisions',
    {
      schema: {
        tags: ['public'],
        summary: "Ji'an's administrative divisions (GB/T 2260) and functional zones",
        response: {
          200: Type.Array(
            Type.Object({
              code: Type.String(),
              nameZh: Type.String(),
              nameEn: Type.String(),
              parentCode: Type.Union([Type.String(), Type.Null()]),
              level: Type.String(),
            }),
          ),
        },
      },
    },
    async () => listDivisions(database.db),
  );
};
