/** The platform trace code for enterprises without GS1 membership (docs/codes/platform-code.md). */
export * from './platform-code.js';
