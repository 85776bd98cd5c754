/** The platform's version, from package.json. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Semantic version of this build. */
export const VERSION: string = (require('../package.json') as { version: string }).version;
