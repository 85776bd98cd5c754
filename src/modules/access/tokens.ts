/** Random secrets (session tokens, API keys) and their stored digests. */
import { createHash, randomBytes } from 'node:crypto';

/** A URL-safe random token of `bytes` bytes of entropy. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** SHA-256 hex digest: what the database keeps of a high-entropy secret (never the secret itself). */
export const digest = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Prefix of every API key, so a leaked key is recognisable by secret scanners. */
export const API_KEY_PREFIX = 'zsk_';
