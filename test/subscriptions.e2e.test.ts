/**
 * End-to-end: EPCIS query subscriptions through the running server on both engines — webhook and WebSocket,
 * stream and schedule, signatures, SSRF refusals, and each event delivered once across a server restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Config } from '../src/config/index.js';
import { createApiKey, createOrganisation } from '../src/modules/access/index.js';
import {
  type Receiver,
  startReceiver,
  verifySignature,
} from '../src/modules/events/subscriptions/receiver.fixtures.js';
import { type RunningServer, startServer } from '../src/server/server.js';
import { testUscc } from './helpers/app.js';
import { ENGINES } from './helpers/engines.js';

type Obj = Record<string, unknown>;
const TOKEN = 'partner-platform-secret-2026';
let serial = 0;

function shipments(n: number, bizStep = 'shipping'): string {
  const eventList = Array.from({ length: n }, () => {
    serial += 1;
    return {
      type: 'ObjectEvent',
      eventTime: '2026-07-01T09:00:00+08:00',
      eventTimeZoneOffset: '+08:00',
      epcList: [`urn:epc:id:sgtin:6901234.056789.E2E${process.pid}${serial}`],
      action: 'OBSERVE',
      bizStep,
    };
  });
  return JSON.stringify({
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-07-01T00:00:00Z',
    epcisBody: { eventList },
  });
}

const eventIdsOf = (doc: Obj): string[] =>
  (((doc.epcisBody as Obj).queryResults as Obj).resultsBody as { eventList: Obj[] }).eventList.map((e) =>
    String(e.eventID),
  );

describe.each(ENGINES)('EPCIS subscriptions on $name', (engine) => {
  let config: Config;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let key: string;
  let receiver: Receiver;

  const call = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    server.app.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  async function capture(n: number, bizStep = 'shipping'): Promise<string[]> {
    const res = await call('POST', '/epcis/capture', shipments(n, bizStep), {
      'content-type': 'application/ld+json',
    });
    expect(res.statusCode, res.body).toBe(202);
    for (let i = 0; i < 300; i++) {
      const job = (await call('GET', res.headers.location as string)).json() as {
        running: boolean;
        success: boolean;
        errors: unknown[];
      };
      if (!job.running) {
        expect(job.success, JSON.stringify(job.errors)).toBe(true);
        const page = await call('GET', `/epcis/events?perPage=1000&EQ_bizStep=${bizStep}`);
        return eventIdsOf(page.json()).slice(-n);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('capture did not finish');
  }

  beforeAll(async () => {
    const fresh = await engine.fresh({
      port: 0,
      host: '127.0.0.1',
      adminPassword: 'Zs-subscriptions-pass-1',
      webhookAllow: ['127.0.0.1'],
    });
    config = fresh.config;
    dispose = fresh.dispose;
    server = await startServer(config);
    const org = await createOrganisation(server.database.db, server.database.dialect, {
      kind: 'enterprise',
      name: '吉安县井冈蜜柚合作社',
      uscc: testUscc('360821'),
      divisionCode: '360821',
    });
    key = (await createApiKey(server.database.db, { orgId: org.id, expiresAt: null })).key;
    receiver = await startReceiver();
    expect(
      (await call('POST', '/epcis/queries', { name: 'shipments', query: { EQ_bizStep: ['shipping'] } }))
        .statusCode,
    ).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await server?.stop();
    await dispose?.();
  });

  it('refuses private, loop-back, link-local and non-HTTP subscriber URLs with a 400 problem', async () => {
    for (const dest of [
      'http://10.0.0.8/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:8080/hook',
      'http://192.168.1.20/hook',
      'ftp://files.example.com/in',
      'gopher://127.0.0.1/x',
    ]) {
      const res = await call('POST', '/epcis/queries/shipments/subscriptions', {
        dest,
        signatureToken: TOKEN,
        stream: true,
      });
      expect(res.statusCode, dest).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().code, dest).toBe('SUBSCRIPTION_DEST_REFUSED');
    }
    const bad = await call('POST', '/epcis/queries/shipments/subscriptions', {
      dest: receiver.url,
      schedule: { minute: '75' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/schedule/minute');
    expect(
      (await call('POST', '/epcis/queries/nope/subscriptions', { dest: receiver.url, stream: true }))
        .statusCode,
    ).toBe(404);
  });

  it('delivers each shipment once by signed webhook, also across a server restart, and shows the cursor', async () => {
    const made = await call('POST', '/epcis/queries/shipments/subscriptions', {
      dest: receiver.url,
      signatureToken: TOKEN,
      stream: true,
    });
    expect(made.statusCode, made.body).toBe(201);
    const sub = made.json() as { subscriptionID: string; stream: boolean };
    expect(made.headers.location).toBe(`/epcis/queries/shipments/subscriptions/${sub.subscriptionID}`);
    expect(JSON.stringify(made.json())).not.toContain(TOKEN);
    const before = await capture(3);
    await capture(2, 'receiving');
    await receiver.waitFor(1);
    // Stop the server; capture while it is down (the CLI path: same pipeline, same outbox); start it again.
    await server.stop();
    const { captureEvents } = await import('../src/modules/events/index.js');
    const { captureHooks } = await import('../src/pipeline.js');
    const { openDatabase } = await import('../src/db/index.js');
    const offline = await openDatabase(config);
    const org = await offline.db
      .selectFrom('organisations')
      .select('id')
      .where('name', '=', '吉安县井冈蜜柚合作社')
      .executeTakeFirstOrThrow();
    const whileDown = (
      await captureEvents(
        offline,
        { orgId: Number(org.id), hooks: captureHooks(offline, config) },
        JSON.parse(shipments(2)),
      )
    ).eventIds;
    await offline.close();
    server = await startServer(config);
    const after = await capture(2);
    for (let i = 0; i < 300 && receiver.received.flatMap((r) => r.eventIds).length < 7; i++)
      await new Promise((r) => setTimeout(r, 20));
    const seen = receiver.received.flatMap((r) => r.eventIds);
    expect(seen).toEqual([...before, ...whileDown, ...after]);
    for (const r of receiver.received) {
      expect(verifySignature(r.body, r.headers['gs1-signature'], TOKEN)).toBe(true);
      expect(r.headers['content-type']).toMatch(/application\/json/);
    }
    // The receiver has answered; the worker records the acknowledgement a moment later.
    let shown = await call('GET', `/epcis/queries/shipments/subscriptions/${sub.subscriptionID}`);
    for (let i = 0; i < 100 && shown.json().cursor.deliveredSeq < receiver.received.length; i++) {
      await new Promise((r) => setTimeout(r, 20));
      shown = await call('GET', `/epcis/queries/shipments/subscriptions/${sub.subscriptionID}`);
    }
    expect(shown.statusCode).toBe(200);
    const view = shown.json() as {
      status: string;
      stream: boolean;
      cursor: { deliveredSeq: number };
      recentDeliveries: Array<{ status: string; responseCode: number; latencyMs: number }>;
    };
    expect(view.status).toBe('active');
    expect(view.stream).toBe(true);
    expect(view.cursor.deliveredSeq).toBe(receiver.received.length);
    expect(view.recentDeliveries[0]).toMatchObject({ status: 'delivered', responseCode: 200 });
    const list = await call('GET', '/epcis/queries/shipments/subscriptions');
    expect((list.json() as Obj[]).map((s) => s.subscriptionID)).toContain(sub.subscriptionID);
    expect(
      (await call('DELETE', `/epcis/queries/shipments/subscriptions/${sub.subscriptionID}`)).statusCode,
    ).toBe(204);
    expect(
      (await call('GET', `/epcis/queries/shipments/subscriptions/${sub.subscriptionID}`)).statusCode,
    ).toBe(404);
  }, 30_000);

  function openSocket(query: string): Promise<{ ws: WebSocket; messages: Obj[] }> {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/epcis/queries/shipments/events?${query}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const messages: Obj[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Obj));
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve({ ws, messages }));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }
  const until = async (check: () => boolean, ms = 5000) => {
    for (let i = 0; i < ms / 20 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('pushes new events to a WebSocket stream subscriber, and the plain GET still runs the query', async () => {
    const { ws, messages } = await openSocket('stream=true');
    const events = await capture(3);
    await until(() => messages.flatMap(eventIdsOf).length >= 3);
    expect(messages.flatMap(eventIdsOf)).toEqual(events);
    expect(((messages[0]!.epcisBody as Obj).queryResults as Obj).queryName).toBe('shipments');
    const plain = await call('GET', '/epcis/queries/shipments/events');
    expect(plain.statusCode).toBe(200);
    expect(eventIdsOf(plain.json())).toEqual(expect.arrayContaining(events));
    ws.close();
    await until(() => false, 100);
  });

  it('runs a WebSocket schedule and reports an empty result when asked to', async () => {
    const { ws, messages } = await openSocket(
      `schedule=${encodeURIComponent('* * * * * *')}&reportIfEmpty=true`,
    );
    await until(() => messages.length >= 1, 3000);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    expect(eventIdsOf(messages[0]!)).toEqual([]);
    ws.close();
  });

  it('answers a bad WebSocket subscription with an HTTP problem instead of an upgrade', async () => {
    await expect(openSocket('perPage=3')).rejects.toThrow(/HTTP 400/);
    await expect(openSocket('stream=true&minute=5')).rejects.toThrow(/HTTP 400/);
  });
});
