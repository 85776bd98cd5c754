/** End-to-end: the foundation's HTTP surface, access scopes and audit log, on every engine. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, seedKey, seedOrg, startPlatform, type TestPlatform, testUscc } from './helpers/app.js';
import { ENGINES } from './helpers/engines.js';

describe.each(ENGINES)('foundation on $name', (engine) => {
  let p: TestPlatform;
  let entA: { orgId: number; userId: number; username: string };
  let entB: { orgId: number; userId: number; username: string };
  let productA: number;
  let productB: number;

  beforeAll(async () => {
    p = await startPlatform(engine);
    // A tea co-operative in 遂川县 (AGRI) and a dairy in 吉州区 (FOOD).
    entA = await seedOrg(
      p,
      { kind: 'enterprise', name: '遂川狗牯脑茶叶合作社', uscc: testUscc('360827'), divisionCode: '360827' },
      `tea-${engine.name}`,
    );
    entB = await seedOrg(
      p,
      { kind: 'enterprise', name: '吉州乳业有限公司', uscc: testUscc('360802'), divisionCode: '360802' },
      `dairy-${engine.name}`,
    );
    await seedOrg(
      p,
      { kind: 'department', name: '吉安市农业农村局', categories: ['AGRI', 'INPUT'], divisionCode: '360800' },
      `agri-${engine.name}`,
    );
    await seedOrg(
      p,
      { kind: 'county', name: '遂川县人民政府', divisionCode: '360827' },
      `suichuan-${engine.name}`,
    );
    const a = await login(p, entA.username);
    const b = await login(p, entB.username);
    const ra = await a.call('POST', '/api/enterprise/products', {
      name: '狗牯脑茶',
      category: 'AGRI',
      gtin: '6901234567892',
    });
    expect(ra.statusCode, ra.body).toBe(201);
    productA = ra.json().id;
    const rb = await b.call('POST', '/api/enterprise/products', { name: '婴幼儿配方奶粉', category: 'FOOD' });
    expect(rb.statusCode, rb.body).toBe(201);
    productB = rb.json().id;
  });
  afterAll(async () => p?.close());

  it('answers /healthz and /readyz with 200', async () => {
    expect((await p.app.inject('/healthz')).statusCode).toBe(200);
    const ready = await p.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', engine: engine.name });
  });

  it('lists every route in /openapi.json and renders /api/docs', async () => {
    const doc = (await p.app.inject('/openapi.json')).json() as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/healthz',
      '/readyz',
      '/api/auth/login',
      '/api/auth/me',
      '/api/public/divisions',
      '/api/enterprise/products',
      '/api/enterprise/keys',
      '/api/gov/products',
      '/api/admin/audit',
      '/epcis/eventTypes',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const page = await p.app.inject('/api/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('swagger-ui');
    const script = await p.app.inject('/api/docs/static/swagger-ui-bundle.js');
    expect(script.statusCode).toBe(200);
  });

  it('sends security headers and a request id', async () => {
    const res = await p.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    // An API answer: the OWASP REST set.
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-request-id']).toBe('abc-123');
    const generated = await p.app.inject('/healthz');
    expect(generated.headers['x-request-id']).toMatch(/^[\w-]+-[0-9a-z]+$/);
    expect(generated.headers['x-request-id']).not.toBe(
      (await p.app.inject('/healthz')).headers['x-request-id'],
    );
    // An HTML document: helmet's whole set and the documents' CSP.
    const page = await p.app.inject('/api/docs');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // The web app's page keeps its own CSP over the document set.
    const home = await p.app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(home.headers['content-type']).toMatch(/text\/html/);
    expect(home.headers['content-security-policy']).toContain("default-src 'self'");
    expect(home.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(home.headers['referrer-policy']).toBe('no-referrer');
    // A problem document is an API answer too.
    const missing = await p.app.inject('/api/public/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('answers a wrong password with a 401 problem document', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: entA.username, password: 'wrong-password-123' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 401,
      code: 'AUTH_INVALID_CREDENTIALS',
      title: 'Unauthorized',
    });
    const unknownUser = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody-here', password: 'wrong-password-123' },
    });
    expect(unknownUser.json().code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('keeps an enterprise user out of another enterprise’s records', async () => {
    const a = await login(p, entA.username);
    const list = (await a.call('GET', '/api/enterprise/products')).json() as { items: { id: number }[] };
    expect(list.items.map((i) => i.id)).toEqual([productA]);
    const other = await a.call('GET', `/api/enterprise/products/${productB}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('MASTERDATA_PRODUCT_NOT_FOUND');
    // …and out of the regulator routes altogether.
    expect((await a.call('GET', '/api/gov/products')).statusCode).toBe(403);
  });

  it('keeps a county user inside its county', async () => {
    const c = await login(p, `suichuan-${engine.name}`);
    const list = (await c.call('GET', '/api/gov/products')).json() as { items: { id: number }[] };
    expect(list.items.map((i) => i.id)).toEqual([productA]);
    expect((await c.call('GET', `/api/gov/products/${productA}`)).statusCode).toBe(200);
    expect((await c.call('GET', `/api/gov/products/${productB}`)).statusCode).toBe(404);
  });

  it('keeps a department inside its categories', async () => {
    const d = await login(p, `agri-${engine.name}`);
    const list = (await d.call('GET', '/api/gov/products')).json() as {
      items: { id: number; category: string }[];
    };
    expect(list.items.map((i) => i.id)).toEqual([productA]);
    expect((await d.call('GET', `/api/gov/products/${productB}`)).statusCode).toBe(404);
    const byCategory = (await d.call('GET', '/api/gov/products?category=FOOD')).json() as {
      items: unknown[];
    };
    expect(byCategory.items).toEqual([]);
  });

  it('writes regulator reads to the audit log, which the admin can query', async () => {
    const d = await login(p, `agri-${engine.name}`);
    await d.call('GET', `/api/gov/products/${productA}`);
    const admin = await login(p, 'admin', p.adminPassword);
    const res = await admin.call('GET', `/api/admin/audit?action=read.product&targetOrgId=${entA.orgId}`);
    expect(res.statusCode).toBe(200);
    const entries = res.json() as {
      action: string;
      targetId: string;
      actorOrgId: number;
      ip: string;
      requestId: string;
    }[];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]).toMatchObject({ action: 'read.product', targetId: String(productA) });
    expect(entries[0]!.requestId).toBeTruthy();
    // A non-admin cannot read the audit log.
    expect((await d.call('GET', '/api/admin/audit')).statusCode).toBe(403);
  });

  it('accepts a valid API key and refuses a revoked or expired one', async () => {
    const good = await seedKey(p, entA.orgId);
    const ok = await p.app.inject({
      url: '/api/enterprise/products',
      headers: { authorization: `Bearer ${good.key}` },
    });
    expect(ok.statusCode).toBe(200);
    const a = await login(p, entA.username);
    const revoke = await a.call('DELETE', `/api/enterprise/keys/${good.id}`);
    expect(revoke.statusCode).toBe(200);
    const revoked = await p.app.inject({
      url: '/api/enterprise/products',
      headers: { authorization: `Bearer ${good.key}` },
    });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toMatchObject({ code: 'AUTH_KEY_REJECTED', reason: 'revoked' });

    const soon = await seedKey(p, entA.orgId, new Date(Date.now() + 3_600_000));
    await sql`update api_keys set expires_at = ${Date.now() - 1000} where id = ${soon.id}`.execute(
      p.database.db,
    );
    const expired = await p.app.inject({ url: '/epcis/eventTypes', headers: { 'x-api-key': soon.key } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'AUTH_KEY_REJECTED', reason: 'expired' });

    const forged = await p.app.inject({
      url: '/epcis/eventTypes',
      headers: { authorization: 'Bearer zsk_not-a-real-key' },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('refuses a state change from a session without its CSRF token', async () => {
    const a = await login(p, entA.username);
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/enterprise/products',
      headers: { cookie: a.cookie },
      payload: { name: 'x', category: 'AGRI' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('AUTH_CSRF');
  });

  it('answers bad input with problem documents and stores nothing', async () => {
    const a = await login(p, entA.username);
    const before = (await a.call('GET', '/api/enterprise/products')).json().total;
    const badJson = await p.app.inject({
      method: 'POST',
      url: '/api/enterprise/products',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf, 'content-type': 'application/json' },
      payload: '{"name": "茶", ',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().code).toBe('BAD_JSON');
    const unknownField = await a.call('POST', '/api/enterprise/products', {
      name: '茶',
      category: 'AGRI',
      colour: 'green',
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json()).toMatchObject({ code: 'VALIDATION_FAILED', path: '/colour' });
    const wrongType = await a.call('POST', '/api/enterprise/products', { name: 12, category: 'AGRI' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().path).toBe('/name');
    const badGtin = await a.call('POST', '/api/enterprise/products', {
      name: '茶',
      category: 'AGRI',
      gtin: '6901234567893',
    });
    expect(badGtin.statusCode).toBe(400);
    expect(badGtin.json()).toMatchObject({ code: 'MASTERDATA_BAD_GTIN', path: '/gtin' });
    const big = await p.app.inject({
      method: 'POST',
      url: '/api/enterprise/products',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2_000_000), category: 'AGRI' }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('BODY_TOO_LARGE');
    const nowhere = await p.app.inject('/api/nowhere');
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json().code).toBe('NOT_FOUND');
    expect((await p.app.inject('/api/enterprise/products')).statusCode).toBe(401);
    expect((await a.call('GET', '/api/enterprise/products')).json().total).toBe(before);
  });

  it('makes a user with a one-time password change it before anything else', async () => {
    const admin = await login(p, 'admin', p.adminPassword);
    const made = await admin.call('POST', `/api/admin/organisations/${entB.orgId}/users`, {
      username: `clerk-${engine.name}`,
      role: 'member',
    });
    expect(made.statusCode, made.body).toBe(201);
    const otp = made.json().oneTimePassword as string;
    const clerk = await login(p, `clerk-${engine.name}`, otp);
    expect((await clerk.call('GET', '/api/enterprise/products')).json().code).toBe(
      'AUTH_PASSWORD_CHANGE_REQUIRED',
    );
    const weak = await clerk.call('POST', '/api/auth/password', {
      currentPassword: otp,
      newPassword: 'short',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('AUTH_WEAK_PASSWORD');
    const changed = await clerk.call('POST', '/api/auth/password', {
      currentPassword: otp,
      newPassword: 'a-much-better-password-42',
    });
    expect(changed.statusCode).toBe(204);
    expect((await clerk.call('GET', '/api/enterprise/products')).statusCode).toBe(200);
    const logout = await clerk.call('POST', '/api/auth/logout');
    expect(logout.statusCode).toBe(204);
    expect((await clerk.call('GET', '/api/auth/me')).statusCode).toBe(401);
  });
});

describe.each(ENGINES)('public rate limit on $name', (engine) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startPlatform(engine, { publicRateLimit: 3 });
  });
  afterAll(async () => p?.close());

  it('answers 429 with a problem document past the per-client limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await p.app.inject('/api/public/divisions')).statusCode);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    const res = await p.app.inject('/api/public/divisions');
    expect(res.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    // Another client is not affected.
    expect((await p.app.inject({ url: '/api/public/divisions', remoteAddress: '10.1.2.3' })).statusCode).toBe(
      200,
    );
    // Authenticated audiences are not rate-limited by the public limit.
    expect((await p.app.inject('/healthz')).statusCode).toBe(200);
  });
});
