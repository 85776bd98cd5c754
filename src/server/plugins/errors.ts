/**
 * Every error leaves the server as an RFC 7807 problem document (`application/problem+json`) with a stable
 * `code`, the failing field path where there is one, and the request id. Database errors are translated here
 * through db/errors.ts; anything unexpected is a 500 that hides its internals and is logged as a bug.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../../db/index.js';
import { translateDbError } from '../../db/index.js';
import { AppError, isAppError, type ProblemItem } from '../../lib/errors.js';

/** Base of the `type` URIs of problem documents; each code has its own page in docs/errors.md. */
export const PROBLEM_TYPE_BASE = 'https://zhuisu.org/problems/';

/** An RFC 7807 problem document as Zhuisu sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  path?: string;
  errors?: ProblemItem[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Builds the problem document for an AppError. */
export function problemOf(error: AppError, request: FastifyRequest): Problem {
  const problem: Problem = {
    type: PROBLEM_TYPE_BASE + error.code.toLowerCase().replace(/_/g, '-'),
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    code: error.code,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: String(request.id),
    ...error.extra,
  };
  if (error.path !== undefined) problem.path = error.path;
  if (error.errors.length > 0) problem.errors = error.errors;
  return problem;
}

/** Sends a problem document. */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  return reply
    .status(error.status)
    .type('application/problem+json; charset=utf-8')
    .send(problemOf(error, request));
}

/** Maps Fastify's own errors (validation, body parsing, size) to AppErrors with clear messages. */
function fromFastifyError(error: FastifyError): AppError | undefined {
  if (error.validation && error.validation.length > 0) {
    const context = error.validationContext ?? 'body';
    const items: ProblemItem[] = error.validation.slice(0, 20).map((v) => {
      const params = (v.params ?? {}) as Record<string, unknown>;
      const extraProp =
        params.additionalProperty ??
        (Array.isArray(params.additionalProperties) ? params.additionalProperties[0] : undefined);
      const missing =
        params.missingProperty ??
        (Array.isArray(params.requiredProperties) ? params.requiredProperties[0] : undefined);
      let path = v.instancePath || '';
      if (missing) path = `${path}/${String(missing)}`;
      if (extraProp) path = `${path}/${String(extraProp)}`;
      let message = `${context}${path || ''} ${v.message ?? 'is invalid'}`;
      if (extraProp) message = `${context}${path} is not an allowed field.`;
      if (missing) message = `${context}${path} is required.`;
      return { code: 'VALIDATION_FAILED', message, path: path || '/' };
    });
    const first = items[0]!;
    return new AppError(
      'VALIDATION_FAILED',
      items.length === 1
        ? first.message
        : `${items.length} problems in ${context}: ${items.map((i) => i.message).join(' ')}`,
      {
        status: 400,
        path: first.path,
        errors: items,
        extra: { location: context },
      },
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('BAD_JSON', `The request body is not valid JSON: ${error.message}`, {
        status: 400,
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('BODY_TOO_LARGE', 'The request body is larger than this route accepts.', {
        status: 413,
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type ${JSON.stringify(error.message.split(': ')[1] ?? '')} is not accepted here.`,
        {
          status: 415,
        },
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('BAD_CONTENT_LENGTH', 'Content-Length does not match the body.', { status: 400 });
    default:
      break;
  }
  if (error.statusCode === 429) {
    return new AppError('RATE_LIMITED', error.message || 'Too many requests; slow down.', { status: 429 });
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError(error.code ?? 'BAD_REQUEST', error.message, { status: error.statusCode });
  }
  return undefined;
}

/** Registers the error and not-found handlers on the root instance. */
export const errorsPlugin = fp(
  async (app: FastifyInstance, opts: { database: Database }) => {
    app.setErrorHandler((raw: FastifyError, request, reply) => {
      const error =
        (isAppError(raw) ? raw : undefined) ??
        translateDbError(opts.database.dialect, raw) ??
        fromFastifyError(raw) ??
        new AppError(
          'INTERNAL',
          'The server failed to handle the request; the error is logged with this request id.',
          {
            status: 500,
            fault: 'bug',
            cause: raw,
          },
        );
      if (error.fault === 'bug') request.log.error({ err: raw, code: error.code }, 'request failed');
      else
        request.log.info(
          { code: error.code, status: error.status, detail: error.message },
          'request refused',
        );
      return sendProblem(reply, request, error);
    });
    app.setNotFoundHandler((request, reply) => {
      const err = new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`, {
        status: 404,
      });
      return sendProblem(reply, request, err);
    });
  },
  { name: 'zhuisu-errors' },
);
