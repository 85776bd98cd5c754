export { CONFIG_KEYS, type Config, type ConfigKey, type ConfigOverrides, loadConfig } from './config.js';
