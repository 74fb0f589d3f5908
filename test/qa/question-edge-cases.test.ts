import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWith, loadQa, type LoadedQa } from '../../src/app/qa-service.js';
import { normalizeText } from '../../src/corpus/normalize.js';
import { ingest } from '../../src/index/ingest.js';
import { makeWorkspace, type Workspace } from '../fixtures/index-workspace.js';

/** Questions that once went wrong in subtle ways, on the five seed articles. */

let ws: Workspace;
let qa: LoadedQa;

beforeAll(async () => {
  ws = await makeWorkspace('woyaowen-edge-');
  await ingest({ config: ws.config });
  qa = await loadQa(ws.config);
});
afterAll(() => ws?.cleanup());

const ask = async (q: string) => {
  const a = await answerWith(qa, q);
  return { a, text: normalizeText(a.answer) };
};

describe('yes/no questions compare whole values and all of a person’s titles', () => {
  it('3% is not 8.3%, 40亿 is not 440亿', async () => {
    expect((await ask('岳阳经开区一季度GDP增长是3%吗？')).text).toMatch(/^不是。.*8\.3%/);
    expect((await ask('岳阳经开区GDP目标是不是40亿？')).text).toMatch(/^不是。.*440亿元/);
  });

  it('谭勇是书记吗 looks at his fullest title, not the article that lists him as 市级领导', async () => {
    expect((await ask('谭勇是书记吗？')).text).toMatch(/^是。谭勇\(长沙市委副书记/);
  });

  it('你知道…是什么会吗 asks what, so no verdict and no abstention', async () => {
    const { a, text } = await ask('你知道杨博主持的是什么会吗？');
    expect(a.abstained, a.answer).toBe(false);
    expect(text).not.toMatch(/^(?:是|不是)。/);
    expect(text).toContain('杨博');
  });
});

describe('splitting by zone or person', () => {
  it('天门的易先荣和萍乡的杨博: each zone keeps its own person', async () => {
    const { text } = await ask('天门的易先荣和萍乡的杨博分别强调了什么？');
    const pingxiang = text.slice(text.indexOf('【萍乡经开区】'));
    expect(pingxiang).toContain('杨博');
    expect(pingxiang).not.toContain('没有找到');
  });

  it('a traditional question about each of two people is split too', async () => {
    const { a } = await ask('吳桂英和周海兵分別是什麼職務？');
    expect(a.answer).toContain('【吳桂英】');
    expect(a.answer).toContain('【周海兵】');
  });
});

describe('time words', () => {
  it('截至4月底 is answered from 1-4月份', async () => {
    const { a, text } = await ask('岳阳经开区截至4月底完成投资多少？');
    expect(a.abstained, a.answer).toBe(false);
    expect(text).toContain('40.02亿元');
  });

  it('11月份 is a month, not a word to find', async () => {
    const { a, text } = await ask('11月份吴桂英调研了什么？');
    expect(a.abstained, a.answer).toBe(false);
    expect(text).toContain('调研');
  });

  it('把握什么时间节点 is not a date question', async () => {
    const { text } = await ask('谭勇要求把握什么时间节点？');
    expect(text).not.toContain('召开。');
    expect(text).toContain('时间节点');
  });
});

describe('names', () => {
  it('an English word outside the glossary is not an unknown place (Summarize)', async () => {
    const { a } = await ask('Summarize what Tan Yong said at the meeting');
    expect(a.abstained, a.answer).toBe(false);
  });

  it('a pinyin place the articles lack still is (Beijing Yizhuang)', async () => {
    const { a, text } = await ask('What did the Beijing Yizhuang zone decide?');
    expect(a.abstained).toBe(true);
    expect(text).toContain('Beijing');
  });

  it('文旅 at the start of 文旅融合 is not a person', async () => {
    const { a } = await ask('文旅融合体验基地在哪？');
    expect(a.answer).not.toContain('关于“文旅”');
  });

  it('参加了什么会 lists the person’s meetings', async () => {
    const { a, text } = await ask('宁洁参加了什么会？');
    expect(a.abstained, a.answer).toBe(false);
    expect(text).toContain('推进会');
  });
});

describe('two zones, each with its own meeting and year', () => {
  it('天门2023年…推进会和岳阳经开区2022年5月的调度会 → each chair from its own article', async () => {
    const { a, text } = await ask('天门2023年稳增长推进会和岳阳经开区2022年5月的调度会，分别由谁主持？');
    const tianmen = text.slice(0, text.indexOf('【岳阳经开区】'));
    const yueyang = text.slice(text.indexOf('【岳阳经开区】'));
    expect(tianmen, a.answer).toContain('张华忠');
    expect(yueyang, a.answer).toContain('谢春生');
  });
});
