/**
 * The SSRF guard of webhook subscriptions: a subscriber URL must use http(s) and reach a public address. A host
 * name is resolved and every address it resolves to is checked (a name can point inside the network); the check
 * runs again at every delivery, inside the connection's own DNS lookup, so a name re-pointed after the
 * subscription was made (DNS rebinding) is refused too. Internal deployments allow hosts or CIDR ranges with
 * ZHUISU_WEBHOOK_ALLOW.
 */
import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { AppError } from '../../../lib/errors.js';

/** Special-purpose ranges that are not the public Internet (RFC 6890 registries, as of RFC 8190 and later). */
const SPECIAL_V4: ReadonlyArray<readonly [string, number, string]> = [
  ['0.0.0.0', 8, '"this network" (RFC 791)'],
  ['10.0.0.0', 8, 'private (RFC 1918)'],
  ['100.64.0.0', 10, 'shared carrier-grade NAT (RFC 6598)'],
  ['127.0.0.0', 8, 'loop-back (RFC 1122)'],
  ['169.254.0.0', 16, 'link-local (RFC 3927)'],
  ['172.16.0.0', 12, 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'IETF protocol assignments (RFC 6890)'],
  ['192.0.2.0', 24, 'documentation (RFC 5737)'],
  ['192.88.99.0', 24, '6to4 relay anycast (RFC 7526)'],
  ['192.168.0.0', 16, 'private (RFC 1918)'],
  ['198.18.0.0', 15, 'benchmarking (RFC 2544)'],
  ['198.51.100.0', 24, 'documentation (RFC 5737)'],
  ['203.0.113.0', 24, 'documentation (RFC 5737)'],
  ['224.0.0.0', 4, 'multicast (RFC 5771)'],
  ['240.0.0.0', 4, 'reserved (RFC 1112), incl. broadcast'],
];
const SPECIAL_V6: ReadonlyArray<readonly [string, number, string]> = [
  ['::', 128, 'unspecified (RFC 4291)'],
  ['::1', 128, 'loop-back (RFC 4291)'],
  ['100::', 64, 'discard-only (RFC 6666)'],
  ['2001::', 23, 'IETF protocol assignments (RFC 2928)'],
  ['2001:db8::', 32, 'documentation (RFC 3849)'],
  ['fc00::', 7, 'unique local (RFC 4193)'],
  ['fe80::', 10, 'link-local (RFC 4291)'],
  ['fec0::', 10, 'site-local, deprecated (RFC 3879)'],
  ['ff00::', 8, 'multicast (RFC 4291)'],
];

const special = (() => {
  const list: Array<{ block: BlockList; why: string }> = [];
  for (const [net, prefix, why] of SPECIAL_V4) {
    const block = new BlockList();
    block.addSubnet(net, prefix, 'ipv4');
    list.push({ block, why });
  }
  for (const [net, prefix, why] of SPECIAL_V6) {
    const block = new BlockList();
    block.addSubnet(net, prefix, 'ipv6');
    list.push({ block, why });
  }
  return list;
})();

/** An IPv4 address carried inside an IPv6 one (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96), if any. */
function embeddedV4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = Number.parseInt(hex[1]!, 16);
    const lo = Number.parseInt(hex[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** Why an IP address is not a public unicast address, or null when it is. */
export function nonPublicReason(address: string): string | null {
  const v4 = embeddedV4(address);
  if (v4) return nonPublicReason(v4);
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { block, why } of special) if (block.check(address, type)) return why;
  return null;
}

/** The allow-list of ZHUISU_WEBHOOK_ALLOW: host names (exact, case-insensitive), IP addresses and CIDR ranges. */
export interface WebhookAllowList {
  hosts: ReadonlySet<string>;
  addresses: BlockList;
}

/** Builds the allow-list; throws CONFIG-style errors for an entry that is neither a host nor a CIDR range. */
export function allowListOf(entries: readonly string[]): WebhookAllowList {
  const hosts = new Set<string>();
  const addresses = new BlockList();
  for (const raw of entries) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[|\]$/g, '');
    if (entry === '') continue;
    const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
    if (cidr) {
      const family = isIP(cidr[1]!);
      const prefix = Number(cidr[2]);
      if (family === 0 || prefix > (family === 4 ? 32 : 128)) {
        throw new AppError(
          'CONFIG_INVALID',
          `ZHUISU_WEBHOOK_ALLOW: ${JSON.stringify(raw)} is not a CIDR range.`,
          { status: 500 },
        );
      }
      addresses.addSubnet(cidr[1]!, prefix, family === 4 ? 'ipv4' : 'ipv6');
    } else if (isIP(entry) !== 0) {
      addresses.addAddress(entry, isIP(entry) === 4 ? 'ipv4' : 'ipv6');
    } else {
      hosts.add(entry);
    }
  }
  return { hosts, addresses };
}

function addressAllowed(allow: WebhookAllowList, address: string): boolean {
  const v4 = embeddedV4(address);
  const a = v4 ?? address;
  const family = isIP(a);
  return family !== 0 && allow.addresses.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why a resolved address may not be called for `host`, or null when it may. */
export function refusedAddress(allow: WebhookAllowList, host: string, address: string): string | null {
  if (allow.hosts.has(host.toLowerCase()) || addressAllowed(allow, address)) return null;
  const why = nonPublicReason(address);
  return why === null ? null : `${host} resolves to ${address}, a ${why} address`;
}

/** Resolves a host name to every address (A and AAAA). */
export type Resolver = (host: string) => Promise<string[]>;

/** The system resolver (getaddrinfo, as connections use it). */
export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses.map((a) => a.address)),
    );
  });

const refused = (url: string, why: string) =>
  new AppError(
    'SUBSCRIPTION_DEST_REFUSED',
    `dest ${JSON.stringify(url)} is refused: ${why}. Webhooks must reach a public http(s) address (internal hosts: ZHUISU_WEBHOOK_ALLOW).`,
    {
      status: 400,
      path: '/dest',
    },
  );

/**
 * Checks a subscriber URL before it is stored: http or https, no credentials in it, and every address its host
 * resolves to is public or allowed. Throws SUBSCRIPTION_DEST_REFUSED (400) saying which rule it broke.
 */
export async function assertWebhookUrl(
  raw: string,
  allow: WebhookAllowList,
  resolve: Resolver = systemResolver,
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused(raw, 'it is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw refused(raw, `the scheme ${url.protocol.replace(/:$/, '')} is not http or https`);
  if (url.username || url.password)
    throw refused(raw, 'it carries credentials; put the secret in signatureToken instead');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allow.hosts.has(host.toLowerCase())) return url;
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = await resolve(host);
    } catch (e) {
      throw refused(
        raw,
        `its host ${host} does not resolve (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    if (addresses.length === 0) throw refused(raw, `its host ${host} has no address`);
  }
  for (const address of addresses) {
    const why = refusedAddress(allow, host, address);
    if (why) throw refused(raw, why);
  }
  return url;
}
