#!/usr/bin/env node
// The `zhuisu` command. Runs the compiled CLI (dist/) when it is built and newer than every source file,
// else the TypeScript sources through tsx, so a fresh clone works without a separate build step and a
// stale build is never run by mistake.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

const srcDir = join(root, 'src');
const useBuilt =
  !process.env.ZHUISU_FROM_SOURCE &&
  existsSync(built) &&
  (!existsSync(srcDir) || statSync(built).mtimeMs >= newestMtime(srcDir));
if (useBuilt) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(srcDir, 'cli', 'main.ts')).href);
}
