/** /api/admin: the platform administration manages organisations, users and keys, and reads the audit log. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createApiKey,
  createOrganisation,
  createUser,
  findOrganisation,
  listApiKeys,
  listAudit,
  listOrganisations,
  listUsers,
  revokeApiKey,
} from '../../../modules/access/index.js';
import { auditRequest, authenticate } from '../../plugins/auth.js';
import {
  ApiKeySchema,
  authErrors,
  CategorySchema,
  CreatedKeySchema,
  IdParamsSchema,
  NewApiKeySchema,
  OrganisationSchema,
  ProblemSchema,
  UserSchema,
} from '../schemas.js';

const AuditRecordSchema = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorUserId: Type.Union([Type.Integer(), Type.Null()]),
  actorOrgId: Type.Union([Type.Integer(), Type.Null()]),
  actorKeyId: Type.Union([Type.Integer(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  targetOrgId: Type.Union([Type.Integer(), Type.Null()]),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
});

const OrgKindSchema = Type.Union(
  ['enterprise', 'department', 'county', 'platform', 'admin'].map((k) => Type.Literal(k)),
);

/** The admin audience plugin. */
export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  app.addHook('onRequest', authenticate({ kinds: ['admin'], roles: ['admin'] }));

  app.get(
    '/organisations',
    {
      schema: {
        tags: ['admin'],
        summary: 'List organisations',
        querystring: Type.Object(
          {
            kind: Type.Optional(OrgKindSchema),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            offset: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(OrganisationSchema), ...authErrors },
      },
    },
    async (request) => listOrganisations(database.db, database.dialect, request.query as never),
  );

  app.post(
    '/organisations',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an organisation',
        body: Type.Object(
          {
            kind: OrgKindSchema,
            name: Type.String({ minLength: 1, maxLength: 200 }),
            nameEn: Type.Optional(Type.String({ maxLength: 200 })),
            uscc: Type.Optional(
              Type.String({
                maxLength: 18,
                description: '统一社会信用代码 (GB 32100); required for enterprises.',
              }),
            ),
            gln: Type.Optional(
              Type.String({
                pattern: '^[0-9]{13}$',
                description: 'Party GLN (PGLN, GS1 AI 417) by which events may name the organisation.',
              }),
            ),
            divisionCode: Type.Optional(
              Type.String({ maxLength: 12, description: 'GB/T 2260 code; required for counties.' }),
            ),
            categories: Type.Optional(
              Type.Array(CategorySchema, { description: 'Departments: the categories supervised.' }),
            ),
            strictness: Type.Optional(Type.Union([Type.Literal('reject'), Type.Literal('warn')])),
          },
          { additionalProperties: false },
        ),
        response: { 201: OrganisationSchema, ...authErrors, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const org = await createOrganisation(database.db, database.dialect, request.body as never);
      await auditRequest(request, {
        action: 'org.create',
        targetType: 'organisation',
        targetId: org.id,
        targetOrgId: org.id,
        detail: {
          kind: org.kind,
          name: org.name,
          categories: org.categories,
          divisionCode: org.divisionCode,
        },
      });
      return reply.status(201).send(org);
    },
  );

  app.get(
    '/organisations/:id/users',
    {
      schema: {
        tags: ['admin'],
        summary: "An organisation's users",
        params: IdParamsSchema,
        response: { 200: Type.Array(UserSchema), ...authErrors },
      },
    },
    async (request) =>
      listUsers(database.db, (await findOrganisation(database.db, database.dialect, request.params.id)).id),
  );

  app.post(
    '/organisations/:id/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a user to an organisation (returns a one-time password)',
        params: IdParamsSchema,
        body: Type.Object(
          {
            username: Type.String({ minLength: 3, maxLength: 64 }),
            role: Type.Union(['admin', 'manager', 'member', 'viewer'].map((r) => Type.Literal(r))),
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
      const org = await findOrganisation(database.db, database.dialect, request.params.id);
      const created = await createUser(database.db, {
        orgId: org.id,
        orgKind: org.kind,
        username: request.body.username,
        role: request.body.role as never,
        displayName: request.body.displayName ?? null,
      });
      await auditRequest(request, {
        action: 'user.create',
        targetType: 'user',
        targetId: created.user.id,
        targetOrgId: org.id,
        detail: { username: created.user.username, role: created.user.role },
      });
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/organisations/:id/keys',
    {
      schema: {
        tags: ['admin'],
        summary: "An organisation's API keys",
        params: IdParamsSchema,
        response: { 200: Type.Array(ApiKeySchema), ...authErrors },
      },
    },
    async (request) =>
      listApiKeys(database.db, (await findOrganisation(database.db, database.dialect, request.params.id)).id),
  );

  app.post(
    '/organisations/:id/keys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an API key for an organisation',
        params: IdParamsSchema,
        body: NewApiKeySchema,
        response: { 201: CreatedKeySchema, ...authErrors },
      },
    },
    async (request, reply) => {
      const org = await findOrganisation(database.db, database.dialect, request.params.id);
      const created = await createApiKey(database.db, {
        orgId: org.id,
        ...(request.body.name ? { name: request.body.name } : {}),
        expiresAt: request.body.expiresAt ? new Date(request.body.expiresAt) : null,
        createdBy: request.caller?.principal.userId ?? null,
      });
      await auditRequest(request, {
        action: 'key.create',
        targetType: 'api_key',
        targetId: created.apiKey.id,
        targetOrgId: org.id,
      });
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/keys/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Revoke any API key',
        params: IdParamsSchema,
        response: { 200: ApiKeySchema, ...authErrors },
      },
    },
    async (request) => {
      const key = await revokeApiKey(database.db, request.params.id, null);
      await auditRequest(request, {
        action: 'key.revoke',
        targetType: 'api_key',
        targetId: key.id,
        targetOrgId: key.orgId,
      });
      return key;
    },
  );

  app.get(
    '/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'Read the audit log, newest first',
        querystring: Type.Object(
          {
            action: Type.Optional(Type.String({ maxLength: 64 })),
            actorOrgId: Type.Optional(Type.Integer({ minimum: 1 })),
            targetOrgId: Type.Optional(Type.Integer({ minimum: 1 })),
            since: Type.Optional(Type.String({ format: 'date-time' })),
            until: Type.Optional(Type.String({ format: 'date-time' })),
            beforeId: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(AuditRecordSchema), ...authErrors },
      },
    },
    async (request) => {
      const q = request.query;
      return listAudit(database.db, database.dialect, {
        ...(q.action ? { action: q.action } : {}),
        ...(q.actorOrgId ? { actorOrgId: q.actorOrgId } : {}),
        ...(q.targetOrgId ? { targetOrgId: q.targetOrgId } : {}),
        ...(q.since ? { since: new Date(q.since) } : {}),
        ...(q.until ? { until: new Date(q.until) } : {}),
        ...(q.beforeId ? { beforeId: q.beforeId } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
      });
    },
  );
};
