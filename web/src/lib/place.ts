/**
 * The shopper's coarse place, only when they tick the box (remembered in localStorage). Rounded to 0.1° here
 * already, so a precise position never leaves the phone.
 */
const KEY = 'zs_share_place';

/** Whether the shopper chose to share an approximate place. */
export function sharesPlace(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

/** Remembers the choice. */
export function setSharesPlace(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? '1' : '0');
  } catch {
    // private mode: the choice lasts this page only
  }
}

/** `lat,lon` rounded to 0.1°, or null when not shared, refused or too slow (never blocks a lookup for long). */
export function coarsePosition(timeoutMs = 3000): Promise<string | null> {
  if (!sharesPlace() || !('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        clearTimeout(timer);
        const r = (v: number) => (Math.round(v * 10) / 10).toFixed(1);
        resolve(`${r(p.coords.latitude)},${r(p.coords.longitude)}`);
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
      { enableHighAccuracy: false, maximumAge: 600_000, timeout: timeoutMs },
    );
  });
}
