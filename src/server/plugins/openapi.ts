/** OpenAPI 3.1 generated from the route schemas at /openapi.json, and a browsable reference at /api/docs. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Registers the OpenAPI generator and the reference UI. Must be registered before the routes. */
export const openapiPlugin = fp(
  async (app: FastifyInstance, opts: { version: string; baseUrl: string }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Zhuisu (追溯) API',
          version: opts.version,
          description:
            'Traceability of important products: EPCIS 2.0 capture and query, enterprise master data, regulator reads, public lookups. Errors are RFC 7807 problem documents with a stable `code`.',
        },
        servers: [{ url: opts.baseUrl }],
        tags: [
          { name: 'auth', description: 'Login sessions' },
          { name: 'public', description: 'No login; rate-limited' },
          { name: 'enterprise', description: 'An enterprise’s own data' },
          { name: 'gov', description: 'Regulators and county governments (audited reads)' },
          { name: 'admin', description: 'Platform administration' },
          { name: 'epcis', description: 'GS1 EPCIS 2.0 REST binding' },
          { name: 'ops', description: 'Health and readiness' },
        ],
        components: {
          securitySchemes: {
            apiKey: { type: 'http', scheme: 'bearer', description: 'An organisation API key (zsk_…)' },
            session: { type: 'apiKey', in: 'cookie', name: 'zs_session' },
          },
        },
        security: [{ apiKey: [] }, { session: [] }],
      },
    });
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      uiConfig: { docExpansion: 'list', deepLinking: true },
      // Its pages are HTML documents (its own CSP below is set after these headers).
      uiHooks: {
        onRequest: (_request, reply, done) => {
          reply.asDocument();
          done();
        },
      },
      // NOTE: Swagger UI applies inline styles at run time, so its pages allow inline styles (not scripts).
      staticCSP: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'object-src': ["'none'"],
        'frame-ancestors': ["'self'"],
      },
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'zhuisu-openapi' },
);
