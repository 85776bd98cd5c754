/**
 * /api/gov: regulators (departments, limited to their categories; county governments, limited to their area) and
 * the platform admin read enterprise data. Every read is written to the audit log.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getProduct, listProducts } from '../../../modules/masterdata/index.js';
import { auditRequest, authenticate, callerOf } from '../../plugins/auth.js';
import {
  authErrors,
  IdParamsSchema,
  ProductListSchema,
  ProductQuerySchema,
  ProductSchema,
} from '../schemas.js';
import { govTraceRoutes } from './trace.routes.js';

/** The regulator audience plugin. */
export const govRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  app.addHook('onRequest', authenticate({ kinds: ['department', 'county', 'admin'] }));
  await app.register(govTraceRoutes);

  app.get(
    '/products',
    {
      schema: {
        tags: ['gov'],
        summary: 'Products in your categories or area',
        querystring: ProductQuerySchema,
        response: { 200: ProductListSchema, ...authErrors },
      },
    },
    async (request) => {
      const result = await listProducts(database.db, callerOf(request).scope, request.query);
      await auditRequest(request, {
        action: 'read.products',
        targetType: 'product',
        detail: {
          query: request.query,
          count: result.items.length,
          orgIds: [...new Set(result.items.map((p) => p.orgId))],
        },
      });
      return result;
    },
  );

  app.get(
    '/products/:id',
    {
      schema: {
        tags: ['gov'],
        summary: 'One product in your categories or area',
        params: IdParamsSchema,
        response: { 200: ProductSchema, ...authErrors },
      },
    },
    async (request) => {
      const product = await getProduct(database.db, callerOf(request).scope, request.params.id);
      await auditRequest(request, {
        action: 'read.product',
        targetType: 'product',
        targetId: product.id,
        targetOrgId: product.orgId,
      });
      return product;
    },
  );
};
