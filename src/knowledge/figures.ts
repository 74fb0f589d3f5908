import { splitSentences } from '../corpus/passages.js';
import { zoneMentions } from '../corpus/zone.js';
import { kindFromContext, type FigureKind } from '../vocabulary/figure-kinds.js';

export type { FigureKind };

export interface Figure {
  indicator: string;
  /** Null when only the growth is given (A、B、C分别增长x%、y%、z%). */
  value: number | null;
  unit: string;
  /** 全年, 上半年, 一季度, 1-4月份 … with 今年 resolved to the article's year when known. */
  period: string | null;
  /** Growth rate as written, e.g. 8.3%. */
  growth: string | null;
  /** A target set (目标, 力争, 确保), an estimate (预计), or a result reported. */
  kind: FigureKind;
  sentence: string;
  passageId: string;
}

const NUMBER_WITH_UNIT = /(\d+(?:\.\d+)?)\s*(亿美元|万美元|亿元|万元|元|万亿|亿|万|个|家|项|%|万人|人|万平方米|平方米|亩|公里|千米|吨|户|批)/g;
const PERIOD = /(全年|年度|上半年|下半年|前三季度|一季度|二季度|三季度|四季度|\d{1,2}-\d{1,2}月份?|\d{1,2}月份|今年|去年|上年|前年|(?:20|19)\d{2}年)/g;
const CLAUSE_BREAK = /[,，;；。:：(（)）“”"、]/;
// Words that start a clause but are not part of an indicator's name.
const LEADING = /^(?:(?:20|19)\d{2}年|去年|上年|前年|其中|全区|全市|全县|全省|全镇|我区|我市|累计|已经|已|共|计划|实现|完成|达到|达|铺排|突破|新增|力争|确保|全面|提出|的|了|和|及|并|为|总计|合计|同比|分别|今年|全年|年度|上半年|下半年|一季度|二季度|三季度|四季度|前三季度|\d{1,2}-\d{1,2}月份?)+/;
const TRAILING = /(?:过|超过|超|达到|达|为|是|约|近|逾|突破|实现|完成)+$/;
// Indicators measured in money: a count (2个千亿级台阶) is never their value.
const MONEY_INDICATOR = /生产总值|GDP|收入|投资|产值|税|消费|零售|总额|增加值|利润|营收|销售|出口|进口|外资|资金|金额|经济总量/i;
const MONEY_UNIT = /^(?:亿美元|万美元|亿元|万元|元|万亿|亿|万|%)$/;

function indicatorOf(clause: string): string {
  // 全区上下要对照全年地区生产总值目标: the indicator follows the verb that introduces it.
  let s = clause
    .trim()
    .replace(/^.*(?:对照|围绕|按照|紧盯|锚定|聚焦|瞄准|冲刺)/, '')
    // 衡阳高新区实现地区生产总值: the place that achieved it is not part of the indicator.
    .replace(/^[^,，]*?[区市县镇](?:实现|完成)(?!率)(?=..)/, '');
  let prev = '';
  while (s !== prev) {
    prev = s;
    s = s.replace(LEADING, '').replace(TRAILING, '').trim();
  }
  // 青岛高新区GDP增长5.5%: the zone that grew and the verb of growth are not the indicator's name.
  const zone = zoneMentions(s).find((m) => m.qualified);
  if (zone && s.startsWith(zone.name.slice(0, 2))) {
    const end = s.indexOf(zone.name.slice(-2)) + 2;
    if (end > 1 && end < s.length - 1) s = s.slice(end);
  }
  return s.replace(/(?:同比)?(?:增长|增速|增幅)$/, '') || s;
}

function lastPeriodBefore(sentence: string, at: number, fallback: string | null): string | null {
  let found: string | null = null;
  for (const m of sentence.slice(0, at).matchAll(PERIOD)) found = m[1];
  return found ?? fallback;
}

function resolvePeriod(period: string | null, year: string | null): string | null {
  if (!period) return null;
  if (!year) return period;
  if (period === '去年' || period === '上年') return `${Number(year) - 1}年`;
  if (period === '前年') return `${Number(year) - 2}年`;
  if (period === '今年' || period === '年度' || period === '全年') return `${year}年${period === '今年' ? '' : period === '年度' ? '年度' : '全年'}`.replace('年年', '年');
  if (/^(?:20|19)\d{2}年$/.test(period)) return period;
  return `${year}年${period}`;
}

/**
 * Numeric figures in a passage, each with the indicator named just before it, the period that
 * governs it, its growth rate, and whether it is a target or a result. `分别增长a、b、c` is mapped
 * back onto the figures listed before it.
 */
export function extractFigures(norm: string, passageId: string, year: string | null): Figure[] {
  const out: Figure[] = [];
  for (const paragraph of norm.split('\n')) {
    let periodCarry: string | null = null;
    let kindCarry: FigureKind | null = null;
    for (const sentence of splitSentences(paragraph)) {
      const inSentence: Figure[] = [];
      let segmentStart = 0;
      let lastEnd = 0;
      const respectively = /分别(?:增长|下降|提高|为)\s*((?:-?\d+(?:\.\d+)?%[、,和及]?\s*)+)/.exec(sentence);
      for (const m of sentence.matchAll(NUMBER_WITH_UNIT)) {
        const at = m.index!;
        if (respectively && at >= respectively.index && at < respectively.index + respectively[0].length) continue;
        const before = sentence.slice(0, at);
        // Growth rates belong to the figure before them, when nothing but the growth word stands
        // between (…220.4亿元,同比增长9%); 进出口总额增长3%,实际使用外资增长30% are figures of their own.
        if (m[2] === '%' && /(?:增长|下降|增速|增幅|提高)\s*$/.test(before) && inSentence.length && /^[,，、]?\s*(?:同比|比上年|较上年|比去年|较去年|分别)?\s*(?:增长|下降|增速|增幅|提高)\s*$/.test(sentence.slice(lastEnd, at))) {
          inSentence[inSentence.length - 1].growth = `${m[1]}%`;
          lastEnd = at + m[0].length;
          continue;
        }
        let start = before.length;
        while (start > 0 && !CLAUSE_BREAK.test(before[start - 1])) start--;
        const indicator = indicatorOf(before.slice(start));
        if (!indicator || indicator.length > 20 || /^\d/.test(indicator)) continue;
        const period = resolvePeriod(lastPeriodBefore(sentence, at, periodCarry), year) ?? (year ? `${year}年` : null);
        // A target is announced around its own figure (计划…, …的目标), not anywhere in the sentence.
        const rest = sentence.slice(at);
        const clauseEnd = rest.search(/[,，;；。]/);
        const around = sentence.slice(segmentStart, at) + (clauseEnd < 0 ? rest : rest.slice(0, clauseEnd));
        // 主要预期目标：A完成x；B完成y: a target named before a colon governs the items after it.
        // 围绕“GDP增长7%，投资超1100亿元”的年度发展目标: so does one named right after a quotation.
        const quoted = quotationAround(sentence, at);
        const afterQuote = quoted ? sentence.slice(quoted.end, quoted.end + 12) : '';
        const own = kindFromContext(around);
        const kind = own === 'result' && quoted && kindFromContext(afterQuote) !== 'result' ? kindFromContext(afterQuote) : kindCarry && own === 'result' ? kindCarry : own;
        if (MONEY_INDICATOR.test(indicator) && !MONEY_UNIT.test(m[2])) continue;
        segmentStart = at + m[0].length;
        lastEnd = at + m[0].length;
        inSentence.push({ indicator, value: Number(m[1]), unit: m[2], period, growth: null, kind, sentence, passageId });
      }
      if (respectively) {
        const rates = respectively[1].match(/-?\d+(?:\.\d+)?%/g) ?? [];
        const listed = listedIndicators(sentence.slice(0, respectively.index));
        const targets = inSentence.slice(-rates.length);
        if (listed.length === rates.length && !listed.every((name) => targets.some((f) => f.indicator === name))) {
          // The indicators are only named (A、B、C分别增长…): each gets its growth and no value.
          const period = resolvePeriod(lastPeriodBefore(sentence, respectively.index, periodCarry), year) ?? (year ? `${year}年` : null);
          listed.forEach((indicator, i) => inSentence.push({ indicator, value: null, unit: '', period, growth: rates[i], kind: 'result', sentence, passageId }));
        } else if (targets.length === rates.length) targets.forEach((f, i) => (f.growth = rates[i]));
      }
      out.push(...inSentence);
      // The carry lasts while items are separated by ；, and ends with the sentence (。).
      const announces = /(?:目标|计划|任务|预期)[^，,。]{0,10}[:：]/.exec(sentence);
      if (announces) kindCarry = kindFromContext(announces[0]);
      else if (/[。！？]$/.test(sentence)) kindCarry = null;
      const lastPeriod = lastPeriodBefore(sentence, sentence.length, null);
      if (lastPeriod) periodCarry = lastPeriod;
    }
  }
  return out;
}

/** The quotation (“…”) a position falls in, if any: where it ends. */
function quotationAround(sentence: string, at: number): { end: number } | null {
  const open = sentence.lastIndexOf('“', at);
  if (open < 0 || sentence.lastIndexOf('”', at) > open) return null;
  const close = sentence.indexOf('”', at);
  return close < 0 ? null : { end: close + 1 };
}

export function formatValue(f: Pick<Figure, 'value' | 'unit'>): string {
  return f.value === null ? '' : `${f.value}${f.unit}`;
}

/** The indicator names of a 、-list ending where the text ends: 规模工业增加值、固定资产投资、社会消费品零售总额. */
function listedIndicators(before: string): string[] {
  const clause = before.slice(Math.max(0, ...[...before.matchAll(/[,，;；。:：]/g)].map((m) => m.index! + 1)));
  // The list's own period (2022年全区…, 1-6月份…) is not a value.
  if (/\d/.test(clause.replace(PERIOD, ''))) return [];
  const names = clause.split('、').map(indicatorOf);
  return names.length >= 2 && names.every((n) => n.length >= 2 && n.length <= 12) ? names : [];
}
