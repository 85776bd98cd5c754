/**
 * The project's error type. Every error that reaches a caller carries a stable code, an HTTP status,
 * a message that says what is wrong and where, and whether it is the caller's fault or a bug (the log
 * level follows: caller faults are logged at `info`, bugs at `error`). The HTTP layer renders it as an
 * RFC 7807 problem document (src/server/plugins/errors.ts).
 */
export type Fault = 'caller' | 'bug';

/** One problem inside a larger input: where (a JSON pointer or dotted path, a line, a character) and what. */
export interface ProblemItem {
  /** Stable machine code, e.g. `CODES_BAD_CHECK_DIGIT`. */
  code: string;
  /** Human-readable message naming the value that is wrong. */
  message: string;
  /** Field path (JSON pointer such as `/epcisBody/eventList/0/bizStep`) where there is one. */
  path?: string;
  /** 1-based line in a text input, where known. */
  line?: number;
  /** 0-based character position in a string input, where known. */
  position?: number;
}

export interface AppErrorOptions {
  status?: number;
  fault?: Fault;
  path?: string;
  errors?: ProblemItem[];
  cause?: unknown;
  /** Extra members for the problem document (never secrets). */
  extra?: Record<string, unknown>;
}

/** Base class of every error the platform raises on purpose. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fault: Fault;
  readonly path: string | undefined;
  readonly errors: ProblemItem[];
  readonly extra: Record<string, unknown>;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? 400;
    this.fault = options.fault ?? (this.status >= 500 ? 'bug' : 'caller');
    this.path = options.path;
    this.errors = options.errors ?? [];
    this.extra = options.extra ?? {};
  }
}

/** 400: the input is malformed or breaks a rule. */
export const badRequest = (code: string, message: string, options: Omit<AppErrorOptions, 'status'> = {}) =>
  new AppError(code, message, { ...options, status: 400 });
/** 404: the thing named does not exist or is outside the caller's scope. */
export const notFound = (code: string, message: string, options: Omit<AppErrorOptions, 'status'> = {}) =>
  new AppError(code, message, { ...options, status: 404 });
/** 409: the request conflicts with what is stored. */
export const conflict = (code: string, message: string, options: Omit<AppErrorOptions, 'status'> = {}) =>
  new AppError(code, message, { ...options, status: 409 });
/** 401: no valid credentials. */
export const unauthorized = (message = 'Authentication required: send a session cookie or an API key.') =>
  new AppError('AUTH_UNAUTHENTICATED', message, { status: 401 });
/** 403: authenticated, but not allowed. */
export const forbidden = (code: string, message: string) => new AppError(code, message, { status: 403 });

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
