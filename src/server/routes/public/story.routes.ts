/**
 * The public story pages, served at the root: `/q/<code>` for any code, the GS1 Digital Link primary-key paths
 * (`/01/<gtin>/10/<lot>/21/<serial>` …) and `/.well-known/gs1resolver`. Pages are rendered on the server (readable
 * without JavaScript); Digital Link paths answer a linkset to clients that ask for one (RFC 9264) and redirect
 * other non-browser clients to the product page. Rate-limited per client like the rest of the public audience,
 * with a friendly page instead of a problem document for browsers.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../lib/errors.js';
import {
  DL_PRIMARY_KEYS,
  drainLookups,
  type Language,
  LINKSET_MEDIA_TYPE,
  linksetOf,
  onStoryErrors,
  type PublicStory,
  pickLanguage,
  publicStory,
  renderRateLimitedPage,
  renderStoryPage,
  resolverDescription,
  storyPageUrl,
  wantsHtml,
  wantsLinkset,
} from '../../../modules/story/index.js';
import { WEB_DIST } from '../../plugins/web.js';

/** Cookie that remembers the shopper's language choice across pages and the web app. */
export const LANG_COOKIE = 'zs_lang';
const ONE_YEAR_S = 365 * 24 * 3600;
// Parameters of the page itself; every other query parameter of a Digital Link belongs to the code (e.g. ?17=…).
const PAGE_PARAMS = new Set(['lang', 'near', 'linkType', 'code']);

type Query = Record<string, string | string[] | undefined>;

/** The page language from `?lang=`, the cookie, then Accept-Language; a `?lang=` choice is remembered. */
export function requestLanguage(request: FastifyRequest, reply: FastifyReply): Language {
  const q = (request.query as Query).lang;
  const asked = typeof q === 'string' ? q : undefined;
  const lang = pickLanguage(asked, request.cookies?.[LANG_COOKIE], request.headers['accept-language']);
  if (asked && (asked === 'en' || asked === 'zh-CN')) {
    reply.setCookie(LANG_COOKIE, lang, { path: '/', maxAge: ONE_YEAR_S, sameSite: 'lax', httpOnly: false });
  }
  return lang;
}

/** The coarse place a page request carries (`?near=<lat>,<lon>`, added by the web app when the shopper allowed it). */
export function requestPlace(request: FastifyRequest): { lat: string; lon: string } | null {
  const near = (request.query as Query).near;
  if (typeof near !== 'string') return null;
  const [lat, lon] = near.split(',');
  return lat !== undefined && lon !== undefined ? { lat, lon } : null;
}

function pathOf(request: FastifyRequest): string {
  const url = request.raw.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

let scriptCache: { mtimeMs: number; url: string | null } | null = null;

/**
 * The hashed URL of the web build's integrity-check script (web/src/integrity-check.ts), from the Vite manifest;
 * null when the web app is not built (the page then shows the server's check only). Re-read when the build changes.
 */
export function integrityScriptUrl(): string | null {
  const manifest = join(WEB_DIST, '.vite', 'manifest.json');
  let mtimeMs: number;
  try {
    mtimeMs = statSync(manifest).mtimeMs;
  } catch {
    return null;
  }
  if (scriptCache?.mtimeMs !== mtimeMs) {
    let url: string | null = null;
    try {
      const entries = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, { file?: string }>;
      const file = entries['src/integrity-check.ts']?.file;
      url = file ? `/${file}` : null;
    } catch {
      url = null;
    }
    scriptCache = { mtimeMs, url };
  }
  return scriptCache.url;
}

function sendPage(reply: FastifyReply, story: PublicStory, lang: Language, path: string) {
  const status = story.kind === 'invalid' ? 400 : story.kind === 'unknown' ? 404 : 200;
  return reply
    .asDocument()
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('vary', 'accept, accept-language, cookie')
    .send(renderStoryPage(story, { lang, path, integrityScript: integrityScriptUrl() }));
}

/** The story routes (registered at the root prefix by app.ts). */
export const storyRoutes: FastifyPluginAsync = async (app) => {
  const { database, config } = app;
  onStoryErrors(database, (e) => app.log.error(e, 'public story background work failed'));
  // Lookups are buffered (lookup-buffer.ts): once the server stops, write them before the database closes.
  app.addHook('preClose', async () => drainLookups(database));
  if (config.publicRateLimit > 0) {
    await app.register(rateLimit, {
      max: config.publicRateLimit,
      timeWindow: 60_000,
      // NOTE: counters live in this node's memory only; no IP address is ever written to the store.
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
  // Browsers over the limit get a page in their language; API clients fall through to the problem document.
  app.setErrorHandler((error: Error, request, reply) => {
    if (error instanceof AppError && error.status === 429 && wantsHtml(request.headers.accept)) {
      const lang = requestLanguage(request, reply);
      const seconds = Number(error.extra.retryAfterSeconds ?? 60);
      return reply
        .asDocument()
        .code(429)
        .header('content-type', 'text/html; charset=utf-8')
        .header('retry-after', String(seconds))
        .send(renderRateLimitedPage({ lang, path: pathOf(request) }, seconds));
    }
    throw error;
  });

  // The home page's form (`GET /q?code=…`, works without JavaScript) lands on the code's own address.
  app.get('/q', async (request, reply) => {
    const code = (request.query as Query).code;
    if (typeof code !== 'string' || code.trim() === '') return reply.redirect('/', 303);
    const near = (request.query as Query).near;
    const suffix = typeof near === 'string' ? `?near=${encodeURIComponent(near)}` : '';
    return reply.redirect(`/q/${encodeURIComponent(code.trim())}${suffix}`, 303);
  });

  app.get('/q/*', async (request, reply) => {
    const raw = (request.params as { '*': string })['*'];
    const input = safeDecode(raw);
    const lang = requestLanguage(request, reply);
    const story = await publicStory(database, input, { record: true, place: requestPlace(request) });
    return sendPage(reply, story, lang, pathOf(request));
  });

  // GS1 Digital Link primary-key paths (GS1 DL URI Syntax 1.4 §4): page, linkset or redirect.
  for (const ai of DL_PRIMARY_KEYS) {
    app.get(`/${ai}/*`, async (request, reply) => {
      const path = pathOf(request);
      const query = request.query as Query;
      const codeQuery = Object.entries(query)
        .filter(([k, v]) => !PAGE_PARAMS.has(k) && typeof v === 'string')
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v as string)}`)
        .join('&');
      const input = `https://id.gs1.org${path}${codeQuery ? `?${codeQuery}` : ''}`;
      const linkType = typeof query.linkType === 'string' ? query.linkType : undefined;
      const accept = request.headers.accept;
      if (wantsLinkset(accept, linkType)) {
        const story = await publicStory(database, input, { record: false });
        if (story.kind === 'invalid') {
          throw new AppError(
            'STORY_BAD_DIGITAL_LINK',
            `${path} is not a valid GS1 Digital Link: ${story.understood.errors.map((e) => e.message).join('; ')}`,
            { status: 400 },
          );
        }
        return reply
          .header('content-type', LINKSET_MEDIA_TYPE)
          .header('vary', 'accept')
          .send(JSON.stringify(linksetOf(story, config.baseUrl, path)));
      }
      if (wantsHtml(accept) && linkType === undefined) {
        const lang = requestLanguage(request, reply);
        const story = await publicStory(database, input, { record: true, place: requestPlace(request) });
        return sendPage(reply, story, lang, path);
      }
      // Any other client, or an explicit link type: the default link, the product page (Resolver Standard §5.5).
      const story = await publicStory(database, input, { record: false });
      const target = storyPageUrl('', story.code.canonical ?? input);
      return reply.header('vary', 'accept').redirect(target, 307);
    });
  }

  app.get('/.well-known/gs1resolver', async (_request, reply) =>
    reply
      .header('content-type', 'application/json')
      .send(JSON.stringify(resolverDescription(config.baseUrl))),
  );
};
