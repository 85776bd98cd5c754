/**
 * Whether a WGS-84 point lies inside China. A coarse outline (a few dozen vertices drawn generously around the
 * land border and coast, plus boxes for Hainan, Taiwan and the South China Sea islands), so it rejects points
 * clearly abroad (a swapped latitude/longitude, a 0,0, a European default) but may misjudge a point within some
 * tens of kilometres of the border. NOTE: coordinates may be GCJ-02 (国测局) rather than WGS-84; the offset of a
 * few hundred metres does not matter at this resolution.
 */

// [longitude, latitude], clockwise from the north-east tip (黑瞎子岛) around the mainland.
const MAINLAND: ReadonlyArray<readonly [number, number]> = [
  [135.2, 48.6],
  [133.0, 45.0],
  [131.2, 42.6],
  [129.5, 42.2],
  [127.5, 41.3],
  [124.3, 39.6],
  [122.5, 38.9],
  [123.0, 37.3],
  [121.7, 32.0],
  [123.0, 30.0],
  [120.5, 26.3],
  [117.5, 23.0],
  [114.5, 21.9],
  [111.0, 20.8],
  [108.1, 21.3],
  [106.6, 22.2],
  [105.3, 23.1],
  [103.0, 22.3],
  [101.7, 21.0],
  [100.0, 21.4],
  [99.0, 22.0],
  [98.3, 24.0],
  [97.4, 24.0],
  [97.5, 25.5],
  [98.5, 27.6],
  [97.1, 28.3],
  [96.0, 29.3],
  [93.8, 27.6],
  [91.6, 27.7],
  [89.0, 27.0],
  [87.5, 27.7],
  [85.5, 28.1],
  [83.0, 29.0],
  [81.0, 30.0],
  [78.7, 31.2],
  [78.6, 32.6],
  [78.0, 35.6],
  [75.5, 36.3],
  [74.4, 37.2],
  [73.4, 39.4],
  [74.9, 40.6],
  [76.8, 41.1],
  [80.2, 42.2],
  [80.0, 44.9],
  [82.6, 45.3],
  [82.3, 46.9],
  [85.5, 47.2],
  [87.3, 49.3],
  [88.9, 48.1],
  [90.8, 46.5],
  [91.0, 45.2],
  [93.5, 44.9],
  [96.4, 42.7],
  [100.0, 42.7],
  [105.0, 41.7],
  [107.5, 42.5],
  [110.4, 42.8],
  [111.9, 43.8],
  [113.0, 44.8],
  [116.5, 46.4],
  [117.4, 46.6],
  [118.9, 46.8],
  [119.8, 47.3],
  [115.5, 47.8],
  [117.3, 49.7],
  [119.4, 50.4],
  [120.8, 52.6],
  [122.3, 53.6],
  [125.6, 53.2],
  [127.6, 50.0],
  [130.6, 49.0],
  [132.8, 47.8],
];

// [west, south, east, north]
const ISLANDS: ReadonlyArray<readonly [number, number, number, number]> = [
  [108.4, 17.9, 111.3, 20.3], // 海南岛
  [119.2, 21.7, 122.2, 25.5], // 台湾
  [111.0, 15.5, 113.0, 17.3], // 西沙群岛
  [111.4, 3.8, 117.0, 11.6], // 南沙群岛
];

function insidePolygon(lon: number, lat: number, poly: ReadonlyArray<readonly [number, number]>): boolean {
  // Ray casting (even-odd rule).
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether (latitude, longitude) lies inside China (coarse; see the file comment). */
export function insideChina(latitude: number, longitude: number): boolean {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return false;
  if (ISLANDS.some(([w, s, e, n]) => longitude >= w && longitude <= e && latitude >= s && latitude <= n))
    return true;
  return insidePolygon(longitude, latitude, MAINLAND);
}
