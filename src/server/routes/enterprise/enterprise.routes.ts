/** /api/enterprise: an enterprise's (or platform client's) own master data, keys and users. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createApiKey,
  createUser,
  listApiKeys,
  listUsers,
  revokeApiKey,
} from '../../../modules/access/index.js';
import { auditRequest, authenticate, requireRole } from '../../plugins/auth.js';
import {
  ApiKeySchema,
  authErrors,
  CreatedKeySchema,
  IdParamsSchema,
  NewApiKeySchema,
  ProblemSchema,
  UserSchema,
} from '../schemas.js';
import { codesRoutes } from './codes.routes.js';
import { masterdataRoutes } from './masterdata.routes.js';
import { enterpriseTraceRoutes } from './trace.routes.js';

/** The enterprise audience plugin. */
export const enterpriseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  app.addHook('onRequest', authenticate({ kinds: ['enterprise', 'platform'] }));
  await app.register(enterpriseTraceRoutes);
  await app.register(codesRoutes);
  await app.register(masterdataRoutes);

  app.get(
    '/keys',
    {
      schema: {
        tags: ['enterprise'],
        summary: "List your organisation's API keys",
        response: { 200: Type.Array(ApiKeySchema), ...authErrors },
      },
    },
    async (request) => listApiKeys(database.db, requireRole(request, ['manager']).principal.org.id),
  );

  app.post(
    '/keys',
    {
      schema: {
        tags: ['enterprise'],
        summary: 'Create an API key (shown once)',
        body: NewApiKeySchema,
        response: { 201: CreatedKeySchema, ...authErrors },
      },
    },
    async (request, reply) => {
      const { principal } = requireRole(request, ['manager']);
      const created = await createApiKey(database.db, {
        orgId: principal.org.id,
        ...(request.body.name ? { name: request.body.name } : {}),
        expiresAt: request.body.expiresAt ? new Date(request.body.expiresAt) : null,
        createdBy: principal.userId,
      });
      await auditRequest(request, {
        action: 'key.create',
        targetType: 'api_key',
        targetId: created.apiKey.id,
        targetOrgId: principal.org.id,
        detail: { name: created.apiKey.name, expiresAt: created.apiKey.expiresAt },
      });
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/keys/:id',
    {
      schema: {
        tags: ['enterprise'],
        summary: 'Revoke an API key',
        params: IdParamsSchema,
        response: { 200: ApiKeySchema, ...authErrors },
      },
    },
    async (request) => {
      const { principal } = requireRole(request, ['manager']);
      const key = await revokeApiKey(database.db, request.params.id, principal.org.id);
      await auditRequest(request, {
        action: 'key.revoke',
        targetType: 'api_key',
        targetId: key.id,
        targetOrgId: principal.org.id,
      });
      return key;
    },
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['enterprise'],
        summary: "List your organisation's users",
        response: { 200: Type.Array(UserSchema), ...authErrors },
      },
    },
    async (request) => listUsers(database.db, requireRole(request, ['manager']).principal.org.id),
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['enterprise'],
        summary: 'Add a user to your organisation (returns a one-time password)',
        body: Type.Object(
          {
            username: Type.String({ minLength: 3, maxLength: 64 }),
            role: Type.Union([Type.Literal('manager'), Type.Literal('member'), Type.Literal('viewer')]),
            displayName: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ user: UserSchema, oneTimePassword: Type.Union([Type.String(), Type.Null()]) }),
          ...authErrors,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { principal } = requireRole(request, ['manager']);
      const created = await createUser(database.db, {
        orgId: principal.org.id,
        orgKind: principal.org.kind,
        username: request.body.username,
        role: request.body.role,
        displayName: request.body.displayName ?? null,
      });
      await auditRequest(request, {
        action: 'user.create',
        targetType: 'user',
        targetId: created.user.id,
        targetOrgId: principal.org.id,
        detail: { username: created.user.username, role: created.user.role },
      });
      return reply.status(201).send(created);
    },
  );
};
