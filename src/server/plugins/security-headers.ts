/**
 * Security headers on every response (helmet's set) and the request id, from one synchronous onRequest hook.
 * helmet's headers do not depend on the request (no CSP nonces are used), so they are computed once when the
 * server starts instead of by helmet's middleware chain on every request (a tenth of a cached public lookup's
 * time, measured by `npm run bench`, public suite).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/** The headers helmet would set with these options (lower-case names), computed without a request. */
export function helmetHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return headers;
}

const plugin: FastifyPluginAsync<{ helmet: HelmetOptions }> = async (app, options) => {
  const headers = helmetHeaders(options.helmet);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers).header('x-request-id', request.id);
    done();
  });
};

/** Sets helmet's headers (computed once) and `x-request-id` on every response of the application. */
export const securityHeadersPlugin = fp(plugin, { name: 'security-headers' });
