import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWith, loadQa, type LoadedQa } from '../../src/app/qa-service.js';
import { ingest } from '../../src/index/ingest.js';
import type { Answer, Citation, RetrievedRef } from '../../src/qa/types.js';
import { mergeZoneAnswers } from '../../src/qa/zone-answers.js';
import { makeWorkspace, SEED_IDS, type Workspace } from '../fixtures/index-workspace.js';

/**
 * Questions naming several zones (岳阳经开区和萍乡经开区…分别…) are answered zone by zone and
 * merged: the pure merge on hand-made answers, then end to end on the five seed articles.
 */

const [, YUEYANG, PINGXIANG, , TIANMEN] = SEED_IDS;

function citation(n: number, passageId: string, quote = `${passageId} 的原文`): Citation {
  const docId = passageId.split('#')[0];
  return { n, docId, passageId, title: `${docId} 的标题`, source: '湖南日报', date: '2022-05-26', quote };
}

function ref(passageId: string, score = 1): RetrievedRef {
  return { docId: passageId.split('#')[0], passageId, score };
}

function answer(over: Partial<Answer> = {}): Answer {
  return { question: '单个地区的问题', answer: '', abstained: false, mode: 'extractive', citations: [], retrieved: [], ...over };
}

/** The [n] numbers of a text, in order of appearance. */
const markers = (text: string) => [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));

/** The text of each 【zone】 section, keyed by its heading. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/【([^】]+)】\n([\s\S]*?)(?=\n【|$)/g)) out.set(m[1], m[2]);
  return out;
}

describe('mergeZoneAnswers', () => {
  // Both parts cite the shared passage SHARED; each also cites a passage of its own.
  const SHARED = 'doc_s#0';
  const yueyang = answer({
    answer: '谢春生主持会议。[1]\n文春方出席并讲话。[2]',
    citations: [citation(1, 'doc_a#0'), citation(2, SHARED, '岳阳部分引用的原文')],
    retrieved: [ref('doc_a#0', 0.9), ref(SHARED, 0.8), ref('doc_a#3', 0.7)],
  });
  const pingxiang = answer({
    // Its [1] is the shared passage (already [2]) and its [2] is new (becomes [3]): a naive
    // replace-one-after-the-other would turn both into [3].
    answer: '杨博强调项目为王。[1]\n杨博主持会议。[2]',
    citations: [citation(1, SHARED, '萍乡部分引用的原文'), citation(2, 'doc_b#0')],
    retrieved: [ref('doc_b#0', 0.95), ref('doc_a#0', 0.5), ref('doc_b#2', 0.4)],
  });
  const parts = [
    { heading: '岳阳经开区', answer: yueyang },
    { heading: '萍乡经开区', answer: pingxiang },
  ];

  it('keeps the question it was given', () => {
    expect(mergeZoneAnswers('岳阳经开区和萍乡经开区分别由谁主持？', parts).question).toBe('岳阳经开区和萍乡经开区分别由谁主持？');
  });

  it('heads each part with 【zone】, in the order of the parts', () => {
    const merged = mergeZoneAnswers('q', parts);
    expect(merged.answer.startsWith('【岳阳经开区】\n')).toBe(true);
    expect([...merged.answer.matchAll(/【([^】]+)】/g)].map((m) => m[1])).toEqual(['岳阳经开区', '萍乡经开区']);
    expect(merged.answer.indexOf('【萍乡经开区】')).toBeGreaterThan(merged.answer.indexOf('谢春生'));
    const reversed = mergeZoneAnswers('q', [...parts].reverse());
    expect([...reversed.answer.matchAll(/【([^】]+)】/g)].map((m) => m[1])).toEqual(['萍乡经开区', '岳阳经开区']);
  });

  it('renumbers citations into one list; a passage cited by both parts keeps one number', () => {
    const merged = mergeZoneAnswers('q', parts);
    expect(merged.citations.map((c) => [c.n, c.passageId])).toEqual([
      [1, 'doc_a#0'],
      [2, SHARED],
      [3, 'doc_b#0'],
    ]);
    // The first part's citation of the shared passage is the one kept.
    expect(merged.citations[1].quote).toBe('岳阳部分引用的原文');
    // Everything but the number is carried over.
    expect(merged.citations[2]).toEqual({ ...citation(2, 'doc_b#0'), n: 3 });
  });

  it('rewrites the [n] markers of each part to the merged numbers', () => {
    const merged = mergeZoneAnswers('q', parts);
    expect(merged.answer).toBe(['【岳阳经开区】', '谢春生主持会议。[1]', '文春方出席并讲话。[2]', '【萍乡经开区】', '杨博强调项目为王。[2]', '杨博主持会议。[3]'].join('\n'));
    const bySection = sections(merged.answer);
    expect(markers(bySection.get('岳阳经开区')!)).toEqual([1, 2]);
    expect(markers(bySection.get('萍乡经开区')!)).toEqual([2, 3]);
    expect([...new Set(markers(merged.answer))].sort()).toEqual(merged.citations.map((c) => c.n));
  });

  it('is abstained only when every part abstained', () => {
    const none = answer({ answer: '资料中没有找到关于“GDP”的信息。', abstained: true });
    expect(mergeZoneAnswers('q', parts).abstained).toBe(false);
    expect(mergeZoneAnswers('q', [parts[0], { heading: '萍乡经开区', answer: none }]).abstained).toBe(false);
    expect(mergeZoneAnswers('q', [{ heading: '岳阳经开区', answer: none }, parts[1]]).abstained).toBe(false);
    const both = mergeZoneAnswers('q', [
      { heading: '岳阳经开区', answer: none },
      { heading: '萍乡经开区', answer: none },
    ]);
    expect(both.abstained).toBe(true);
    expect(both.citations).toEqual([]);
    expect(both.answer).toBe('【岳阳经开区】\n资料中没有找到关于“GDP”的信息。\n【萍乡经开区】\n资料中没有找到关于“GDP”的信息。');
  });

  it("is 'llm' only when every part was written by the model", () => {
    const llm = (a: Answer): Answer => ({ ...a, mode: 'llm' });
    expect(mergeZoneAnswers('q', parts).mode).toBe('extractive');
    expect(mergeZoneAnswers('q', [{ heading: '岳阳经开区', answer: llm(yueyang) }, parts[1]]).mode).toBe('extractive');
    expect(mergeZoneAnswers('q', [parts[0], { heading: '萍乡经开区', answer: llm(pingxiang) }]).mode).toBe('extractive');
    expect(
      mergeZoneAnswers('q', [
        { heading: '岳阳经开区', answer: llm(yueyang) },
        { heading: '萍乡经开区', answer: llm(pingxiang) },
      ]).mode,
    ).toBe('llm');
  });

  it('interleaves retrieval (1st of each part, then 2nd of each, …) without repeating a passage', () => {
    const merged = mergeZoneAnswers('q', parts);
    expect(merged.retrieved.map((r) => r.passageId)).toEqual(['doc_a#0', 'doc_b#0', SHARED, 'doc_a#3', 'doc_b#2']);
    // The first time a passage appears is the one kept, with its score.
    expect(merged.retrieved[0]).toEqual(ref('doc_a#0', 0.9));
  });

  it('interleaves parts of different lengths, three zones included', () => {
    const merged = mergeZoneAnswers('q', [
      { heading: '岳阳经开区', answer: answer({ retrieved: [ref('a#0')] }) },
      { heading: '萍乡经开区', answer: answer({ retrieved: [ref('b#0'), ref('b#1'), ref('b#2')] }) },
      { heading: '天门市', answer: answer({ retrieved: [ref('c#0'), ref('c#1')] }) },
    ]);
    expect(merged.retrieved.map((r) => r.passageId)).toEqual(['a#0', 'b#0', 'c#0', 'b#1', 'c#1', 'b#2']);
    expect([...merged.answer.matchAll(/【([^】]+)】/g)].map((m) => m[1])).toEqual(['岳阳经开区', '萍乡经开区', '天门市']);
  });

  it('writes the headings in traditional script for a traditional question', () => {
    const merged = mergeZoneAnswers('q', parts, 'traditional');
    expect([...merged.answer.matchAll(/【([^】]+)】/g)].map((m) => m[1])).toEqual(['岳陽經開區', '萍鄉經開區']);
    expect(merged.answer).not.toContain('【萍乡经开区】');
    // The bodies are each part's own text, already in the question's script.
    expect(merged.answer).toContain('杨博主持会议。[3]');
    expect(mergeZoneAnswers('q', parts, 'simplified').answer).toContain('【萍乡经开区】');
    expect(mergeZoneAnswers('q', parts).answer).toContain('【萍乡经开区】');
  });

  it('keeps each note once, in order, and no note when no part has one', () => {
    expect('note' in mergeZoneAnswers('q', parts)).toBe(false);
    const unavailable = '语言模型暂时不可用，以下为摘录。';
    const merged = mergeZoneAnswers('q', [
      { heading: '岳阳经开区', answer: { ...yueyang, note: unavailable } },
      { heading: '萍乡经开区', answer: { ...pingxiang, note: unavailable } },
      { heading: '天门市', answer: answer({ note: '另一条说明。' }) },
    ]);
    expect(merged.note).toBe(`${unavailable} 另一条说明。`);
  });
});

describe('questions naming several zones, on the seed index', () => {
  let ws: Workspace;
  let qa: LoadedQa;

  beforeAll(async () => {
    ws = await makeWorkspace('woyaowen-zones-');
    await ingest({ config: ws.config });
    qa = await loadQa(ws.config);
  });
  afterAll(() => ws?.cleanup());

  /** The docIds a section's [n] markers cite. */
  const citedIn = (a: Answer, text: string) => [...new Set(markers(text).map((n) => a.citations.find((c) => c.n === n)?.docId))];

  function expectConsistentCitations(a: Answer): void {
    expect(a.answer.trim()).not.toBe('');
    const used = markers(a.answer);
    const numbers = a.citations.map((c) => c.n);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    for (const n of used) expect(numbers).toContain(n);
    for (const n of numbers) expect(used).toContain(n);
    expect(new Set(a.citations.map((c) => c.passageId)).size).toBe(a.citations.length);
    expect(new Set(a.retrieved.map((r) => r.passageId)).size).toBe(a.retrieved.length);
  }

  it('岳阳经开区和萍乡经开区那两个会，分别是谁主持的？ → 谢春生 from the 岳阳 article, 杨博 from the 萍乡 article', async () => {
    const partials: string[] = [];
    const a = await answerWith(qa, '岳阳经开区和萍乡经开区那两个会，分别是谁主持的？', { onPartial: (t) => partials.push(t) });
    expect(a.abstained, a.answer).toBe(false);
    expect(a.mode).toBe('extractive');
    expectConsistentCitations(a);
    const bySection = sections(a.answer);
    expect([...bySection.keys()]).toEqual(['岳阳经开区', '萍乡经开区']);
    const yueyang = bySection.get('岳阳经开区')!;
    const pingxiang = bySection.get('萍乡经开区')!;
    expect(yueyang).toContain('谢春生');
    expect(yueyang).not.toContain('杨博');
    expect(pingxiang).toContain('杨博');
    expect(pingxiang).not.toContain('谢春生');
    expect(citedIn(a, yueyang)).toEqual([YUEYANG]);
    expect(citedIn(a, pingxiang)).toEqual([PINGXIANG]);
    // The line naming each chair is cited to that zone's article.
    const line = (text: string, name: string) => text.split('\n').find((l) => l.includes(name))!;
    expect(citedIn(a, line(yueyang, '谢春生'))).toEqual([YUEYANG]);
    expect(citedIn(a, line(pingxiang, '杨博'))).toEqual([PINGXIANG]);
    expect(a.citations.map((c) => c.docId)).toEqual([YUEYANG, PINGXIANG]);
    // Both zones' articles lead the retrieval.
    expect(a.retrieved.slice(0, 2).map((r) => r.docId)).toEqual([YUEYANG, PINGXIANG]);
    // Surfaces that stream get the merged answer.
    expect(partials.at(-1)).toBe(a.answer);
  });

  it('answers the zones in the order the question names them', async () => {
    const a = await answerWith(qa, '萍乡经开区和岳阳经开区的会议分别由谁主持？');
    expect(a.abstained, a.answer).toBe(false);
    expectConsistentCitations(a);
    const bySection = sections(a.answer);
    expect([...bySection.keys()]).toEqual(['萍乡经开区', '岳阳经开区']);
    expect(bySection.get('萍乡经开区')).toContain('杨博');
    expect(bySection.get('岳阳经开区')).toContain('谢春生');
    expect(a.citations.map((c) => c.docId)).toEqual([PINGXIANG, YUEYANG]);
  });

  it('岳陽經開區和萍鄉經開區的會議分別由誰主持？ keeps traditional script in the headings', async () => {
    const a = await answerWith(qa, '岳陽經開區和萍鄉經開區的會議分別由誰主持？');
    expect(a.abstained, a.answer).toBe(false);
    expectConsistentCitations(a);
    const bySection = sections(a.answer);
    expect([...bySection.keys()]).toEqual(['岳陽經開區', '萍鄉經開區']);
    expect(a.answer).not.toMatch(/【(?:岳阳经开区|萍乡经开区)】/);
    expect(bySection.get('岳陽經開區')).toContain('謝春生');
    expect(bySection.get('萍鄉經開區')).toContain('楊博');
    expect(citedIn(a, bySection.get('岳陽經開區')!)).toEqual([YUEYANG]);
    expect(citedIn(a, bySection.get('萍鄉經開區')!)).toEqual([PINGXIANG]);
  });

  it('three zones, one section each', async () => {
    const a = await answerWith(qa, '岳阳经开区、萍乡经开区和天门的会议分别由谁主持？');
    expect(a.abstained, a.answer).toBe(false);
    expectConsistentCitations(a);
    const bySection = sections(a.answer);
    expect([...bySection.keys()]).toEqual(['岳阳经开区', '萍乡经开区', '天门市']);
    expect(bySection.get('天门市')).toContain('张华忠');
    expect(citedIn(a, bySection.get('天门市')!)).toEqual([TIANMEN]);
  });

  it('a zone the articles cannot answer for says so in its section; the question is still answered', async () => {
    const a = await answerWith(qa, '岳阳经开区和萍乡经开区的GDP目标分别是多少？');
    expect(a.abstained, a.answer).toBe(false);
    expectConsistentCitations(a);
    const bySection = sections(a.answer);
    expect(bySection.get('岳阳经开区')).toContain('440亿元');
    expect(bySection.get('萍乡经开区')).toMatch(/^资料中没有找到/);
    // 岳阳's figure is not 萍乡's answer.
    expect(bySection.get('萍乡经开区')).not.toContain('440');
    expect(markers(bySection.get('萍乡经开区')!)).toEqual([]);
    expect(a.citations.map((c) => c.docId)).toEqual([YUEYANG]);
  });

  it('each zone keeps what its own part of the question says: 2022年 is 岳阳’s, not 湘江新区’s', async () => {
    const a = await answerWith(qa, '岳阳经开区2022年的调度会和湘江新区的经济工作讲评会议分别是谁主持的？');
    const bySection = sections(a.answer);
    expect(bySection.get('岳阳经开区')).toContain('谢春生');
    expect([...bySection.keys()].find((k) => k.includes('湘江新区'))).toBeDefined();
    const xiangjiang = [...bySection.entries()].find(([k]) => k.includes('湘江新区'))![1];
    expect(xiangjiang).toContain('何朝晖');
    expect(xiangjiang).not.toMatch(/^资料中没有找到/);
  });

  describe('QaEngine.zonesIn', () => {
    it('names the zones in the order the question names them', () => {
      expect(qa.engine.zonesIn('岳阳经开区和萍乡经开区那两个会，分别是谁主持的？')).toEqual(['岳阳经开区', '萍乡经开区']);
      expect(qa.engine.zonesIn('萍乡经开区和岳阳经开区的会议分别由谁主持？')).toEqual(['萍乡经开区', '岳阳经开区']);
      expect(qa.engine.zonesIn('岳阳经开区、萍乡经开区和天门的会议分别由谁主持？')).toEqual(['岳阳经开区', '萍乡经开区', '天门市']);
    });

    it('a bare place beside a zone named in full is where, not a second zone, unless the question joins them', () => {
      expect(qa.engine.zonesIn('萍乡经开区那次会议说要学习岳阳的什么经验？')).toEqual(['萍乡经开区']);
      expect(qa.engine.zonesIn('萍乡经开区和岳阳的会议分别由谁主持？')).toEqual(['萍乡经开区', '岳阳经开区']);
    });

    it('finds short names and traditional script, giving the corpus zone', () => {
      expect(qa.engine.zonesIn('岳阳和萍乡的会议分别由谁主持')).toEqual(['岳阳经开区', '萍乡经开区']);
      expect(qa.engine.zonesIn('岳陽經開區和萍鄉經開區的會議分別由誰主持？')).toEqual(['岳阳经开区', '萍乡经开区']);
    });

    it('gives each zone once', () => {
      // 岳阳 inside 岳阳经开区 is not a second zone.
      expect(qa.engine.zonesIn('岳阳经开区的会议由谁主持？')).toEqual(['岳阳经开区']);
      expect(qa.engine.zonesIn('岳阳经开区的GDP目标是多少，岳阳经开区的税收目标呢？')).toEqual(['岳阳经开区']);
      // Two names of one zone.
      expect(qa.engine.zonesIn('湘江新区和长沙高新区的会议由谁主持？')).toEqual(['湖南湘江新区']);
    });

    it('gives one zone or none for a question about one zone or none', () => {
      expect(qa.engine.zonesIn('萍乡经开区推进会是谁主持的？')).toEqual(['萍乡经开区']);
      expect(qa.engine.zonesIn('杨博让大家牢固树立什么理念')).toEqual([]);
      expect(qa.engine.zonesIn('北京亦庄经开区的主任是谁？')).toEqual([]);
    });
  });
});
