import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQaService } from '../../src/app/qa-service.js';
import { normalizeText } from '../../src/corpus/normalize.js';
import type { Answer, QaService } from '../../src/qa/types.js';
import { makeWorkspace, SEED_IDS, type Workspace } from '../fixtures/index-workspace.js';
import { citedDocs, expectWellFormed } from '../fixtures/answers.js';

/**
 * What a question is about, on the five seed articles (hash embedder, offline): a person no
 * article names is a "not found" even when the rest of the question matches; how people ask
 * (叫什么名字, 让大家, 讲的…是哪五量) does not make a question look unanswered; and no answer is
 * ever empty.
 */

const [XIANGJIANG_REVIEW, , PINGXIANG, XIANGJIANG_GROUP, TIANMEN] = SEED_IDS;

let ws: Workspace;
let service: QaService;

beforeAll(async () => {
  ws = await makeWorkspace('woyaowen-scope-');
  service = await createQaService(ws.config);
});
afterAll(() => ws?.cleanup());

async function expectAnswer(question: string, facts: string[], docs: string[]): Promise<Answer> {
  const a = await service.ask(question);
  expectWellFormed(a);
  expect(a.abstained, a.answer).toBe(false);
  const text = normalizeText(a.answer);
  for (const f of facts) expect(text, a.answer).toContain(f);
  for (const d of docs) expect(citedDocs(a)).toContain(d);
  return a;
}

async function expectAbstention(question: string, named?: string): Promise<Answer> {
  const a = await service.ask(question);
  expectWellFormed(a);
  expect(a.abstained, a.answer).toBe(true);
  expect(normalizeText(a.answer)).toMatch(/^资料中没有找到/);
  if (named) expect(normalizeText(a.answer)).toContain(named);
  return a;
}

describe('a person no article names', () => {
  it('黄志刚在萍乡经开区推进会上讲了什么 → not found, naming 黄志刚', async () => {
    const a = await expectAbstention('黄志刚在萍乡经开区推进会上讲了什么', '黄志刚');
    expect(a.answer).toMatch(/^资料中没有找到关于“黄志刚”/);
    // What 杨博 said at that meeting is not passed off as 黄志刚's.
    expect(a.answer).not.toContain('项目为王');
    expect(a.answer).not.toContain('强调');
  });

  it('黃志剛在萍鄉經開區推進會上講了什麼 → not found, in traditional script', async () => {
    const a = await expectAbstention('黃志剛在萍鄉經開區推進會上講了什麼', '黄志刚');
    expect(a.answer).toMatch(/^資料中沒有找到/);
  });

  it('杨博在萍乡经开区推进会上讲了什么 → answered: the articles do name 杨博', async () => {
    const a = await expectAnswer('杨博在萍乡经开区推进会上讲了什么', ['杨博'], [PINGXIANG]);
    expect(citedDocs(a)).toEqual([PINGXIANG]);
  });
});

describe('colloquial phrasing is answered', () => {
  it('11月去湘江新区调研的长沙市委书记叫什么名字 → 吴桂英', async () => {
    const a = await expectAnswer('11月去湘江新区调研的长沙市委书记叫什么名字', ['吴桂英'], [XIANGJIANG_GROUP]);
    // The first line names her.
    expect(a.answer.split('\n')[0]).toContain('吴桂英');
  });

  it('杨博让大家牢固树立什么理念 → 项目为王', async () => {
    const a = await expectAnswer('杨博让大家牢固树立什么理念', ['项目为王'], [PINGXIANG]);
    expect(citedDocs(a)).toEqual([PINGXIANG]);
  });

  it('易先荣讲的“五量并重”是哪五量 → 稳常量, 挖存量, …', async () => {
    const a = await expectAnswer('易先荣讲的“五量并重”是哪五量', ['稳常量'], [TIANMEN]);
    expect(citedDocs(a)).toEqual([TIANMEN]);
    for (const part of ['挖存量', '培增量', '激变量', '扩总量']) expect(normalizeText(a.answer)).toContain(part);
  });
});

describe('questions the articles do not answer still abstain', () => {
  it('湘江新区有多少家上市公司？ → not found, naming 上市公司', async () => {
    const a = await expectAbstention('湘江新区有多少家上市公司？', '上市公司');
    // The closest articles are the 湘江新区 ones.
    expect(a.answer).toContain('最接近的文章');
    expect(a.retrieved.map((r) => r.docId)).toContain(XIANGJIANG_REVIEW);
  });

  it('明天长沙会下雨吗 → not found', async () => {
    await expectAbstention('明天长沙会下雨吗');
  });

  it('北京亦庄经开区的主任是谁？ → not found, naming 北京亦庄经开区', async () => {
    const a = await expectAbstention('北京亦庄经开区的主任是谁？', '北京亦庄经开区');
    // Another zone's 管委会主任 is not an answer.
    expect(a.answer).not.toContain('谢春生');
  });
});

describe('no answer is ever empty', () => {
  it.each([
    '岳阳经开区和萍乡经开区那两个会，分别是谁主持的？',
    '岳陽經開區和萍鄉經開區的會議分別由誰主持？',
    '黄志刚在萍乡经开区推进会上讲了什么',
    '杨博在萍乡经开区推进会上讲了什么',
    '11月去湘江新区调研的长沙市委书记叫什么名字',
    '杨博让大家牢固树立什么理念',
    '易先荣讲的“五量并重”是哪五量',
    '湘江新区有多少家上市公司？',
    '明天长沙会下雨吗',
    '北京亦庄经开区的主任是谁？',
  ])('%s', async (question) => {
    const a = await service.ask(question);
    expect(a.answer.trim()).not.toBe('');
    expectWellFormed(a);
  });
});
