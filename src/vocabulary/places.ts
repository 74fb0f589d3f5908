/**
 * China's administrative places (provinces, cities, counties and districts) from a maintained
 * dataset, reduced to the cores people write before a zone type: 遂宁 for 遂宁市, 金湾 for 金湾区.
 * Zone grammar uses them to tell a place from a phrase (当前经开区 is no zone); outlets such as
 * 衢州日报 give the city of an article that names its zone without one.
 */
import { areaList } from '@vant/area-data';

const ZONE_ENTRY = /开发区|新区|园区|高新|试验区|实验区|合作区|示范区/;
const ADMIN_SUFFIX = /(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|地区|林区|省|市|盟|县|区|旗)$/;
const ETHNIC = /(?:[\u4e00-\u9fff]{1,4}?族)+$/;

let cores: Set<string> | null = null;
let cityCores: Set<string> | null = null;
let longest = 0;

function buildCores(): Set<string> {
  const out = new Set<string>();
  const lists = [areaList.province_list, areaList.city_list, areaList.county_list];
  for (const list of lists) {
    for (const name of Object.values(list)) {
      if (ZONE_ENTRY.test(name)) continue;
      const core = name.replace(ADMIN_SUFFIX, '');
      const plain = core.replace(ETHNIC, '');
      for (const c of [core, plain]) if (c.length >= 2) out.add(c);
    }
  }
  for (const c of out) longest = Math.max(longest, c.length);
  return out;
}

function placeCores(): Set<string> {
  cores ??= buildCores();
  return cores;
}

/** Every administrative place core (遂宁, 金湾, 湖南), for lookups by another key such as pinyin. */
export function placeCoreList(): string[] {
  return [...placeCores()];
}

/** Whether `text` is itself the core of an administrative place (遂宁, 金湾, 湖南). */
export function isPlaceCore(text: string): boolean {
  return placeCores().has(text);
}

/** The longest place core that `text` starts with at `at`, or null. */
export function placeCoreAt(text: string, at = 0): string | null {
  const set = placeCores();
  for (let len = Math.min(longest, text.length - at); len >= 2; len--) {
    const piece = text.slice(at, at + len);
    if (set.has(piece)) return piece;
  }
  return null;
}

/**
 * Where the place part of a zone's prefix starts: at the place core nearest the zone type, widened
 * to the place cores right before it (湖南湘江 → 0, 召开遂宁 → 2, 何建华主持召开安岳 → 安岳, not 建华),
 * or -1 when the prefix names no administrative place.
 */
export function placeStart(prefix: string): number {
  // The core reaching furthest toward the zone type, the longest of those (井冈山, not 冈山).
  let at = -1;
  let end = -1;
  for (let i = 0; i + 2 <= prefix.length; i++) {
    const core = placeCoreAt(prefix, i);
    if (core && i + core.length > end) {
      at = i;
      end = i + core.length;
    }
  }
  if (at < 0) return -1;
  // 四川遂宁, 广州市黄埔: a province or city written just before is part of the name.
  for (let moved = true; moved; ) {
    moved = false;
    for (let j = Math.max(0, at - 6); j < at; j++) {
      const core = placeCoreAt(prefix, j);
      if (core && j + core.length === at) {
        at = j;
        moved = true;
        break;
      }
    }
  }
  return at;
}

/**
 * Cores of the places called 市: municipalities, prefecture-level and county-level cities (天津,
 * 湖州, 北票). A text about 全市 or the 市政府 names its city by one of them, with or without 市.
 */
export function isCityCore(text: string): boolean {
  if (!cityCores) {
    cityCores = new Set<string>();
    for (const list of [areaList.province_list, areaList.city_list, areaList.county_list]) {
      for (const name of Object.values(list)) if (name.endsWith('市') && name.length >= 3) cityCores.add(name.slice(0, -1));
    }
  }
  return cityCores.has(text);
}
