/**
 * Posts one subscription delivery to its webhook: signed with HMAC-SHA256 over the exact body (the REST binding's
 * `GS1-Signature` header, EPCIS 2.0 OpenAPI callback `querySubscriptionResults`), through a DNS lookup that
 * refuses non-public addresses at connection time (the SSRF guard's second check, against DNS rebinding).
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { type Resolver, refusedAddress, systemResolver, type WebhookAllowList } from './ssrf-guard.js';

/** `sha256=<hex HMAC-SHA256 of body keyed with the signatureToken>`. */
export function signBody(body: string, token: string): string {
  return `sha256=${createHmac('sha256', token).update(body, 'utf8').digest('hex')}`;
}

/** What one delivery attempt sends. */
export interface WebhookRequest {
  url: string;
  body: string;
  signatureToken: string | null;
  /** Extra headers (delivery id, subscription id). */
  headers: Record<string, string>;
  timeoutMs: number;
}

/** What came of one attempt. */
export interface WebhookOutcome {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  error: string | null;
}

/** A lookup for http(s).request that resolves, then refuses any address the guard refuses. */
function guardedLookup(allow: WebhookAllowList, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const family =
          typeof options === 'object' && options ? (options.family as number | undefined) : undefined;
        const usable = addresses.filter((a) => !family || isIP(a) === family);
        if (usable.length === 0)
          return callback(
            Object.assign(new Error(`${hostname} has no usable address`), { code: 'ENOTFOUND' }),
            '',
            4,
          );
        for (const a of usable) {
          const why = refusedAddress(allow, hostname, a);
          if (why)
            return callback(Object.assign(new Error(`refused: ${why}`), { code: 'EZHUISU_SSRF' }), '', 4);
        }
        const chosen = usable[0]!;
        if (typeof options === 'object' && options && (options as { all?: boolean }).all) {
          return (callback as unknown as (e: null, list: { address: string; family: number }[]) => void)(
            null,
            usable.map((a) => ({ address: a, family: isIP(a) })),
          );
        }
        callback(null, chosen, isIP(chosen));
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 4),
    );
  };
}

/** Posts a delivery; never throws (a failure is an outcome with its reason). */
export function postWebhook(
  req: WebhookRequest,
  allow: WebhookAllowList,
  resolve: Resolver = systemResolver,
): Promise<WebhookOutcome> {
  const started = performance.now();
  const done = (ok: boolean, status: number | null, error: string | null): WebhookOutcome => ({
    ok,
    status,
    latencyMs: Math.round(performance.now() - started),
    error,
  });
  return new Promise((settle) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      settle(done(false, null, `dest ${JSON.stringify(req.url)} is not a URL`));
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      settle(done(false, null, `refused: scheme ${url.protocol} is not http or https`));
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0) {
      const why = refusedAddress(allow, host, host);
      if (why) {
        settle(done(false, null, `refused: ${why}`));
        return;
      }
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(req.body, 'utf8')),
      'user-agent': 'zhuisu-subscriptions',
      'GS1-EPCIS-Version': '2.0.0',
      'GS1-CBV-Version': '2.0.0',
      ...req.headers,
    };
    if (req.signatureToken) {
      const signature = signBody(req.body, req.signatureToken);
      headers['GS1-Signature'] = signature;
      headers['X-Zhuisu-Signature'] = signature;
    }
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      { method: 'POST', headers, lookup: guardedLookup(allow, resolve), agent: false },
      (res) => {
        // The body is not needed; drain it so the socket closes.
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          settle(done(ok, status, ok ? null : `HTTP ${status} from the subscriber`));
        });
        res.on('error', (e) => settle(done(false, res.statusCode ?? null, e.message)));
      },
    );
    // An absolute deadline: a subscriber that trickles its answer must not hold the lease past it.
    const deadline = setTimeout(
      () => request.destroy(new Error(`no answer within ${req.timeoutMs} ms`)),
      req.timeoutMs,
    );
    request.on('close', () => clearTimeout(deadline));
    request.on('error', (e: NodeJS.ErrnoException) =>
      settle(done(false, null, e.message || e.code || 'connection failed')),
    );
    request.end(req.body);
  });
}
