/**
 * Pure helpers of the lookup log: how coarse a place is kept, which county it falls in, and when a pattern of
 * lookups suggests a copied code (issue 8: "the same serial looked up in places or at times that cannot both be
 * true").
 */

/** A place is kept to 0.1° (≈ 11 km): enough for county statistics, too coarse to find a shopper's home. */
export const PLACE_PRECISION = 0.1;

/** Rounds a coordinate pair to {@link PLACE_PRECISION}, or null when it is not a plausible WGS 84 position. */
export function coarsePlace(lat: unknown, lon: unknown): { lat: number; lon: number } | null {
  const a = typeof lat === 'string' ? Number(lat) : lat;
  const o = typeof lon === 'string' ? Number(lon) : lon;
  if (typeof a !== 'number' || typeof o !== 'number' || !Number.isFinite(a) || !Number.isFinite(o))
    return null;
  if (a < -90 || a > 90 || o < -180 || o > 180) return null;
  const round = (v: number) => Math.round(v / PLACE_PRECISION) / (1 / PLACE_PRECISION);
  return { lat: round(a), lon: round(o) };
}

/**
 * Seats of Ji'an's county-level divisions (GB/T 2260 codes as seeded). NOTE: approximate coordinates of each seat
 * (±5 km), used only to name the county nearest a 0.1° place; they are not survey data.
 */
export const COUNTY_SEATS: readonly { code: string; lat: number; lon: number }[] = [
  { code: '360802', lat: 27.11, lon: 114.99 }, // 吉州区
  { code: '360803', lat: 27.08, lon: 115.03 }, // 青原区
  { code: '360821', lat: 27.04, lon: 114.9 }, // 吉安县
  { code: '360822', lat: 27.23, lon: 115.13 }, // 吉水县
  { code: '360823', lat: 27.58, lon: 115.32 }, // 峡江县
  { code: '360824', lat: 27.74, lon: 115.39 }, // 新干县
  { code: '360825', lat: 27.32, lon: 115.44 }, // 永丰县
  { code: '360826', lat: 26.79, lon: 114.91 }, // 泰和县
  { code: '360827', lat: 26.31, lon: 114.52 }, // 遂川县
  { code: '360828', lat: 26.46, lon: 114.79 }, // 万安县
  { code: '360829', lat: 27.39, lon: 114.62 }, // 安福县
  { code: '360830', lat: 26.94, lon: 114.24 }, // 永新县
  { code: '360881', lat: 26.75, lon: 114.29 }, // 井冈山市
];

/** Places farther than this from every seat are outside the city (no county). */
const MAX_SEAT_DISTANCE_KM = 45;

/** Great-circle distance in km (haversine, mean Earth radius 6371 km). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The county-level division whose seat is nearest a place, or null outside the city. */
export function countyOf(place: { lat: number; lon: number }): string | null {
  let best: { code: string; d: number } | null = null;
  for (const seat of COUNTY_SEATS) {
    const d = distanceKm(place, seat);
    if (!best || d < best.d) best = { code: seat.code, d };
  }
  return best && best.d <= MAX_SEAT_DISTANCE_KM ? best.code : null;
}

/**
 * Speed above which two lookups of one serial cannot be the same item carried by one person: faster than a
 * high-speed train (China's run at ≤ 350 km/h) once the rounding of places is allowed for.
 */
export const IMPOSSIBLE_SPEED_KMH = 400;
/** Two places closer than this may be the same place after rounding; never a contradiction. */
const SAME_PLACE_KM = 30;

/**
 * Whether lookups of one item-level code contradict each other: two lookups whose distance could not have been
 * covered in the time between them. Class-level codes (a GTIN, a lot) are printed on many items, so callers
 * apply this to item-level codes only.
 */
export function looksCopied(placed: readonly { at: number; lat: number; lon: number }[]): boolean {
  const sorted = [...placed].sort((a, b) => a.at - b.at);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    const km = distanceKm(prev, cur);
    if (km <= SAME_PLACE_KM) continue;
    const hours = Math.max(cur.at - prev.at, 1) / 3_600_000;
    if (km / hours > IMPOSSIBLE_SPEED_KMH) return true;
  }
  return false;
}
