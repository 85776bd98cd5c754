/**
 * Per-request logging and ids, made cheap for a server answering thousands of lookups a second: a request's child
 * logger is created when the request first logs at an enabled level (most requests never do below `info`), and
 * request ids come from a per-process random prefix and a counter instead of a random UUID per request.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];

/** A request's logger: the server logger's child with the request id, created on first use. */
class LazyChild implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean },
    private readonly bindings: Bindings,
  ) {}

  private get real(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings);
    return this.#child;
  }

  private enabled(level: Level): boolean {
    return this.#child !== undefined || this.parent.isLevelEnabled?.(level) !== false;
  }

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.real.level = level;
  }

  fatal(...args: Parameters<FastifyBaseLogger['fatal']>): void {
    if (this.enabled('fatal')) this.real.fatal(...args);
  }
  error(...args: Parameters<FastifyBaseLogger['error']>): void {
    if (this.enabled('error')) this.real.error(...args);
  }
  warn(...args: Parameters<FastifyBaseLogger['warn']>): void {
    if (this.enabled('warn')) this.real.warn(...args);
  }
  info(...args: Parameters<FastifyBaseLogger['info']>): void {
    if (this.enabled('info')) this.real.info(...args);
  }
  debug(...args: Parameters<FastifyBaseLogger['debug']>): void {
    if (this.enabled('debug')) this.real.debug(...args);
  }
  trace(...args: Parameters<FastifyBaseLogger['trace']>): void {
    if (this.enabled('trace')) this.real.trace(...args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }
}

/**
 * Fastify's `childLoggerFactory`: a lazily created child, or a real one at once when a route sets its own level or
 * serialisers.
 */
export const lazyChildLoggerFactory: NonNullable<FastifyServerOptions['childLoggerFactory']> = (
  logger,
  bindings,
  options,
) =>
  options.level !== undefined || options.serializers !== undefined
    ? logger.child(bindings, options)
    : new LazyChild(logger, bindings);

const prefix = randomBytes(6).toString('base64url');
let counter = 0;

/**
 * Fastify's `genReqId`: the caller's `x-request-id` when it is a plausible id, else `<process prefix>-<counter>`
 * (unique across nodes by the random prefix, and across requests of this process by the counter).
 */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  if (typeof given === 'string' && /^[\w.-]{1,64}$/.test(given)) return given;
  counter += 1;
  return `${prefix}-${counter.toString(36)}`;
}
