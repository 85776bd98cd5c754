/**
 * What happens when the shopper submits a code (typed or scanned): a quick check that the server answers, then
 * the code's server-rendered page. The page itself explains invalid and unknown codes, so the app only has to
 * handle the cases the page cannot: the server unreachable, or this client over the rate limit.
 */

import { storyUrl } from './navigation.js';
import { coarsePosition } from './place.js';

/** Why a lookup could not open the page. */
export type LookupFailure = { kind: 'unreachable' } | { kind: 'rate-limited'; seconds: number };

/** Opens the story page of a code, or says why it cannot. */
export async function openStory(code: string): Promise<LookupFailure | null> {
  let res: Response;
  try {
    res = await fetch(`/api/public/codes/parse?code=${encodeURIComponent(code)}`, {
      headers: { accept: 'application/json' },
    });
  } catch {
    return { kind: 'unreachable' };
  }
  if (res.status === 429) {
    const seconds = Number(res.headers.get('retry-after') ?? '60');
    return { kind: 'rate-limited', seconds: Number.isFinite(seconds) ? seconds : 60 };
  }
  if (res.status >= 500) return { kind: 'unreachable' };
  location.assign(storyUrl(code, await coarsePosition()));
  return null;
}
