import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { answerWith, askedParts, loadQa, type AskResult, type LoadedQa } from '../../src/app/qa-service.js';
import { normalizeText } from '../../src/corpus/normalize.js';
import { ingest } from '../../src/index/ingest.js';
import { extractFigures } from '../../src/knowledge/figures.js';
import { askedFigureKind, clauseKind } from '../../src/vocabulary/figure-kinds.js';
import { mentionsPeriod, samePeriod } from '../../src/vocabulary/periods.js';
import { looksLikeName } from '../../src/vocabulary/surnames.js';
import { citedDocs, expectWellFormed } from '../fixtures/answers.js';
import { makeWorkspace, type Workspace } from '../fixtures/index-workspace.js';

/**
 * Slots as constraints, over invented articles written for this test (hash embedder, offline): a
 * kind of figure, a year, a district, a meeting's ordinal or a second ask the evidence does not
 * match is declined or answered part by part, never answered with the nearest figure.
 */

const ARTICLES: Record<string, string[]> = {
  '801_pingan': [
    '平安经开区召开2023年工作会议',
    '2023-02-10 来源：平安日报',
    '2月9日,平安经开区召开2023年工作会议。党工委书记王建国主持会议并讲话,管委会主任李文华作工作报告。',
    '会议提出,2023年全区地区生产总值目标为320亿元,同比增长8%;一般公共预算收入目标为21亿元。',
    '会议指出,2022年全区预计完成地区生产总值296亿元,固定资产投资完成88亿元、同比增长11%,进出口总额增长3%,实际使用外资增长30%。',
    '王建国要求,要重点做好三方面工作。',
    '一是聚焦稳增长,经济调度要更加精准。',
    '二是聚焦抓项目,项目推进要更加有力。',
    '三是聚焦优环境,服务企业要更加用心。',
    '会议由区委第33次常委会议研究确定,会期四个半小时。',
  ],
  '804_jinshi': [
    '新区召开经济运行调度会',
    '10月20日上午,金石新区召开经济运行调度会,通报前三季度经济运行情况。金石新区党工委书记周立新主持会议。',
    '会议要求,为明年“项目浪潮年”打下坚实基础,以胜利的姿态开启2019年全新篇章。',
  ],
  '802_huaxi': [
    '华西区召开一季度经济运行分析会',
    '2024-04-12 来源：华西区融媒体中心',
    '4月11日,华西区召开一季度经济运行分析会,区长赵明主持会议。',
    '一季度,全区完成地区生产总值98.6亿元,同比增长6.2%。',
  ],
};

async function expectDeclined(qa: LoadedQa, question: string): Promise<AskResult> {
  const a = await answerWith(qa, question);
  expectWellFormed(a);
  expect(a.abstained, a.answer).toBe(true);
  return a;
}

async function expectAnswer(qa: LoadedQa, question: string, facts: string[], doc: string): Promise<AskResult> {
  const a = await answerWith(qa, question);
  expectWellFormed(a);
  expect(a.abstained, a.answer).toBe(false);
  for (const f of facts) expect(normalizeText(a.answer), a.answer).toContain(f);
  expect(citedDocs(a)).toContain(doc);
  return a;
}

describe('kinds of figure, periods and names: the vocabulary', () => {
  it('a figure is a target, an estimate or a result, by the words around it', () => {
    const figures = extractFigures(normalizeText(ARTICLES['801_pingan'].slice(3, 5).join('\n')), 'x#0', '2023');
    const kind = (value: number) => figures.find((f) => f.value === value)?.kind;
    expect(kind(320)).toBe('target');
    expect(kind(296)).toBe('estimate');
    expect(kind(88)).toBe('result');
  });

  it('a growth rate belongs to the figure before it only when nothing else stands between', () => {
    const figures = extractFigures(normalizeText(ARTICLES['801_pingan'][4]), 'x#0', '2023');
    expect(figures.find((f) => f.value === 88)?.growth).toBe('11%');
    expect(figures.some((f) => f.growth === '30%' && f.value === 88)).toBe(false);
  });

  it('questions say which kind they want, or leave it open', () => {
    expect(askedFigureKind('GDP目标是多少')).toBe('target');
    expect(askedFigureKind('预计完成多少')).toBe('estimate');
    expect(askedFigureKind('实际完成多少')).toBe('result');
    expect(askedFigureKind('预计增长目标是多少')).toBeNull();
    expect(askedFigureKind('GDP是多少')).toBeNull();
    // 可望达到 is an estimate, as 预计 is.
    expect(askedFigureKind('实际引资总额可望达到多少')).toBe('estimate');
    expect(clauseKind(['全年实际引资总额可望达到361亿元'], 0)).toBe('estimate');
  });

  it('each number’s kind is its own clause’s, or the nearest cue before it in the sentence', () => {
    const clauses = (s: string) => s.split(/[,，;；。]/);
    const s1 = clauses('完成固定资产投资210亿元,增长25%;完成财税收入21.89亿元,2018年力争财税收入增长15%');
    expect(clauseKind(s1, 2)).toBe('result');
    expect(clauseKind(s1, 3)).toBe('target');
    const s2 = clauses('今年的目标是:地区生产总值增长8%,固定资产投资增长10%');
    expect(clauseKind(s2, 1)).toBe('target');
    expect(clauseKind(clauses('预计完成地区生产总值440亿元'), 0)).toBe('estimate');
    expect(clauseKind(clauses('超额完成年初目标任务,增长12%'), 1)).toBe('result');
    // A quoted list the sentence then calls its targets.
    const quoted = clauses('提出要紧紧围绕“地区生产总值增长7%,固定资产投资超1100亿元、增长25%”的年度发展目标');
    expect(clauseKind(quoted, 1)).toBe('target');
  });

  it('a period matches in any spelling', () => {
    expect(mentionsPeriod('1-6月份,全区完成', '上半年')).toBe(true);
    expect(mentionsPeriod('上半年,全区完成', '1-6月')).toBe(true);
    expect(mentionsPeriod('11-6月', '1-6月')).toBe(false);
    expect(samePeriod('一季度', '1-3月')).toBe(true);
    expect(normalizeText('1至6月')).toBe('1-6月');
  });

  it('a name starts with a surname', () => {
    expect(looksLikeName('王建国')).toBe(true);
    expect(looksLikeName('皮涛')).toBe(true);
    expect(looksLikeName('会专题')).toBe(false);
  });

  it('several asks in one message are parts; one ask with a comma is not', () => {
    expect(askedParts('西咸新区前三季度增速是多少?规上工业总产值达到多少?')).toEqual(['西咸新区前三季度增速是多少?', '规上工业总产值达到多少?']);
    expect(askedParts('银川经开区奖励了多少家企业，奖励资金多少？')).toEqual(['银川经开区奖励了多少家企业', '奖励资金多少？']);
    expect(askedParts('岳阳经开区今年的GDP目标是多少？')).toEqual(['岳阳经开区今年的GDP目标是多少？']);
    expect(askedParts('岳阳经开区和萍乡经开区的会议分别由谁主持？')).toHaveLength(1);
  });
});

describe('slots as constraints, on invented articles', () => {
  let ws: Workspace;
  let qa: LoadedQa;

  beforeAll(async () => {
    ws = await makeWorkspace('woyaowen-constraints-');
    for (const [id, lines] of Object.entries(ARTICLES)) await writeFile(path.join(ws.corpusDir, `${id}.txt`), lines.join('\n'));
    await ingest({ config: ws.config });
    qa = await loadQa(ws.config);
  }, 60_000);
  afterAll(() => ws?.cleanup());

  it('a target question gets the target, never the estimate', async () => {
    const a = await expectAnswer(qa, '平安经开区2023年GDP目标是多少？', ['320亿元'], '801_pingan');
    expect(a.answer).not.toContain('296');
  });

  it('a target the articles do not set is declined, not answered with an estimate or a result', async () => {
    const a = await expectDeclined(qa, '平安经开区2022年固定资产投资目标是多少？');
    expect(a.answer).not.toMatch(/88亿|296亿/);
  });

  it('a year the article does not report is declined', async () => {
    await expectDeclined(qa, '华西区2021年一季度地区生产总值是多少？');
    await expectAnswer(qa, '华西区2024年一季度地区生产总值是多少？', ['98.6亿元'], '802_huaxi');
  });

  it('a district no article speaks of is declined; one the articles name is answered from them', async () => {
    await expectDeclined(qa, '九龙坡区一季度地区生产总值是多少？');
    await expectAnswer(qa, '华西区一季度经济运行分析会谁主持的？', ['赵明'], '802_huaxi');
  });

  it('an undated report that names next year (明年…2019年) is of the year before', async () => {
    await expectAnswer(qa, '金石新区2018年10月20日的经济运行调度会谁主持的？', ['周立新'], '804_jinshi');
    await expectDeclined(qa, '金石新区2016年10月20日的经济运行调度会谁主持的？');
  });

  it('a meeting’s ordinal the evidence does not share is declined', async () => {
    await expectDeclined(qa, '平安经开区第35次常委会议研究了什么？');
  });

  it('announced items are given whole', async () => {
    const a = await answerWith(qa, '王建国要求重点做好哪三方面工作？');
    for (const item of ['稳增长', '抓项目', '优环境']) expect(a.answer).toContain(item);
  });

  it('another type of zone in the same place is another zone: 平安高新区 is not 平安经开区', async () => {
    const a = await expectDeclined(qa, '平安高新区2023年GDP目标是多少？');
    expect(a.answer).not.toContain('320');
  });

  it('a zone’s bare place name that is also a word (平安祥和) does not bring in other articles', async () => {
    const a = await answerWith(qa, '平安经开区的区长是谁？');
    expect(a.answer).not.toContain('何朝晖');
  });

  it('a second part about whoever the first names is declined when the first finds no one', async () => {
    const a = await answerWith(qa, '平安经开区的区长是谁？在2023年工作会议上讲了什么？');
    expect(a.answer).toContain('资料中没有找到前一问所问的人');
    expect(a.answer).not.toContain('稳增长');
  });

  it('two roles asked are both answered; two asks in one message each get their part', async () => {
    const a = await expectAnswer(qa, '平安经开区2023年工作会议谁主持，谁作工作报告？', ['王建国', '李文华'], '801_pingan');
    expect(a.answer.indexOf('王建国')).toBeLessThan(a.answer.indexOf('李文华'));
    const b = await expectAnswer(qa, '平安经开区2023年GDP目标是多少？一般公共预算收入目标是多少？', ['320亿元', '21亿元'], '801_pingan');
    expect(b.answer).toContain('【');
  });

  it('how long needs a duration', async () => {
    await expectAnswer(qa, '平安经开区那次会议开了多久？', ['四个半小时'], '801_pingan');
    await expectDeclined(qa, '华西区一季度经济运行分析会开了多久？');
  });
});

describe('a bare place name followed by 区 is another place', () => {
  let ws: Workspace;
  let qa: LoadedQa;
  beforeAll(async () => {
    ws = await makeWorkspace('woyaowen-bare-place-');
    await writeFile(path.join(ws.corpusDir, '803_lingang.txt'), ['临港新片区召开三季度工作会议', '2024-07-17 来源：临港新片区', '7月17日,临港新片区召开三季度工作会议。党工委书记陈某主持会议并讲话。', '上半年,新片区规模工业总产值同比增长26%。'].join('\n'));
    await ingest({ config: ws.config });
    qa = await loadQa(ws.config);
  }, 60_000);
  afterAll(() => ws?.cleanup());

  it('临港区 is not 临港新片区: declined, never answered with the other zone’s chair', async () => {
    const a = await expectDeclined(qa, '临港区2024年半年工作总结会议由谁主持？');
    expect(a.answer).not.toContain('陈某');
    await expectAnswer(qa, '临港新片区三季度工作会议由谁主持？', ['陈某'], '803_lingang');
  });

  it('an amount asked is not answered with a growth rate alone', async () => {
    await expectDeclined(qa, '临港新片区上半年规模工业总产值是多少？');
    await expectAnswer(qa, '临港新片区上半年规模工业总产值增长多少？', ['26%'], '803_lingang');
  });
});

describe('indicator names', () => {
  it('the zone that grew and the word of growth are not part of the indicator', () => {
    const figures = extractFigures(normalizeText('经济指标方面,上半年青岛高新区GDP增长5.5%,增速位居全市第一;规上工业增加值增长11.7%。'), 'x#0', '2020');
    expect(figures.map((f) => f.indicator)).toEqual(['GDP', '规上工业增加值']);
  });
});

describe('ordinals in both spellings', () => {
  it('第3次 is 第三次, 第13次 is 第十三次, 第五届 is 第5届', async () => {
    const { ordinalForms } = await import('../../src/vocabulary/ordinals.js');
    expect(ordinalForms('第3次')).toContain('第三次');
    expect(ordinalForms('第十三次')).toContain('第13次');
    expect(ordinalForms('第二十次')).toContain('第20次');
    expect(ordinalForms('第五届')).toContain('第5届');
  });
});
