/**
 * Vite build of the web app: web/ → dist/web, served by the Fastify server (src/server/plugins/web.ts). Hashed
 * asset names get a year-long immutable cache; a gzip copy of every text asset is written next to it so the server
 * sends compressed bytes without compressing per request.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'dist', 'web');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Writes `<file>.gz` beside every compressible asset (level 9: built once, served many times). */
function gzipAssets(): Plugin {
  return {
    name: 'zhuisu-gzip-assets',
    apply: 'build',
    closeBundle() {
      for (const file of files(outDir)) {
        if (!/\.(js|css|html|svg|json|wasm)$/.test(file)) continue;
        writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), gzipAssets()],
  build: {
    outDir,
    emptyOutDir: true,
    manifest: true,
    target: 'es2020',
    // The wasm decoder is loaded only on the scan page; keep it a file (never inlined as base64).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // The app, and the integrity check that server-rendered story pages load on their own (found through the
      // manifest: src/server/routes/public/story.routes.ts).
      input: { app: join(here, 'index.html'), integrity: join(here, 'src', 'integrity-check.ts') },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/q': 'http://127.0.0.1:8080', '/01': 'http://127.0.0.1:8080' },
  },
});
