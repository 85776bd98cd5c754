import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors.js';
import { allowListOf, assertWebhookUrl, nonPublicReason, refusedAddress } from './ssrf-guard.js';

const none = allowListOf([]);
const resolveTo =
  (...addresses: string[]) =>
  async () =>
    addresses;

async function refusal(url: string, allow = none, resolve = resolveTo('93.184.216.34')): Promise<AppError> {
  try {
    await assertWebhookUrl(url, allow, resolve);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error(`${url} was accepted`);
}

describe('SSRF guard for webhook subscribers', () => {
  it('classifies loop-back, private, link-local and mapped addresses as non-public', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::a00:1',
      '224.0.0.1',
    ]) {
      expect(nonPublicReason(a), a).not.toBeNull();
    }
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '8.8.8.8', '::ffff:8.8.8.8'])
      expect(nonPublicReason(a), a).toBeNull();
  });

  it('refuses private and loop-back literals, non-HTTP schemes and credentials with a 400 naming /dest', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://10.0.0.5/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://0x7f000001/hook',
    ]) {
      const e = await refusal(url);
      expect(e.status, url).toBe(400);
      expect(e.code).toBe('SUBSCRIPTION_DEST_REFUSED');
      expect(e.path).toBe('/dest');
    }
    expect((await refusal('ftp://example.com/x')).message).toMatch(/scheme ftp/);
    expect((await refusal('file:///etc/passwd')).message).toMatch(/scheme file/);
    expect((await refusal('https://user:pw@example.com/x')).message).toMatch(/credentials/);
    expect((await refusal('not a url')).message).toMatch(/absolute URL/);
  });

  it('resolves host names and refuses one that points inside the network (any of its addresses)', async () => {
    expect(
      (await refusal('https://hooks.example.com/x', none, resolveTo('93.184.216.34', '10.0.0.7'))).message,
    ).toMatch(/resolves to 10\.0\.0\.7/);
    expect(
      (
        await refusal('https://gone.example/x', none, async () =>
          Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' })),
        )
      ).message,
    ).toMatch(/does not resolve \(ENOTFOUND\)/);
    await expect(
      assertWebhookUrl('https://hooks.example.com/x', none, resolveTo('93.184.216.34')),
    ).resolves.toBeInstanceOf(URL);
  });

  it('lets allow-listed hosts, addresses and CIDR ranges through (ZHUISU_WEBHOOK_ALLOW)', async () => {
    const allow = allowListOf(['127.0.0.1', '10.0.0.0/8', 'erp.internal']);
    await expect(assertWebhookUrl('http://127.0.0.1:9/x', allow)).resolves.toBeInstanceOf(URL);
    await expect(
      assertWebhookUrl('http://hooks.corp/x', allow, resolveTo('10.20.30.40')),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      assertWebhookUrl('http://ERP.internal/x', allow, resolveTo('192.168.9.9')),
    ).resolves.toBeInstanceOf(URL);
    expect((await refusal('http://192.168.0.1/x', allow)).code).toBe('SUBSCRIPTION_DEST_REFUSED');
    expect(refusedAddress(allow, 'x', '::ffff:10.1.1.1')).toBeNull();
    expect(() => allowListOf(['10.0.0.0/99'])).toThrow(/not a CIDR range/);
  });
});
