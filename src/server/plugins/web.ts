/**
 * Serves the built web app (dist/web, from `vite build`): hashed assets with a year-long immutable cache (their
 * names change with their content), gzip variants when the client accepts them, and the app's index.html for the
 * app's own paths (SPA fallback). Without a build the home page falls back to a server-rendered search form, so
 * the public service works even before `vite build` ran.
 */
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pickLanguage, renderHomePage } from '../../modules/story/index.js';

/** The repository (or installed package) root: src/server/plugins and dist/server/plugins are both 3 levels down. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Where `vite build` writes the web app. */
export const WEB_DIST = join(PACKAGE_ROOT, 'dist', 'web');
const WEB_SRC = join(PACKAGE_ROOT, 'web');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The app page's Content-Security-Policy: the server-wide policy plus `'wasm-unsafe-eval'`, which the in-browser
 * barcode decoder (zxing-wasm) needs to compile its WebAssembly (CSP Level 3 §6.7.2.1). Still no inline script.
 */
export const APP_CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** Paths of other audiences, never answered with the app page. */
const NOT_APP = /^\/(api|epcis|openapi\.json|healthz|readyz|\.well-known)(\/|$)/;

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/** Whether dist/web is missing or older than the web sources (or the shared public catalogues it imports). */
export function webBuildStale(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  if (!existsSync(WEB_SRC)) return false; // an installed package ships dist/web without sources
  const built = statSync(index).mtimeMs;
  return newestMtime(WEB_SRC) > built || newestMtime(join(PACKAGE_ROOT, 'src', 'modules', 'story')) > built;
}

/**
 * Builds the web app with Vite when dist/web is missing or stale (`npm start` on a fresh clone). Returns what it
 * did; a machine without Vite (production install without dev dependencies) keeps the server-rendered pages.
 */
export async function ensureWebBuilt(
  say: (m: string) => void = () => undefined,
): Promise<'fresh' | 'built' | 'unavailable'> {
  if (!webBuildStale()) return 'fresh';
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    say(
      '  web app: dist/web is missing or stale and Vite is not installed; serving server-rendered pages only.',
    );
    return 'unavailable';
  }
  say('  web app: building dist/web (vite build)…');
  // NOTE: Vite builds React's development bundle when NODE_ENV says development; the served app is always the
  // production build.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: join(WEB_SRC, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
  return 'built';
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: string, cache: string) {
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  reply.header('content-type', type).header('cache-control', cache).header('vary', 'accept-encoding');
  const accepts = String(request.headers['accept-encoding'] ?? '');
  if (/\bgzip\b/.test(accepts) && existsSync(`${file}.gz`)) {
    reply.header('content-encoding', 'gzip').header('content-length', statSync(`${file}.gz`).size);
    return reply.send(createReadStream(`${file}.gz`));
  }
  reply.header('content-length', statSync(file).size);
  return reply.send(createReadStream(file));
}

/** Registers the web app's routes on the root instance (after the audience plugins, so theirs take precedence). */
export async function webPlugin(app: FastifyInstance): Promise<void> {
  const indexFile = join(WEB_DIST, 'index.html');
  // Read per request only when missing at start: a build made after start (tests, `npm start`) is picked up.
  let indexHtml: string | null = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : null;
  const appPage = (request: FastifyRequest, reply: FastifyReply) => {
    if (indexHtml === null && existsSync(indexFile)) indexHtml = readFileSync(indexFile, 'utf8');
    reply.asDocument().header('cache-control', 'no-cache').header('content-security-policy', APP_CSP);
    if (indexHtml !== null) return reply.header('content-type', TYPES['.html']!).send(indexHtml);
    const q = (request.query as Record<string, unknown>).lang;
    const lang = pickLanguage(
      typeof q === 'string' ? q : undefined,
      request.cookies?.zs_lang,
      request.headers['accept-language'],
    );
    return reply.header('content-type', TYPES['.html']!).send(renderHomePage({ lang, path: '/' }));
  };

  app.get('/assets/*', async (request, reply) => {
    const rel = normalize((request.params as { '*': string })['*']);
    const file = join(WEB_DIST, 'assets', rel);
    if (
      rel.startsWith('..') ||
      !file.startsWith(join(WEB_DIST, 'assets') + sep) ||
      !existsSync(file) ||
      !statSync(file).isFile()
    ) {
      return reply.callNotFound();
    }
    return sendFile(request, reply, file, 'public, max-age=31536000, immutable');
  });
  app.get('/', appPage);
  app.get('/scan', appPage);
  // Other app paths (consoles later); API clients and unknown API paths keep the JSON 404.
  app.get('/*', async (request, reply) => {
    const path = (request.raw.url ?? '/').split('?')[0]!;
    if (NOT_APP.test(path)) return reply.callNotFound();
    const file = join(WEB_DIST, normalize(path));
    if (file.startsWith(WEB_DIST + sep) && existsSync(file) && statSync(file).isFile()) {
      return sendFile(request, reply, file, 'public, max-age=3600');
    }
    // Other app paths (consoles later) get the app page; API clients and unknown files keep the JSON 404.
    if (!/text\/html/.test(String(request.headers.accept ?? ''))) return reply.callNotFound();
    return appPage(request, reply);
  });
}
