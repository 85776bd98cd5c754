/** The app's tiny router: the public pages need two paths, so the History API is enough (no router library). */
import { useEffect, useState } from 'react';

/** Navigates inside the app without a page load. */
export function navigate(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current path, updated on navigation. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const on = () => setPath(location.pathname);
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return path;
}

/** The address of a code's server-rendered page, with the coarse place when the shopper allowed it. */
export function storyUrl(code: string, near: string | null): string {
  return `/q/${encodeURIComponent(code)}${near ? `?near=${encodeURIComponent(near)}` : ''}`;
}
