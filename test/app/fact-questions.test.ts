import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWith, loadQa, type AskResult, type LoadedQa } from '../../src/app/qa-service.js';
import { normalizeText } from '../../src/corpus/normalize.js';
import { ingest } from '../../src/index/ingest.js';
import { makeWorkspace, SEED_IDS, syntheticArticle, type Workspace } from '../fixtures/index-workspace.js';
import { citedDocs, expectWellFormed } from '../fixtures/answers.js';

/**
 * Fact questions end to end (hash embedder, offline): an indicator asked under another name than
 * the article's (GDP for 地区生产总值), several indicators asked at once, meeting lists, who
 * proposed a phrase, a number asked about, a leader asked by title, and English function words.
 */

const [XIANGJIANG_REVIEW, YUEYANG, PINGXIANG, XIANGJIANG_GROUP] = SEED_IDS;

async function ask(qa: LoadedQa, question: string): Promise<AskResult> {
  const a = await answerWith(qa, question);
  expectWellFormed(a);
  return a;
}

/** The [n] numbers a line cites, as document ids. */
function docsOfLine(a: AskResult, line: string): string[] {
  return [...line.matchAll(/\[(\d+)\]/g)].map((m) => a.citations.find((c) => c.n === Number(m[1]))!.docId);
}

describe('an invented zone whose article writes 地区生产总值 and A、B分别增长', () => {
  const NINGYUAN = '005_ningyuan_economy';
  let ws: Workspace;
  let qa: LoadedQa;

  beforeAll(async () => {
    ws = await makeWorkspace('woyaowen-facts-ningyuan-');
    await writeFile(
      path.join(ws.corpusDir, `${NINGYUAN}.txt`),
      syntheticArticle({
        title: '宁远经开区召开上半年经济运行分析会',
        date: '2023-07-20',
        paragraphs: [
          '7月19日上午,宁远经开区召开上半年经济运行分析会,分析上半年经济运行情况,部署下半年重点工作。区党工委书记欧阳明主持会议并讲话。',
          '会议通报,上半年,全区规模工业增加值、固定资产投资分别增长8.4%、10.2%,园区新签约项目35个。',
          '会议明确,2023年全区地区生产总值目标为320亿元,全口径税收目标为21亿元,全区上下要咬定目标不放松。',
        ],
      }),
    );
    await ingest({ config: ws.config });
    qa = await loadQa(ws.config);
  });
  afterAll(() => ws?.cleanup());

  it('宁远经开区2023年GDP目标是多少？ → 320亿元, citing that article, the fact first', async () => {
    const a = await ask(qa, '宁远经开区2023年GDP目标是多少？');
    expect(a.abstained, a.answer).toBe(false);
    expect(citedDocs(a)).toEqual([NINGYUAN]);
    const first = normalizeText(a.answer.split('\n')[0]);
    expect(first).toContain('320亿元');
    expect(first).toContain('地区生产总值');
    // Not the tax target of the same sentence, and no seed zone's GDP.
    expect(first).not.toContain('21亿元');
  });

  it('宁远经开区规模工业增加值、固定资产投资分别增长多少？ → 8.4% and 10.2%, each with its indicator', async () => {
    const a = await ask(qa, '宁远经开区规模工业增加值、固定资产投资分别增长多少？');
    expect(a.abstained, a.answer).toBe(false);
    expect(citedDocs(a)).toEqual([NINGYUAN]);
    const text = normalizeText(a.answer);
    expect(text).toContain('8.4%');
    expect(text).toContain('10.2%');
    // One fact line per indicator asked, in the question's order.
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/规模工业增加值同比增长8\.4%/);
    expect(lines[1]).toMatch(/固定资产投资同比增长10\.2%/);
  });
});

describe('the five seed articles', () => {
  let ws: Workspace;
  let qa: LoadedQa;

  beforeAll(async () => {
    ws = await makeWorkspace('woyaowen-facts-seeds-');
    await ingest({ config: ws.config });
    qa = await loadQa(ws.config);
  });
  afterAll(() => ws?.cleanup());

  it('湘江新区2024年开过哪些会 → both 湘江 meetings, one line each, in date order', async () => {
    const a = await ask(qa, '湘江新区2024年开过哪些会');
    expect(a.abstained, a.answer).toBe(false);
    expect(citedDocs(a).sort()).toEqual([XIANGJIANG_REVIEW, XIANGJIANG_GROUP].sort());
    const lines = a.answer.split('\n');
    const review = lines.findIndex((l) => l.includes('讲评'));
    const group = lines.findIndex((l) => l.includes('协调小组'));
    expect(review, a.answer).toBeGreaterThanOrEqual(0);
    expect(group, a.answer).toBeGreaterThanOrEqual(0);
    // 2024-09-14 before 2024-11-13.
    expect(review).toBeLessThan(group);
    expect(lines[review]).toContain('2024-09-14');
    expect(lines[group]).toContain('2024-11-13');
    expect(docsOfLine(a, lines[review])).toEqual([XIANGJIANG_REVIEW]);
    expect(docsOfLine(a, lines[group])).toEqual([XIANGJIANG_GROUP]);
  });

  it('挂图作战是谁提的 → 文春方 and 杨博, each citing their own article', async () => {
    const a = await ask(qa, '挂图作战是谁提的');
    expect(a.abstained, a.answer).toBe(false);
    expect(citedDocs(a).sort()).toEqual([YUEYANG, PINGXIANG].sort());
    const lines = a.answer.split('\n');
    const wen = lines.find((l) => l.includes('文春方'));
    const yang = lines.find((l) => l.includes('杨博'));
    expect(wen, a.answer).toBeDefined();
    expect(yang, a.answer).toBeDefined();
    expect(wen).toContain('挂图作战');
    expect(yang).toContain('挂图作战');
    expect(docsOfLine(a, wen!)).toEqual([YUEYANG]);
    expect(docsOfLine(a, yang!)).toEqual([PINGXIANG]);
  });

  it('59个是什么 → 重大项目, citing 岳阳经开区', async () => {
    const a = await ask(qa, '59个是什么');
    expect(a.abstained, a.answer).toBe(false);
    expect(normalizeText(a.answer)).toMatch(/重大项目59个/);
    expect(citedDocs(a)).toContain(YUEYANG);
  });

  it('天门经济开发区管委会主任叫啥 → not found: no article names that office’s holder', async () => {
    const a = await ask(qa, '天门经济开发区管委会主任叫啥');
    expect(a.abstained, a.answer).toBe(true);
    expect(normalizeText(a.answer)).toMatch(/^资料中没有找到/);
    // Another zone's 管委会主任 is not passed off as 天门's.
    for (const other of ['谢春生', '何朝晖']) expect(a.answer).not.toContain(other);
  });

  it('岳麓区区长是谁 → 何朝晖, named with that title', async () => {
    const a = await ask(qa, '岳麓区区长是谁');
    expect(a.abstained, a.answer).toBe(false);
    const first = a.answer.split('\n')[0];
    expect(first).toContain('何朝晖');
    expect(first).toContain('岳麓区区长');
    expect(citedDocs(a)).toContain(XIANGJIANG_REVIEW);
  });

  it('By how much did Yueyang’s GDP grow in the first quarter? → 8.3%, “By” is no name', async () => {
    const a = await ask(qa, "By how much did Yueyang's GDP grow in the first quarter?");
    expect(a.abstained, a.answer).toBe(false);
    expect(a.answer).not.toMatch(/\bBy\b/i);
    expect(a.answer).toContain('8.3%');
    expect(citedDocs(a)).toContain(YUEYANG);
  });
});
