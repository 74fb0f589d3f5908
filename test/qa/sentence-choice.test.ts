import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQaService } from '../../src/app/qa-service.js';
import type { QaService } from '../../src/qa/types.js';
import { makeWorkspace, type Workspace } from '../fixtures/index-workspace.js';

// Which sentence answers: the one about the asked person and the words next to the question word.
let ws: Workspace;
let service: QaService;

beforeAll(async () => {
  ws = await makeWorkspace('woyaowen-choice-');
  service = await createQaService(ws.config);
});
afterAll(() => ws?.cleanup());

const firstLine = async (q: string) => (await service.ask(q)).answer.split('\n')[0];

describe('sentence choice', () => {
  it('a thin question about a person is answered by the sentence about that person', async () => {
    const line = await firstLine('涂季在会上做了什么？');
    expect(line).toContain('涂季');
    expect(line).toContain('点评');
  });

  it('the words next to the question word decide between sentences of the same article', async () => {
    const line = await firstLine('天门二季度项目拉练活动考察了哪些企业？');
    expect(line).toContain('彤辉科技');
  });

  it('a quoted term asked about beats sentences that only name the speaker', async () => {
    const answer = (await service.ask('易先荣提出的“五量并重”包括哪些？')).answer;
    expect(answer).toContain('稳常量');
  });

  it('an indicator written differently in the article is not a match (经济总量 is not 扩总量)', async () => {
    const answer = await service.ask('天门市2023年上半年GDP增长多少？');
    expect(answer.abstained).toBe(true);
  });

  it('a lexicon phrase of several words keeps its synonym (头三个月 → 一季度)', async () => {
    expect(await firstLine('岳阳经开区今年头三个月经济增速多少？')).toContain('8.3%');
  });

  it('who made the requirements is answered with the speaker', async () => {
    expect(await firstLine('湘江新区讲评会议上谁做了要求？')).toContain('谭勇');
  });
});
