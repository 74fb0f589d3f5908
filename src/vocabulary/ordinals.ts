/** Ordinals of meetings as reports and questions write them: 第3次 or 第三次, 第五届 or 第5届. */
const DIGIT_NAMES = '〇一二三四五六七八九';

/** 第3次 and 第三次 (第13次, 第十三次): an ordinal in both its spellings. */
export function ordinalForms(ordinal: string): string[] {
  const m = /^第(.+)([次届])$/.exec(ordinal);
  if (!m) return [ordinal];
  const [, n, unit] = m;
  const chinese = (k: number) => (k < 10 ? DIGIT_NAMES[k] : `${k >= 20 ? DIGIT_NAMES[Math.floor(k / 10)] : ''}十${k % 10 ? DIGIT_NAMES[k % 10] : ''}`);
  const value = /^\d+$/.test(n) ? Number(n) : /^[一二三四五六七八九]?十?[一二三四五六七八九]?$/.test(n) ? (n.includes('十') ? (n.startsWith('十') ? 1 : DIGIT_NAMES.indexOf(n[0])) * 10 + (n.endsWith('十') ? 0 : DIGIT_NAMES.indexOf(n[n.length - 1])) : DIGIT_NAMES.indexOf(n)) : NaN;
  if (!Number.isInteger(value) || value <= 0 || value >= 100) return [ordinal];
  return [...new Set([ordinal, `第${value}${unit}`, `第${chinese(value)}${unit}`])];
}
