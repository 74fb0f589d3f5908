import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWith, loadQa, type LoadedQa } from '../../src/app/qa-service.js';
import { ingest } from '../../src/index/ingest.js';
import { makeWorkspace, type Workspace } from '../fixtures/index-workspace.js';

/** Requests that are not questions about a fact: greetings, 简报, a bare zone or person name. */

let ws: Workspace;
let qa: LoadedQa;

beforeAll(async () => {
  ws = await makeWorkspace('woyaowen-special-');
  await ingest({ config: ws.config });
  qa = await loadQa(ws.config);
});
afterAll(() => ws?.cleanup());

describe('greetings and help', () => {
  it('a greeting gets a friendly reply describing the collection, not a "not found"', async () => {
    const a = await answerWith(qa, '你好');
    expect(a.answer).not.toContain('没有找到');
    expect(a.answer).toContain('5 篇文章');
    expect(a.answer).toMatch(/岳阳经开区|湖南湘江新区/);
    expect(a.citations).toEqual([]);
  });
});

describe('meeting briefs through ask', () => {
  it('简报 <zone> answers with that zone’s brief, its heading numbered like the sources', async () => {
    const a = await answerWith(qa, '简报 岳阳经开区');
    expect(a.abstained).toBe(false);
    expect(a.answer).toMatch(/^## .*会议 \[1\]$/m);
    expect(a.answer).toContain('谢春生');
    expect(a.answer).toContain('440亿元');
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0]).toMatchObject({ n: 1, docId: '001_a624ff9043f746f6' });
    expect(a.citations[0].passageId.startsWith('001_a624ff9043f746f6#')).toBe(true);
  });

  it('a bare zone name is a request for its brief', async () => {
    const a = await answerWith(qa, '萍乡经开区');
    expect(a.citations.map((c) => c.docId)).toEqual(['002_1760d61299c6fb71']);
    expect(a.answer).toContain('杨博');
  });

  it('a bare person name briefs every meeting of that person, listing only them', async () => {
    const a = await answerWith(qa, '谭勇？');
    expect(a.citations.map((c) => c.docId).sort()).toEqual(['000_902f0bdd42ed5ca0', '003_1d37a2b9fcb118f4']);
    expect(a.answer.match(/^## /gm)).toHaveLength(2);
    expect(a.answer).not.toContain('何朝晖');
  });

  it('a name with a question about it is answered, not briefed', async () => {
    const a = await answerWith(qa, '谭勇是什么职务？');
    expect(a.answer).not.toMatch(/^## /m);
    expect(a.answer).toContain('长沙市委副书记');
  });

  it('a zone with a question is answered, not briefed; a follow-up naming a zone keeps the conversation', async () => {
    const asked = await answerWith(qa, '萍乡经开区的会议谁主持的？');
    expect(asked.answer).not.toMatch(/^## /m);
    expect(asked.answer).toContain('杨博');
    const followUp = await answerWith(qa, '萍乡经开区呢？', { history: ['岳阳经开区的会议谁主持的？'] });
    expect(followUp.answer).not.toMatch(/^## /m);
    expect(followUp.answer).toContain('杨博');
  });

  it('简报 for something the articles do not cover is answered as a question, honestly', async () => {
    const a = await answerWith(qa, '简报 北京亦庄经开区');
    expect(a.abstained).toBe(true);
    expect(a.answer).toContain('没有找到');
  });
});
