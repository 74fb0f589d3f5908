import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQaService, MAX_QUESTION_CHARS } from '../../src/app/qa-service.js';
import { UsageError } from '../../src/errors.js';
import type { Answer, QaService } from '../../src/qa/types.js';
import { makeWorkspace, SEED_IDS, type Workspace } from '../fixtures/index-workspace.js';
import { citedDocs } from '../fixtures/answers.js';

/**
 * Answers on the five seed articles through the service chat surfaces use, with the hash
 * embedder (offline). The questions are paraphrases written for this file, not the dev set's.
 */

const [XIANGJIANG_REVIEW, YUEYANG, PINGXIANG, XIANGJIANG_GROUP, TIANMEN] = SEED_IDS;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\ufeff]/;

let ws: Workspace;
let service: QaService;

beforeAll(async () => {
  ws = await makeWorkspace('woyaowen-answers-');
  service = await createQaService(ws.config);
});
afterAll(() => ws?.cleanup());

const ask = (question: string, history?: string[]) => service.ask(question, history ? { history } : {});
/** The contract every answer keeps, answered or not. */
function expectWellFormed(a: Answer): void {
  expect(a.mode).toBe('extractive');
  expect(typeof a.answer).toBe('string');
  expect(a.answer.trim()).not.toBe('');
  const used = [...a.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  const numbers = a.citations.map((c) => c.n);
  // Every [n] in the text has its citation, and every citation is used in the text.
  for (const n of used) expect(numbers).toContain(n);
  for (const n of numbers) expect(used).toContain(n);
  // Numbered 1..k in order of first appearance.
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  expect([...new Set(used)]).toEqual(numbers);
  for (const c of a.citations) {
    expect(SEED_IDS).toContain(c.docId);
    expect(c.passageId.startsWith(`${c.docId}#`)).toBe(true);
    expect(c.title.trim()).not.toBe('');
    expect(c.source?.trim()).toBeTruthy();
    expect(c.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(c.quote.trim()).not.toBe('');
  }
  for (const r of a.retrieved) expect(SEED_IDS).toContain(r.docId);
  if (a.abstained) {
    expect(a.citations).toEqual([]);
    expect(used).toEqual([]);
  } else {
    expect(a.citations.length).toBeGreaterThan(0);
  }
}

async function expectAnswer(question: string, facts: (string | RegExp)[], docs: string[], history?: string[]): Promise<Answer> {
  const a = await ask(question, history);
  expectWellFormed(a);
  expect(a.abstained, a.answer).toBe(false);
  for (const f of facts) {
    if (typeof f === 'string') expect(a.answer).toContain(f);
    else expect(a.answer).toMatch(f);
  }
  for (const d of docs) expect(citedDocs(a)).toContain(d);
  return a;
}

async function expectAbstention(question: string, history?: string[]): Promise<Answer> {
  const a = await ask(question, history);
  expectWellFormed(a);
  expect(a.abstained, a.answer).toBe(true);
  expect(a.answer).toMatch(/^(?:资料中没有找到|資料中沒有找到)/);
  return a;
}

describe('leader questions', () => {
  it('岳阳经开区的会议由谁主持？ → 谢春生, from the 岳阳 article', async () => {
    const a = await expectAnswer('岳阳经开区的会议由谁主持？', ['谢春生', '主持'], [YUEYANG]);
    expect(citedDocs(a)).toEqual([YUEYANG]);
    // The chair is not confused with the secretary who spoke.
    expect(a.answer.split('\n')[0]).not.toContain('文春方');
  });

  it('萍乡经开区推进会是谁主持的？ → 杨博, from the 萍乡 article', async () => {
    const a = await expectAnswer('萍乡经开区推进会是谁主持的？', ['杨博'], [PINGXIANG]);
    expect(citedDocs(a)).toEqual([PINGXIANG]);
  });

  it('天门的推进会由谁主持？ → 张华忠, not the secretary 易先荣', async () => {
    const a = await expectAnswer('天门的推进会由谁主持？', ['张华忠'], [TIANMEN]);
    expect(a.answer.split('\n')[0]).not.toContain('易先荣');
  });

  it('天门推进会上谁点评了项目拉练？ → 涂季 with his title', async () => {
    await expectAnswer('天门推进会上谁点评了项目拉练？', ['涂季', '常务副市长'], [TIANMEN]);
  });

  it('湘江新区党工委书记是谁？ → 谭勇', async () => {
    await expectAnswer('湘江新区党工委书记是谁？', ['谭勇'], [XIANGJIANG_REVIEW]);
  });
});

describe('target questions', () => {
  it('岳阳经开区一季度GDP是多少？ → 86.08亿元, with 今年 resolved to 2022', async () => {
    const a = await expectAnswer('岳阳经开区一季度GDP是多少？', ['86.08亿元', '2022年'], [YUEYANG]);
    expect(citedDocs(a)).toEqual([YUEYANG]);
    expect(a.answer).not.toContain('今年');
  });

  it('岳阳经开区全口径税收目标是多少？ → 40亿元', async () => {
    const a = await expectAnswer('岳阳经开区全口径税收目标是多少？', [/全口径税收[^\n]*40亿元/], [YUEYANG]);
    expect(a.answer.split('\n')[0]).not.toContain('440');
  });

  it('岳阳经开区1-4月份固投完成了多少？ → 49亿元 (固投 is 固定资产投资)', async () => {
    await expectAnswer('岳阳经开区1-4月份固投完成了多少？', ['49亿元', '固定资产投资'], [YUEYANG]);
  });

  it('岳阳经开区一季度项目开工率是多少？ → 100%', async () => {
    await expectAnswer('岳阳经开区一季度项目开工率是多少？', ['100%'], [YUEYANG]);
  });

  it('岳阳经开区规模工业增加值增速是多少？ → 11.7% (增速 is 增长)', async () => {
    await expectAnswer('岳阳经开区规模工业增加值增速是多少？', ['11.7%'], [YUEYANG]);
  });
});

describe('directive questions', () => {
  it('杨博强调要牢固树立什么理念？ → 项目为王', async () => {
    const a = await expectAnswer('杨博强调要牢固树立什么理念？', ['项目为王'], [PINGXIANG]);
    expect(citedDocs(a)).toEqual([PINGXIANG]);
  });

  it('易先荣要求以什么精神抓好落实？ → 钉钉子精神', async () => {
    await expectAnswer('易先荣要求以什么精神抓好落实？', ['钉钉子精神'], [TIANMEN]);
  });

  it('周海兵强调湘江新区要大力发展什么经济？ → 数字经济', async () => {
    await expectAnswer('周海兵强调湘江新区要大力发展什么经济？', ['数字经济'], [XIANGJIANG_GROUP]);
  });

  it('文春方要求坚持哪些导向？ → 目标导向', async () => {
    await expectAnswer('文春方要求坚持什么导向？', ['目标导向'], [YUEYANG]);
  });
});

describe('date questions', () => {
  it('湘江新区经济工作讲评会议是哪天召开的？ → 2024年9月14日', async () => {
    const a = await expectAnswer('湘江新区经济工作讲评会议是哪天召开的？', [/(?:2024年)?9月14日/], [XIANGJIANG_REVIEW]);
    expect(a.answer).toContain('2024年9月14日');
  });

  it('天门二季度项目拉练活动是哪天举行的？ → 7月21日, the meeting day, not the publication day', async () => {
    const a = await expectAnswer('天门二季度项目拉练活动是哪天举行的？', ['7月21日'], [TIANMEN]);
    expect(a.answer.split('\n')[0]).not.toMatch(/7月24日/);
  });

  it('长沙市推进湘江新区高质量发展协调小组会议是哪天召开的？ → 11月13日', async () => {
    await expectAnswer('长沙市推进湘江新区高质量发展协调小组会议是哪天召开的？', ['11月13日'], [XIANGJIANG_GROUP]);
  });

  it('萍乡经开区推进会什么时候召开？ → 5月18日 (什么时候 is the commonest way to ask)', async () => {
    await expectAnswer('萍乡经开区推进会什么时候召开？', ['5月18日'], [PINGXIANG]);
  });
});

describe('list questions', () => {
  it('谭勇参加了哪些会议？ → both meetings, citing both articles', async () => {
    const a = await expectAnswer('谭勇参加了哪些会议？', ['谭勇', '经济工作讲评会议', '协调小组会议'], [XIANGJIANG_REVIEW, XIANGJIANG_GROUP]);
    expect(citedDocs(a).sort()).toEqual([XIANGJIANG_REVIEW, XIANGJIANG_GROUP].sort());
  });

  it('何朝晖出席了哪些会议？ → chaired one, attended the other', async () => {
    const a = await expectAnswer('何朝晖参加了哪些会议？', ['何朝晖', '主持'], [XIANGJIANG_REVIEW, XIANGJIANG_GROUP]);
    expect(citedDocs(a).sort()).toEqual([XIANGJIANG_REVIEW, XIANGJIANG_GROUP].sort());
  });

  it('文春方参加了哪些会议？ → only the 岳阳 meeting', async () => {
    const a = await expectAnswer('文春方参加了哪些会议？', ['文春方'], [YUEYANG]);
    expect(citedDocs(a)).toEqual([YUEYANG]);
  });

  it('杨博参加了哪些会议？ → the 萍乡 meeting he chaired', async () => {
    await expectAnswer('杨博参加了哪些会议？', ['杨博'], [PINGXIANG]);
  });
});

describe('general questions', () => {
  it('湘江新区为哪些单位颁发了流动红旗？ → 表现优异单位', async () => {
    await expectAnswer('湘江新区为哪些单位颁发了流动红旗？', ['表现优异单位'], [XIANGJIANG_REVIEW]);
  });

  it('湘江新区今年以来主要指标表现如何？ → 回升向好, with 今年 resolved to 2024', async () => {
    const a = await expectAnswer('湘江新区今年以来主要指标表现如何？', ['回升向好', '2024年以来'], [XIANGJIANG_REVIEW]);
    expect(a.answer).not.toContain('今年');
  });

  it('天门的项目拉练活动考察了哪些项目？ → the project sites', async () => {
    await expectAnswer('天门的项目拉练活动考察了哪些项目？', ['彤辉科技', '国投产业园'], [TIANMEN]);
  });

  it('中联智慧产业城建成了什么？ → 四大主机园区', async () => {
    await expectAnswer('中联智慧产业城建成了什么？', ['四大主机园区'], [XIANGJIANG_GROUP]);
  });
});

describe('questions in traditional script', () => {
  it('湘江新區經濟工作講評會議是哪天召開的？ → answered in traditional script', async () => {
    const a = await expectAnswer('湘江新區經濟工作講評會議是哪天召開的？', ['9月14日'], [XIANGJIANG_REVIEW]);
    expect(a.answer).toMatch(/區|會/);
    expect(a.answer).not.toMatch(/区|会/);
    expect(a.citations[0].title).toContain('講評會議');
  });

  it('岳陽經開區的會議由誰主持？ → 謝春生, in traditional script', async () => {
    const a = await expectAnswer('岳陽經開區的會議由誰主持？', ['謝春生'], [YUEYANG]);
    expect(a.answer).toMatch(/區|會/);
    expect(a.answer).not.toMatch(/区|会|谢/);
  });

  it('a simplified question is answered in simplified script', async () => {
    const a = await ask('湘江新区经济工作讲评会议是哪天召开的？');
    expect(a.answer).not.toMatch(/區|會/);
  });
});

describe('follow-ups', () => {
  it('那税收目标呢？ after a 岳阳 GDP question → 岳阳\'s 40亿元', async () => {
    await expectAnswer('那税收目标呢？', ['40亿元'], [YUEYANG], ['岳阳经开区今年GDP目标是多少？']);
  });

  it('那萍乡经开区呢？ after a 岳阳 GDP target question abstains: 萍乡 has no GDP target', async () => {
    const a = await expectAbstention('那萍乡经开区呢？', ['岳阳经开区今年GDP目标是多少？']);
    expect(a.answer).not.toContain('440');
  });
});

describe('abstention', () => {
  it('an unknown zone: 北京亦庄经开区的GDP目标是多少？', async () => {
    const a = await expectAbstention('北京亦庄经开区的GDP目标是多少？');
    expect(a.answer).toContain('北京亦庄经开区');
    expect(a.answer).not.toMatch(/440|86\.08/);
  });

  it('an unknown city: 深圳市的税收目标是多少？', async () => {
    const a = await expectAbstention('深圳市的税收目标是多少？');
    expect(a.answer).toContain('深圳市');
    expect(a.answer).not.toMatch(/40亿/);
  });

  it('an unknown zone written as 开发区: 广州开发区的GDP是多少？', async () => {
    const a = await expectAbstention('广州开发区的GDP是多少？');
    expect(a.answer).not.toMatch(/440|86\.08/);
  });

  it('a year the corpus does not cover: 萍乡经开区2024年的推进会由谁主持？', async () => {
    const a = await expectAbstention('萍乡经开区2024年的推进会由谁主持？');
    expect(a.answer).toContain('2024年');
    expect(a.answer).not.toContain('杨博');
  });

  it('a year the corpus does not cover for a figure: 岳阳经开区2024年一季度GDP是多少？', async () => {
    const a = await expectAbstention('岳阳经开区2024年一季度GDP是多少？');
    expect(a.answer).not.toContain('86.08');
  });

  it('an indicator the zone\'s article never mentions: 天门市的进出口总额是多少？', async () => {
    const a = await expectAbstention('天门市的进出口总额是多少？');
    expect(a.answer).toContain('进出口');
  });

  it('off-topic: 明天长沙会下雨吗？', async () => {
    await expectAbstention('明天长沙会下雨吗？');
  });

  it('another zone\'s figure is not an answer: 萍乡经开区的GDP目标是多少？', async () => {
    const a = await expectAbstention('萍乡经开区的GDP目标是多少？');
    expect(a.answer).not.toContain('440');
    expect(a.answer).not.toContain('86.08');
  });

  it('another zone\'s figure is not an answer: 湘江新区的GDP目标是多少？', async () => {
    const a = await expectAbstention('湘江新区的GDP目标是多少？');
    expect(a.answer).not.toContain('440');
  });

  it('points to the nearest articles when it abstains', async () => {
    const a = await expectAbstention('天门市的进出口总额是多少？');
    expect(a.answer).toContain('最接近的文章');
    expect(a.answer).toContain('天门市融媒体中心');
  });

  it('abstains in traditional script for a traditional question', async () => {
    const a = await expectAbstention('萍鄉經開區的GDP目標是多少？');
    expect(a.answer).toMatch(/資料中沒有找到/);
  });
});

describe('bad input', () => {
  it.each(['', '   ', '\n\t', '\u0000\u200b'])('rejects %j as a usage error', async (input) => {
    await expect(ask(input)).rejects.toBeInstanceOf(UsageError);
  });

  it('answers a 10,000-character question from its beginning, with a note, without throwing', async () => {
    const question = '岳阳经开区一季度GDP是多少？'.repeat(700).slice(0, 10_000);
    expect(question).toHaveLength(10_000);
    const a = await ask(question);
    expectWellFormed(a);
    expect([...a.question].length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(a.note).toMatch(/问题过长/);
  });

  it('ignores control characters and emoji around a real question', async () => {
    const a = await expectAnswer('\u0007岳阳经开区😀一季度\u0000GDP是多少？🚩\u200b', ['86.08亿元'], [YUEYANG]);
    expect(a.answer).not.toMatch(CONTROL);
    expect(a.question).not.toMatch(CONTROL);
  });

  it('survives a question of emoji and punctuation only, and does not pretend to answer it', async () => {
    const a = await ask('😀？！🚩……');
    expectWellFormed(a);
    // Nothing was asked, so no article answers it.
    expect(a.abstained, a.answer).toBe(true);
  });
});
