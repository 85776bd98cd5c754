/** Errors of the master-data module and a collector that reports every problem of an input at once. */
import { AppError, type ProblemItem } from '../../lib/errors.js';

/** Collects the problems of one input; `throwIfAny` raises them together as one 400 problem document. */
export class Problems {
  readonly items: ProblemItem[] = [];

  /** Records one problem at a field path. */
  add(code: string, path: string, message: string): void {
    this.items.push({ code, path, message });
  }

  /** Throws a 400 listing every problem (its code is the first problem's) when there is any. */
  throwIfAny(): void {
    if (this.items.length === 0) return;
    const first = this.items[0]!;
    const message =
      this.items.length === 1
        ? first.message
        : `${this.items.length} problems: ${this.items.map((p) => `${p.path} ${p.message}`).join('; ')}`;
    throw new AppError(first.code, message, { status: 400, path: first.path ?? '', errors: this.items });
  }
}

/** 403: master data is registered by an enterprise or platform for itself. */
export const notOwner = (what: string): AppError =>
  new AppError('MASTERDATA_NOT_OWNER', `Only an enterprise or a platform registers ${what} of its own.`, {
    status: 403,
  });

/** 404 for a record outside the caller's scope (never revealing that it exists elsewhere). */
export const notVisible = (what: string, id: number | string): AppError =>
  new AppError(
    `MASTERDATA_${what.toUpperCase().replace(/\s+/g, '_')}_NOT_FOUND`,
    `No ${what} ${JSON.stringify(id)} is visible to you.`,
    { status: 404 },
  );

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar date YYYY-MM-DD. */
export function isDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Checks a required or optional date field and records a problem when it is malformed. */
export function checkDate(problems: Problems, path: string, value: unknown, required: boolean): void {
  if (value === undefined || value === null) {
    if (required)
      problems.add('MASTERDATA_MISSING_FIELD', path, `${path.slice(1)} is required (YYYY-MM-DD).`);
    return;
  }
  if (!isDate(value)) {
    problems.add(
      'MASTERDATA_BAD_DATE',
      path,
      `${path.slice(1)} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}.`,
    );
  }
}

/** Checks a bounded, non-empty text field. */
export function checkText(
  problems: Problems,
  path: string,
  value: unknown,
  required: boolean,
  max = 200,
): void {
  if (value === undefined || value === null) {
    if (required) problems.add('MASTERDATA_MISSING_FIELD', path, `${path.slice(1)} is required.`);
    return;
  }
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    problems.add(
      'MASTERDATA_BAD_TEXT',
      path,
      `${path.slice(1)} must be 1 to ${max} characters, got ${JSON.stringify(value)?.slice(0, 60)}.`,
    );
  }
}
