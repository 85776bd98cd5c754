/**
 * Security headers and the request id on every response, from one synchronous hook and header sets computed once
 * when the server starts (no CSP nonces are used, so nothing depends on the request):
 *
 * - every response gets the API set of the OWASP REST Security Cheat Sheet ("Security Headers": headers for all API
 *   responses): `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'`, `X-Content-Type-Options:
 *   nosniff`, `X-Frame-Options: DENY`, plus `Cross-Origin-Resource-Policy: same-origin` and, in production, HSTS;
 * - a route answering an HTML document calls `reply.asDocument()`: helmet's whole set with the documents' CSP (the
 *   headers that "mainly enhance security for HTML responses") replaces it. A page that forgot would be blocked by
 *   the API CSP at once, which the browser suites would see.
 *
 * A JSON answer thus carries five headers instead of fifteen, and no hook runs on its way out: the header block is
 * written and checked by Node for every response, and for the cached public lookup it was a tenth of the request's
 * time (npm run bench, public).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
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

/** Options: the HTML documents' CSP, and whether to send HSTS (only behind HTTPS). */
export interface SecurityHeadersOptions {
  contentSecurityPolicy: NonNullable<HelmetOptions['contentSecurityPolicy']>;
  hsts: boolean;
}

/** The document set (helmet's) and the API set (OWASP REST Security Cheat Sheet, Security Headers). */
export function securityHeaderSets(options: SecurityHeadersOptions): {
  document: Record<string, string>;
  api: Record<string, string>;
} {
  const document = helmetHeaders({
    contentSecurityPolicy: options.contentSecurityPolicy,
    hsts: options.hsts,
  });
  const hsts = document['strict-transport-security'];
  const api: Record<string, string> = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': 'same-origin',
    ...(hsts ? { 'strict-transport-security': hsts } : {}),
  };
  return { document, api };
}

const plugin: FastifyPluginAsync<SecurityHeadersOptions> = async (app, options) => {
  const sets = securityHeaderSets(options);
  const api = sets.api;
  const document = Object.entries(sets.document);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(api).header('x-request-id', request.id);
    done();
  });
  app.decorateReply('asDocument', function (this: FastifyReply) {
    for (const [name, value] of document) this.header(name, value);
    return this;
  });
};

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Marks the answer as an HTML document: helmet's whole header set with the documents' CSP replaces the API set.
     * A route with a CSP of its own sets it after this call.
     */
    asDocument(): FastifyReply;
  }
}

/** Sets the API or the document security headers (computed once) and `x-request-id` on every response. */
export const securityHeadersPlugin = fp(plugin, { name: 'security-headers' });
