/** The public story of a code (issue 8): projection, lookup log, Digital Link resolver and server-rendered pages. */
export * from './digital-link.js';
export * from './locales/index.js';
export {
  drainLookups,
  flushLookups,
  LOOKUP_FLUSH_MS,
  type LookupSummary,
  lookupSummaryOf,
  pendingLookups,
} from './lookup-buffer.js';
export { coarsePlace, countyOf, looksCopied } from './lookups.js';
export * from './projection.js';
export * from './render/story-page.js';
export * from './story.service.js';
export type { StoryTables } from './story.tables.js';
export type * from './story.types.js';
export {
  clearStories,
  invalidateStories,
  STORY_MAX_AGE_MS,
  STORY_TTL_MS,
  storyCacheHook,
} from './story-cache.js';
export * from './story-integrity.js';
