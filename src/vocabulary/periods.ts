/**
 * Parts of a year as reports and questions write them. The same period has several spellings
 * (上半年 = 1-6月 = 1至6月份; 一季度 = 第一季度 = 1-3月 = 首季), and a question written one way must
 * match an article written another.
 */
const EQUIVALENT: string[][] = [
  ['一季度', '第一季度', '1-3月', '首季'],
  ['二季度', '第二季度', '4-6月'],
  ['三季度', '第三季度', '7-9月'],
  ['四季度', '第四季度', '10-12月'],
  ['上半年', '1-6月'],
  ['下半年', '7-12月'],
  ['前三季度', '1-9月'],
  ['全年', '1-12月'],
];

/** How people say a period when they talk (头六个月, 前三个季度), and the reports' word for it. */
export const SPOKEN_PERIODS: [RegExp, string][] = [
  [/(?:头|前)(?:六|6)个月|年中(?=那|的|时|召开|开)/g, '上半年'],
  [/(?:头|前)(?:三|3)个月|第一个季度/g, '一季度'],
  [/前(?:三|3)个季度|(?:头|前)(?:九|9)个月/g, '前三季度'],
];

/** The spellings of the period `p` (itself first); a month range keeps its own form too. */
export function periodForms(p: string): string[] {
  const group = EQUIVALENT.find((g) => g.includes(p));
  return group ? [p, ...group.filter((f) => f !== p)] : [p];
}

/** Whether `text` speaks of the period `p` in any of its spellings (1-6月份 speaks of 上半年). */
export function mentionsPeriod(text: string, p: string): boolean {
  return periodForms(p).some((f) => {
    if (!/^\d/.test(f)) return text.includes(f);
    // 1-6月 must not be read inside 11-6月 or 1-6月12日.
    return new RegExp(`(?<!\\d)${f.replace('-', '\\s*-\\s*')}(?:份)?`).test(text);
  });
}

/** Whether two period names denote the same period. */
export function samePeriod(a: string, b: string): boolean {
  return a === b || periodForms(a).includes(b);
}

/** A part of a year (上半年, 一季度, 1-6月, 5月份): its figures are not the whole year's. */
export const PART_OF_YEAR = /上半年|下半年|[一二三四]季度|前三季度|\d{1,2}-\d{1,2}月|\d{1,2}月份/;
