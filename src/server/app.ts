/**
 * Builds the Fastify application: infrastructure plugins first (context, errors, security headers, cookies,
 * OpenAPI), then one encapsulated plugin per audience with its own prefix and auth hook (CONVENTIONS.md §2).
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import type { Config } from '../config/index.js';
import type { Database } from '../db/index.js';
import { AppError } from '../lib/errors.js';
import { VERSION } from '../version.js';
import { contextPlugin } from './plugins/context.js';
import { errorsPlugin } from './plugins/errors.js';
import { openapiPlugin } from './plugins/openapi.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { webPlugin } from './plugins/web.js';
import { lazyChildLoggerFactory, requestId } from './request-logging.js';
import { adminRoutes } from './routes/admin/admin.routes.js';
import { authRoutes } from './routes/auth/auth.routes.js';
import { enterpriseRoutes } from './routes/enterprise/enterprise.routes.js';
import { epcisRoutes } from './routes/epcis/epcis.routes.js';
import { govRoutes } from './routes/gov/gov.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { complaintPageRoutes } from './routes/public/complaint-pages.routes.js';
import { publicRoutes } from './routes/public/public.routes.js';
import { storyRoutes } from './routes/public/story.routes.js';

/** Options of buildApp beyond the configuration. */
export interface AppOptions {
  /** A pino destination for tests; logs go to stdout otherwise. */
  logStream?: NodeJS.WritableStream;
}

/** Per-client rate limit for a scope (public and login routes); nothing when the limit is 0. */
async function limitPerClient(app: FastifyInstance, perMinute: number): Promise<void> {
  if (perMinute <= 0) return;
  await app.register(rateLimit, {
    max: perMinute,
    timeWindow: 60_000,
    // NOTE: counters are per server node; behind a load balancer each node allows `max` (docs/deployment.md).
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'RATE_LIMITED',
        `More than ${context.max} requests per minute from this client; retry in ${Math.ceil(context.ttl / 1000)} s.`,
        {
          status: 429,
          extra: { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
        },
      ),
  });
}

/**
 * TypeBox validation of request parts. Strings of the query, the path and the headers are converted to the schema's
 * types (numbers, booleans) only when a part does not check as it is: conversion walks every value, and most
 * requests' parts already check (it was 3 % of a cached public lookup's time).
 */
const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  return (value) => {
    if (check.Check(value)) return { value };
    const converted = httpPart === 'body' ? value : Value.Convert(schema, value);
    if (check.Check(converted)) return { value: converted };
    return { error: check.Errors(converted) as never };
  };
};

/** Builds the application on an open database (not listening yet). */
export async function buildApp(
  config: Config,
  database: Database,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Never log a secret: credentials, cookies and passwords are redacted wherever they appear.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          '*.password',
          '*.currentPassword',
          '*.newPassword',
        ],
        censor: '[redacted]',
      },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    genReqId: requestId,
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy as boolean,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  await app.register(contextPlugin, { database, config });
  await app.register(errorsPlugin, { database });
  await app.register(securityHeadersPlugin, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
      },
    },
    // NOTE: HSTS only makes sense behind HTTPS; production sits behind a TLS proxy.
    hsts: config.env === 'production',
  });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(openapiPlugin, { version: VERSION, baseUrl: config.baseUrl });

  await app.register(healthRoutes);
  await app.register(
    async (scope) => {
      await limitPerClient(scope, config.publicRateLimit);
      await scope.register(authRoutes);
    },
    { prefix: '/api/auth' },
  );
  await app.register(
    async (scope) => {
      await limitPerClient(scope, config.publicRateLimit);
      await scope.register(publicRoutes);
    },
    { prefix: '/api/public' },
  );
  await app.register(enterpriseRoutes, { prefix: '/api/enterprise' });
  await app.register(govRoutes, { prefix: '/api/gov' });
  await app.register(adminRoutes, { prefix: '/api/admin' });
  await app.register(epcisRoutes, { prefix: '/epcis' });
  await app.register(storyRoutes);
  await app.register(complaintPageRoutes);
  await app.register(webPlugin);
  return app;
}
