/**
 * Shared infrastructure every audience plugin sees: the database, the configuration, the division tree for county
 * scopes, and the caller of each request (resolved by the audience's own auth hook, see auth.ts).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config/index.js';
import type { Database } from '../../db/index.js';
import type { Principal, Scope } from '../../modules/access/index.js';
import { loadDivisionTree } from '../../modules/access/index.js';
import type { CaptureHook } from '../../modules/events/index.js';
import { captureHooks } from '../../pipeline.js';

/** The authenticated caller of a request. */
export interface Caller {
  principal: Principal;
  scope: Scope;
  /** Present for cookie sessions: the stored token digest and the CSRF token. */
  session: { tokenHash: string; csrfToken: string; mustChangePassword: boolean } | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    config: Config;
    childDivisions: (code: string) => readonly string[];
    /** Steps every capture runs in its transaction (src/pipeline.ts). */
    captureHooks: readonly CaptureHook[];
  }
  interface FastifyRequest {
    /** Set by the audience's auth hook; null on public routes and before authentication. */
    caller: Caller | null;
  }
}

/** Decorates the root instance with the database, config and division tree. */
export const contextPlugin = fp(
  async (app: FastifyInstance, opts: { database: Database; config: Config }) => {
    app.decorate('database', opts.database);
    app.decorate('config', opts.config);
    app.decorate('childDivisions', await loadDivisionTree(opts.database.db));
    app.decorate('captureHooks', captureHooks(opts.database, opts.config));
    app.decorateRequest('caller', null);
  },
  { name: 'zhuisu-context' },
);
