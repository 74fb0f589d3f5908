import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/article.js';
import { chunkArticle } from '../../src/corpus/passages.js';
import { figureLine } from '../../src/knowledge/brief-book.js';
import { buildBriefs } from '../../src/knowledge/briefs.js';
import { extractFigures, formatValue, type Figure } from '../../src/knowledge/figures.js';

/**
 * Figures as the articles write them: A、B、C分别增长x%、y%、z% with growth only, the older form
 * with a value for each, and targets introduced by a year (2023年…目标) or a verb (对照…目标).
 */

const figures = (text: string, year: string | null = '2023') => extractFigures(text, 'p#0', year);
const byIndicator = (list: Figure[], indicator: string) => list.filter((f) => f.indicator === indicator);

describe('A、B、C分别增长 with growth only', () => {
  const HENGYANG =
    '上半年,衡阳高新区实现地区生产总值168.5亿元,同比增长6.9%;规模工业增加值、固定资产投资、社会消费品零售总额分别增长8.4%、10.2%、5.6%;完成税收收入18.3亿元,同比增长4.7%。';
  const found = figures(HENGYANG);

  it('gives one value-less figure per listed indicator, each with its own growth', () => {
    const growthOnly = found.filter((f) => f.value === null);
    expect(growthOnly.map((f) => [f.indicator, f.growth])).toEqual([
      ['规模工业增加值', '8.4%'],
      ['固定资产投资', '10.2%'],
      ['社会消费品零售总额', '5.6%'],
    ]);
    for (const f of growthOnly) {
      expect(f.unit).toBe('');
      expect(f.kind).toBe('result');
      // 上半年 governs the list; the article's year resolves it.
      expect(f.period).toBe('2023年上半年');
      expect(f.passageId).toBe('p#0');
    }
  });

  it('keeps the valued GDP and tax figures, with their own growth, besides the three', () => {
    expect(found).toHaveLength(5);
    const gdp = found.find((f) => f.indicator.includes('地区生产总值'));
    expect(gdp).toMatchObject({ value: 168.5, unit: '亿元', growth: '6.9%', period: '2023年上半年', kind: 'result' });
    const [tax] = byIndicator(found, '税收收入');
    expect(tax).toMatchObject({ value: 18.3, unit: '亿元', growth: '4.7%', period: '2023年上半年', kind: 'result' });
    // The list's rates are not given to the valued figures around it.
    expect(found.filter((f) => f.value !== null).map((f) => f.growth)).toEqual(['6.9%', '4.7%']);
  });

  it('leaves the period unresolved when the article has no year', () => {
    const growthOnly = figures(HENGYANG, null).filter((f) => f.value === null);
    expect(growthOnly).toHaveLength(3);
    for (const f of growthOnly) expect(f.period).toBe('上半年');
  });

});

describe('a period written in the same clause as the list', () => {
  // Articles often open the list with its period and no comma: 2022年全区A、B分别增长…. The
  // digits of the period are not values that would make it the older, valued form.
  it.each([
    ['2022年全区规模工业增加值、固定资产投资分别增长8.4%、10.2%。', '2022年'],
    ['1-6月份全区规模工业增加值、固定资产投资分别增长8.4%、10.2%。', '2023年1-6月份'],
  ])('%s → two growth-only figures for %s', (text, period) => {
    expect(figures(`会议通报,${text}`).map((f) => [f.indicator, f.value, f.growth, f.period])).toEqual([
      ['规模工业增加值', null, '8.4%', period],
      ['固定资产投资', null, '10.2%', period],
    ]);
  });

  it('去年 is the year before the article’s, and not part of the indicator', () => {
    // Otherwise an answer states last year's growth as this year's (2023年固定资产投资同比增长10.2%).
    const found = figures('会议通报,去年全区规模工业增加值、固定资产投资分别增长8.4%、10.2%。');
    expect(found.map((f) => [f.indicator, f.growth])).toEqual([
      ['规模工业增加值', '8.4%'],
      ['固定资产投资', '10.2%'],
    ]);
    for (const f of found) expect(f.period).toBe('2022年');
  });
});

describe('the older form: each indicator with its value, then 同比分别增长', () => {
  const found = figures('上半年,全区完成规模工业总产值100亿元、固定资产投资20亿元、社会消费品零售总额30亿元,同比分别增长8.4%、10.2%、5.6%。');

  it('maps the rates onto the valued figures in order', () => {
    expect(found.map((f) => [f.indicator, f.value, f.unit, f.growth])).toEqual([
      ['规模工业总产值', 100, '亿元', '8.4%'],
      ['固定资产投资', 20, '亿元', '10.2%'],
      ['社会消费品零售总额', 30, '亿元', '5.6%'],
    ]);
  });

  it('adds no value-less figure', () => {
    expect(found.filter((f) => f.value === null)).toEqual([]);
  });
});

describe('targets introduced by a year or a verb', () => {
  it('2023年全区地区生产总值目标为320亿元 → 地区生产总值目标, a target, the year as its period', () => {
    const [f, ...rest] = figures('会议明确,2023年全区地区生产总值目标为320亿元');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ indicator: '地区生产总值目标', value: 320, unit: '亿元', kind: 'target', period: '2023年' });
  });

  it('全区上下要对照全年地区生产总值目标360亿元 → the indicator starts after 对照', () => {
    const [f, ...rest] = figures('全区上下要对照全年地区生产总值目标360亿元');
    expect(rest).toEqual([]);
    expect(f.indicator).toBe('地区生产总值目标');
    expect(f.indicator).not.toContain('上下要对照');
    expect(f).toMatchObject({ value: 360, unit: '亿元', kind: 'target', period: '2023年全年' });
  });
});

describe('a value-less figure in briefs and answers', () => {
  it('formatValue of a value-less figure is empty; of a valued one, value and unit', () => {
    expect(formatValue({ value: null, unit: '' })).toBe('');
    expect(formatValue({ value: 168.5, unit: '亿元' })).toBe('168.5亿元');
  });

  it('the brief keeps the growth-only figures, and its line states the growth without a value', () => {
    const text = [
      '衡阳高新区召开上半年经济运行分析会',
      '2023-07-20 10:00',
      '来源：衡阳日报',
      '7月19日,衡阳高新区召开上半年经济运行分析会。上半年,衡阳高新区实现地区生产总值168.5亿元,同比增长6.9%;规模工业增加值、固定资产投资、社会消费品零售总额分别增长8.4%、10.2%、5.6%。',
    ].join('\n');
    const article = parseArticle('901_hengyang', text);
    const [brief] = buildBriefs([article], chunkArticle(article));
    const [investment] = byIndicator(brief.figures, '固定资产投资');
    expect(investment).toMatchObject({ value: null, growth: '10.2%', period: '2023年上半年' });
    expect(figureLine(investment)).toBe('2023年上半年固定资产投资同比增长10.2%');
    expect(figureLine(investment)).not.toMatch(/null|为/);
  });
});
