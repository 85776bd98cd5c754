/** Pure parts of the story: coarse places, counties, copied-code detection, languages, GS1 dates, linksets. */
import { describe, expect, it } from 'vitest';
import { LINKSET_MEDIA_TYPE, linksetOf, wantsLinkset } from './digital-link.js';
import { pickLanguage, translate } from './locales/index.js';
import { coarsePlace, countyOf, looksCopied } from './lookups.js';
import { projectionFor } from './projection.js';
import { escapeHtml } from './render/story-page.js';
import type { PublicStory } from './story.types.js';
import { gs1Date } from './story-events.js';

describe('lookup places', () => {
  it('rounds a place to 0.1° and refuses what is not a position', () => {
    expect(coarsePlace('27.1149', '114.9853')).toEqual({ lat: 27.1, lon: 115 });
    expect(coarsePlace(91, 0)).toBeNull();
    expect(coarsePlace('abc', 1)).toBeNull();
  });
  it('names the county of a place in Ji’an and none far away', () => {
    expect(countyOf({ lat: 26.8, lon: 114.9 })).toBe('360826');
    expect(countyOf({ lat: 39.9, lon: 116.4 })).toBeNull();
  });
  it('a serial looked up in Ji’an and Beijing ten minutes apart looks copied; a day apart does not', () => {
    const jian = { lat: 27.1, lon: 115 };
    const beijing = { lat: 39.9, lon: 116.4 };
    expect(
      looksCopied([
        { at: 0, ...jian },
        { at: 600_000, ...beijing },
      ]),
    ).toBe(true);
    expect(
      looksCopied([
        { at: 0, ...jian },
        { at: 86_400_000, ...beijing },
      ]),
    ).toBe(false);
    expect(
      looksCopied([
        { at: 0, ...jian },
        { at: 1, lat: 27.2, lon: 115 },
      ]),
    ).toBe(false);
  });
});

describe('languages and catalogues', () => {
  it('picks zh-CN by default and English when the browser prefers it', () => {
    expect(pickLanguage(undefined, null, 'en-GB,en;q=0.9')).toBe('en');
    expect(pickLanguage('fr')).toBe('zh-CN');
    expect(pickLanguage('en', 'zh-CN')).toBe('en');
  });
  it('fills placeholders and returns the key of a missing message', () => {
    expect(translate('en', 'errors.rateLimited', { seconds: 5 })).toBe(
      'Too many lookups; please try again in 5 s.',
    );
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });
  it('escapes markup', () => {
    expect(escapeHtml('<script>"x"&\'')).toBe('&#60;script&#62;&#34;x&#34;&#38;&#39;');
  });
});

describe('projection and dates', () => {
  it('explosives show nothing but their registration; special drugs hide the chain', () => {
    expect(projectionFor('HAZMAT')).toMatchObject({ restricted: true, producer: false, timeline: 'none' });
    expect(projectionFor('DRUG')).toMatchObject({ timeline: 'producer-only', partnerNames: false });
    expect(projectionFor(null).timeline).toBe('producer-only');
  });
  it('reads GS1 AI 17 dates, day 00 being the last day of the month (GenSpecs §7.12)', () => {
    expect(gs1Date('270300')).toBe('2027-03-31');
    expect(gs1Date('261231')).toBe('2026-12-31');
    expect(gs1Date('261331')).toBeNull();
  });
});

describe('linkset', () => {
  const story = {
    kind: 'found',
    code: { input: 'x', canonical: 'https://id.gs1.org/01/06901234567892/21/A1', scheme: 'gs1-digital-link' },
    status: { recalled: true, expired: null, warnings: [], lookups: null },
    documents: [],
    producer: null,
    product: { name: '茶' },
  } as unknown as PublicStory;
  it('anchors on the canonical link and lists the page, and the recall when there is one (RFC 9264)', () => {
    const set = linksetOf(story, 'https://trace.example.cn/', '/01/06901234567892/21/A1') as {
      linkset: Record<string, unknown>[];
    };
    const entry = set.linkset[0]!;
    expect(entry.anchor).toBe('https://id.gs1.org/01/06901234567892/21/A1');
    expect((entry['https://gs1.org/voc/pip'] as { href: string }[])[0]!.href).toBe(
      'https://trace.example.cn/q/https%3A%2F%2Fid.gs1.org%2F01%2F06901234567892%2F21%2FA1',
    );
    expect(entry['https://gs1.org/voc/recallStatus']).toBeDefined();
    expect(entry['https://gs1.org/voc/certificationInfo']).toBeUndefined();
  });
  it('is asked for by Accept or linkType=all', () => {
    expect(wantsLinkset(LINKSET_MEDIA_TYPE, undefined)).toBe(true);
    expect(wantsLinkset('text/html', 'all')).toBe(true);
    expect(wantsLinkset('text/html', undefined)).toBe(false);
  });
});
