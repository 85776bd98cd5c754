/**
 * The GS1 Digital Link resolver (GS1 Digital Link URI Syntax 1.4; GS1-Conformant Resolver Standard 1.1): which
 * paths it answers, the linkset it serves (RFC 9264, `application/linkset+json`), and its description at
 * `/.well-known/gs1resolver`.
 */
import type { PublicStory } from './story.types.js';

/**
 * Primary-key AIs a Digital Link path may start with (GS1 DL URI Syntax 1.4 §4.3, the primary identification
 * keys; GS1 General Specifications §3.2 for their AIs).
 */
export const DL_PRIMARY_KEYS = [
  '01',
  '00',
  '253',
  '255',
  '401',
  '402',
  '414',
  '417',
  '8003',
  '8004',
  '8006',
  '8010',
  '8013',
  '8017',
  '8018',
] as const;

/** The GS1 Web Vocabulary link types the resolver serves (https://gs1.org/voc/, "Link types"). */
export const LINK_TYPES = {
  defaultLink: 'https://gs1.org/voc/defaultLink',
  pip: 'https://gs1.org/voc/pip',
  certificationInfo: 'https://gs1.org/voc/certificationInfo',
  recallStatus: 'https://gs1.org/voc/recallStatus',
  traceability: 'https://gs1.org/voc/traceability',
} as const;

/** Media type of a linkset (RFC 9264 §4.2). */
export const LINKSET_MEDIA_TYPE = 'application/linkset+json';

/** Whether a request asks for the linkset: an Accept header naming it, or `linkType=all` (Resolver Standard §5.6). */
export function wantsLinkset(accept: string | undefined, linkType: string | undefined): boolean {
  if (linkType === 'all' || linkType === 'linkset') return true;
  return (accept ?? '').toLowerCase().includes(LINKSET_MEDIA_TYPE);
}

/** Whether a request comes from a browser that wants a page (HTML accepted). */
export function wantsHtml(accept: string | undefined): boolean {
  return /text\/html|application\/xhtml\+xml/i.test(accept ?? '');
}

/** The public page of a code on this platform. */
export function storyPageUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/q/${encodeURIComponent(code)}`;
}

interface Link {
  href: string;
  title?: string;
  type?: string;
  hreflang?: string[];
}

/**
 * The linkset of a resolved code (RFC 9264 §4.2: `{"linkset": [{"anchor": …, <relation>: [targets]}]}`). The anchor
 * is the canonical Digital Link; the product page is the default link; certificates and the recall notice appear
 * only when the story has them.
 */
export function linksetOf(
  story: PublicStory,
  baseUrl: string,
  requestedPath: string,
): Record<string, unknown> {
  const base = baseUrl.replace(/\/+$/, '');
  const page = storyPageUrl(base, story.code.canonical ?? story.code.input);
  const title = story.product?.name ?? story.code.canonical ?? story.code.input;
  const pageLink: Link = { href: page, title, type: 'text/html', hreflang: ['zh-CN', 'en'] };
  const entry: Record<string, unknown> = {
    anchor: story.code.canonical ?? `${base}${requestedPath}`,
    [LINK_TYPES.defaultLink]: [pageLink],
    [LINK_TYPES.pip]: [pageLink],
    [LINK_TYPES.traceability]: [
      {
        href: `${base}/api/public/codes/${encodeURIComponent(story.code.canonical ?? story.code.input)}`,
        title,
        type: 'application/json',
      },
    ],
  };
  if (story.documents.length > 0 || (story.producer?.certifications.length ?? 0) > 0) {
    entry[LINK_TYPES.certificationInfo] = [{ href: `${page}#documents`, title, type: 'text/html' }];
  }
  if (story.status.recalled) {
    entry[LINK_TYPES.recallStatus] = [{ href: `${page}#status`, title, type: 'text/html' }];
  }
  return { linkset: [entry] };
}

/** The resolver description (GS1-Conformant Resolver Standard 1.1 §6.1, `/.well-known/gs1resolver`). */
export function resolverDescription(baseUrl: string): Record<string, unknown> {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    name: "Zhuisu — Ji'an important-product traceability",
    resolverRoot: base,
    supportedPrimaryKeys: [...DL_PRIMARY_KEYS],
    supportedLinkType: Object.values(LINK_TYPES).map((href) => ({
      namespace: 'https://gs1.org/voc/',
      prefix: 'gs1:',
      profile: href,
    })),
    linkTypeDefaultCanBeLinkset: false,
    supportedContextValuesEnumerated: [],
    supportedLanguages: ['zh-CN', 'en'],
    validatorURI: null,
    contact: null,
  };
}
