/** /api/auth: password login into a cookie session, logout, who-am-I, password change. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { badRequest } from '../../../lib/errors.js';
import {
  audit,
  changePassword,
  authenticate as checkPassword,
  closeSession,
  findOrganisation,
  openSession,
} from '../../../modules/access/index.js';
import { authenticate, callerOf, SESSION_COOKIE } from '../../plugins/auth.js';
import { authErrors, OrganisationSchema } from '../schemas.js';

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
const SessionReply = Type.Object({
  user: Type.Object({
    id: Type.Union([Type.Integer(), Type.Null()]),
    username: Type.Union([Type.String(), Type.Null()]),
    role: Type.String(),
    mustChangePassword: Type.Boolean(),
  }),
  organisation: OrganisationSchema,
  csrfToken: Type.Union([Type.String(), Type.Null()], {
    description: 'Echo it in X-CSRF-Token on every state-changing request.',
  }),
});

/** The auth audience plugin. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app;

  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password',
        body: LoginBody,
        response: { 200: SessionReply, ...authErrors },
      },
    },
    async (request, reply) => {
      const user = await checkPassword(database.db, request.body.username, request.body.password);
      const session = await openSession(database.db, user.id, config.sessionTtlHours, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      const org = await findOrganisation(database.db, database.dialect, user.orgId);
      await audit(
        database.db,
        database.dialect,
        null,
        { ip: request.ip, requestId: String(request.id) },
        {
          action: 'auth.login',
          targetType: 'user',
          targetId: user.id,
          targetOrgId: user.orgId,
        },
      );
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        signed: true,
        expires: new Date(session.expiresAt),
      });
      return {
        user: {
          id: user.id,
          username: user.username,
          role: user.role,
          mustChangePassword: user.mustChangePassword,
        },
        organisation: org,
        csrfToken: session.csrfToken,
      };
    },
  );

  app.post(
    '/logout',
    {
      onRequest: authenticate({ allowPasswordChangePending: true }),
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: Type.Null(), ...authErrors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (caller.session) await closeSession(database.db, caller.session.tokenHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      onRequest: authenticate({ allowPasswordChangePending: true }),
      schema: { tags: ['auth'], summary: 'Who is calling', response: { 200: SessionReply, ...authErrors } },
    },
    async (request) => {
      const { principal, session } = callerOf(request);
      const org = await findOrganisation(database.db, database.dialect, principal.org.id);
      return {
        user: {
          id: principal.userId,
          username: principal.username,
          role: principal.role,
          mustChangePassword: session?.mustChangePassword ?? false,
        },
        organisation: org,
        csrfToken: session?.csrfToken ?? null,
      };
    },
  );

  app.post(
    '/password',
    {
      onRequest: authenticate({ allowPasswordChangePending: true }),
      schema: {
        tags: ['auth'],
        summary: 'Change your password (ends your other sessions)',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
            newPassword: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...authErrors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (caller.principal.userId === null) {
        throw badRequest('AUTH_NO_PASSWORD', 'An API key has no password to change; log in as a user.');
      }
      await changePassword(
        database.db,
        caller.principal.userId,
        request.body.currentPassword,
        request.body.newPassword,
        caller.session?.tokenHash ?? null,
      );
      await audit(
        database.db,
        database.dialect,
        caller.principal,
        { ip: request.ip, requestId: String(request.id) },
        {
          action: 'user.password.change',
          targetType: 'user',
          targetId: caller.principal.userId,
          targetOrgId: caller.principal.org.id,
        },
      );
      return reply.status(204).send(null);
    },
  );
};
