import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createQaService } from '../../src/app/qa-service.js';
import { normalizeText } from '../../src/corpus/normalize.js';
import type { QaService } from '../../src/qa/types.js';
import { runChat } from '../../scripts/chat.js';
import { makeWorkspace, SEED_IDS, type Workspace } from '../fixtures/index-workspace.js';

const [, YUEYANG, PINGXIANG] = SEED_IDS;

/** Follow-ups over the five seeds: each keeps the conversation's zone and person, never another city's. */
describe('a conversation keeps its subject', () => {
  let ws: Workspace;
  let qa: QaService;

  beforeAll(async () => {
    ws = await makeWorkspace('woyaowen-conversation-');
    qa = await createQaService(ws.config);
  }, 60_000);
  afterAll(() => ws?.cleanup());

  async function converse(questions: string[]) {
    const history: string[] = [];
    const answers = [];
    for (const q of questions) {
      answers.push(await qa.ask(q, { history: [...history] }));
      history.push(q);
    }
    return answers;
  }

  it('萍乡: the date, who chaired, what he required, who attended: all 萍乡’s meeting', async () => {
    const answers = await converse(['萍乡经开区的会议是哪天开的？', '那是谁主持的呢？', '他提出了哪些要求？', '有哪些人出席？']);
    for (const a of answers) expect(new Set(a.citations.map((c) => c.docId)), a.answer).toEqual(new Set([PINGXIANG]));
    expect(answers[1].answer).toContain('杨博');
    expect(answers[2].answer).toContain('杨博');
  });

  it('after two questions about 岳阳, 会议谁主持的 is 岳阳’s chair', async () => {
    const [, , chair] = await converse(['岳阳经开区今年的GDP目标是多少？', '那税收目标呢？', '会议谁主持的？']);
    expect(chair.citations.map((c) => c.docId)).toEqual([YUEYANG]);
    expect(chair.answer).toContain('谢春生');
  });

  it('with no zone named and no conversation, it asks which zone instead of picking one', async () => {
    const a = await qa.ask('会议谁主持的？');
    expect(a.abstained).toBe(true);
    expect(a.citations).toEqual([]);
    expect(normalizeText(a.answer)).toMatch(/请说明问的是哪一个/);
    for (const zone of ['岳阳经开区', '萍乡经开区']) expect(a.answer).toContain(zone);
  });

  it('明年 and 去年 count from the zone’s newest report: 岳阳 has only 2022’s target', async () => {
    for (const q of ['岳阳经开区明年的GDP目标是多少？', '岳阳经开区去年的GDP目标是多少？']) {
      const a = await qa.ask(q);
      expect(a.abstained, a.answer).toBe(true);
      expect(a.answer).not.toContain('440亿元');
    }
    const now = await qa.ask('岳阳经开区今年的GDP目标是多少？');
    expect(now.answer).toContain('440亿元');
  });

  it('the terminal chat carries the same context', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d: Buffer) => (text += d.toString()));
    const done = runChat(qa, input, output);
    input.end('湘江新区经济工作讲评会议谁主持的？\n他是什么职务？\n退出\n');
    await done;
    expect(text).toContain('何朝晖');
    expect(text).toMatch(/管委会主任/);
    expect(text).not.toContain('谢春生');
  });
});
