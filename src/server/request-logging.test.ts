import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { lazyChildLoggerFactory, requestId } from './request-logging.js';

function app(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const server = Fastify({
    logger: { level, stream },
    genReqId: requestId,
    childLoggerFactory: lazyChildLoggerFactory,
  });
  server.get('/warn', async (request) => {
    request.log.warn({ what: 'thing' }, 'something odd');
    return { ok: true };
  });
  return { server, lines };
}

describe('request logging', () => {
  it("binds the request id to every line a request logs, at the logger's level", async () => {
    const { server, lines } = app('info');
    await server.inject({ url: '/warn', headers: { 'x-request-id': 'given-1' } });
    const mine = lines.filter((l) => l.reqId === 'given-1');
    expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'something odd', 'request completed']);
    await server.close();
  });

  it('logs nothing below the level, and what a request logs above it still carries its id', async () => {
    const { server, lines } = app('warn');
    await server.inject('/warn');
    expect(lines.map((l) => l.msg)).toEqual(['something odd']);
    expect(String(lines[0]!.reqId)).toMatch(/^[\w-]+-[0-9a-z]+$/);
    await server.close();
  });

  it('gives each request a new id unless the caller sent a plausible one', () => {
    const a = requestId({ headers: {} } as never);
    const b = requestId({ headers: {} } as never);
    expect(a).not.toBe(b);
    expect(requestId({ headers: { 'x-request-id': 'abc.DEF-123' } } as never)).toBe('abc.DEF-123');
    expect(requestId({ headers: { 'x-request-id': 'bad id with spaces' } } as never)).not.toBe(
      'bad id with spaces',
    );
    expect(requestId({ headers: { 'x-request-id': 'x'.repeat(65) } } as never)).not.toBe('x'.repeat(65));
  });
});
