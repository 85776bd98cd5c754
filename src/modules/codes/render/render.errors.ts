import { AppError, type ProblemItem } from '../../../lib/errors.js';

/** Stable code of every rendering error: a barcode, a label or a layout that cannot be drawn. */
export const CODES_RENDER_FAILED = 'CODES_RENDER_FAILED';

/** Shortens a value for an error message so a 10 000-character input does not flood the log. */
export function shown(value: unknown, max = 80): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s;
}

/** A caller fault (400) while rendering; `errors` lists each problem with its path in the request. */
export function renderFailed(message: string, errors: ProblemItem[] = [], cause?: unknown): AppError {
  return new AppError(CODES_RENDER_FAILED, message, { status: 400, errors, cause });
}
