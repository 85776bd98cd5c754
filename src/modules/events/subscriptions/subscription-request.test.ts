import { describe, expect, it } from 'vitest';
import { readSocketRequest, readWebhookRequest } from './subscription-request.js';

const token = '13df38d8275b13f05704629e5f1cf3d45d6132d5';

describe('subscription requests', () => {
  it('reads the REST binding examples: a stream and a schedule', () => {
    const stream = readWebhookRequest({
      dest: 'https://client.example.com/queryCallback',
      signatureToken: token,
      stream: true,
    });
    expect(stream.ok && stream.request.stream).toBe(true);
    const scheduled = readWebhookRequest({
      dest: 'https://client.example.com/queryCallback',
      signatureToken: token,
      reportIfEmpty: true,
      schedule: { hour: '1', minute: '5' },
    });
    expect(scheduled.ok && scheduled.request.schedule?.cron).toBe('0 5 1 * * *');
    expect(scheduled.ok && scheduled.request.reportIfEmpty).toBe(true);
  });

  it('needs stream=true or a schedule, not both, and says where each problem is', () => {
    const neither = readWebhookRequest({ dest: 'https://x.example/h' });
    expect(!neither.ok && neither.problems[0]!.path).toBe('/stream');
    const both = readWebhookRequest({ dest: 'https://x.example/h', stream: true, schedule: '* * * * *' });
    expect(!both.ok && both.problems[0]!.message).toMatch(/mutually exclusive/);
    const bad = readWebhookRequest({
      dest: 7,
      signatureToken: 'short',
      stream: 'yes',
      initialRecordTime: 'yesterday',
      colour: 'red',
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems.map((p) => p.path).sort()).toEqual(
        ['/colour', '/dest', '/initialRecordTime', '/signatureToken', '/stream', '/stream'].sort(),
      );
  });

  it('reads WebSocket query strings: stream=true, schedule=<cron> or the second … dayOfWeek parameters', () => {
    const s = readSocketRequest({ stream: 'true', initialRecordTime: '2026-01-01T00:00:00Z' });
    expect(s.ok && s.request.initialRecordTime).toBe(Date.parse('2026-01-01T00:00:00Z'));
    const c = readSocketRequest({ schedule: '*/10 * * * * *', reportIfEmpty: 'true' });
    expect(c.ok && c.request.schedule?.cron).toBe('*/10 * * * * *');
    const f = readSocketRequest({ minute: '5', hour: '1' });
    expect(f.ok && f.request.schedule?.cron).toBe('0 5 1 * * *');
    const x = readSocketRequest({ stream: 'true', perPage: '3' });
    expect(!x.ok && x.problems[0]!.path).toBe('/perPage');
  });
});
