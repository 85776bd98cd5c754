/** The Ji'an demo data set: `seedDemo` builds it through the real capture pipeline. */

export {
  DEMO_SCALES,
  type DemoOptions,
  type DemoScale,
  type DemoSummary,
  seedDemo,
  storeIsEmpty,
} from './demo.service.js';
export { DEMO_PASSWORD } from './demo-context.js';
