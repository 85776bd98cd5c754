/** A webhook receiver on 127.0.0.1 for tests and the bench: records every request and answers as told. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  /** eventIDs of the EPCISQueryDocument's event list. */
  eventIds: string[];
  at: number;
}

/** How the receiver answers the next request: a status code, or 'hang' (never answers). */
export type Answer = number | 'hang';

/** A running receiver. */
export interface Receiver {
  url: string;
  received: Received[];
  /** Answers for the next requests, in order; 200 once they run out. */
  answers: Answer[];
  /** Resolves when the receiver has got `n` requests in all. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Verifies a `sha256=<hex>` signature over the body (what a subscriber does with its signatureToken). */
export function verifySignature(body: string, header: string | string[] | undefined, token: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', token).update(body, 'utf8').digest('hex'));
  const given = Buffer.from(header.slice('sha256='.length));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Starts a receiver on an ephemeral port of 127.0.0.1. */
export async function startReceiver(path = '/hook'): Promise<Receiver> {
  const received: Received[] = [];
  const answers: Answer[] = [];
  const hanging = new Set<http.ServerResponse>();
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let eventIds: string[] = [];
      try {
        const doc = JSON.parse(body) as {
          epcisBody?: { queryResults?: { resultsBody?: { eventList?: Array<{ eventID?: string }> } } };
        };
        eventIds = (doc.epcisBody?.queryResults?.resultsBody?.eventList ?? []).map((e) => String(e.eventID));
      } catch {
        // not JSON: recorded with no events
      }
      received.push({ headers: req.headers, body, eventIds, at: Date.now() });
      for (const w of [...waiters]) {
        if (received.length >= w.n) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
      const answer = answers.shift() ?? 200;
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answers,
    waitFor(n, timeoutMs = 10_000) {
      if (received.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`receiver got ${received.length} of ${n} requests in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
