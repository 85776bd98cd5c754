import { describe, expect, it } from 'vitest';
import { insideChina } from './geo.js';

describe('insideChina', () => {
  it.each([
    ["Ji'an city centre", 27.11, 114.99],
    ['Suichuan tea hills', 26.31, 114.52],
    ['Beijing', 39.9, 116.4],
    ['Urumqi', 43.8, 87.6],
    ['Lhasa', 29.65, 91.1],
    ['Harbin', 45.75, 126.65],
    ['Haikou', 20.03, 110.33],
    ['Kunming', 25.04, 102.71],
  ])('accepts %s', (_name, lat, lon) => {
    expect(insideChina(lat, lon)).toBe(true);
  });

  it.each([
    ['the null island', 0, 0],
    ['Paris', 48.85, 2.35],
    ['Tokyo', 35.68, 139.69],
    ['Ulaanbaatar', 47.92, 106.92],
    ['Hanoi', 21.03, 105.85],
    ['Seoul', 37.57, 126.98],
    ["Ji'an with latitude and longitude swapped", 114.99, 27.11],
    ['New Delhi', 28.61, 77.21],
    ['not a number', Number.NaN, 114],
  ])('rejects %s', (_name, lat, lon) => {
    expect(insideChina(lat, lon)).toBe(false);
  });
});
