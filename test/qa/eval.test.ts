import { describe, expect, it } from 'vitest';
import { parseGold, scoreOne, summarize, summarizeByType, type GoldItem } from '../../src/qa/eval.js';
import type { Answer, Citation, RetrievedRef } from '../../src/qa/types.js';

const A = '000_902f0bdd42ed5ca0';
const B = '001_a624ff9043f746f6';
const C = '002_1760d61299c6fb71';

function citation(n: number, docId: string): Citation {
  return { n, docId, passageId: `${docId}#0`, title: 't', source: 's', date: '2024-09-14', quote: 'q' };
}

function retrieved(...docIds: string[]): RetrievedRef[] {
  return docIds.map((docId, i) => ({ docId, passageId: `${docId}#${i}`, score: 1 - i / 10 }));
}

function answer(text: string, opts: { cited?: string[]; retrieved?: string[]; abstained?: boolean; latencyMs?: number } = {}): Answer & { latencyMs: number } {
  const cited = opts.cited ?? [];
  return {
    question: 'q',
    answer: text,
    abstained: opts.abstained ?? false,
    mode: 'extractive',
    citations: cited.map((d, i) => citation(i + 1, d)),
    retrieved: retrieved(...(opts.retrieved ?? cited)),
    latencyMs: opts.latencyMs ?? 10,
  };
}

function gold(partial: Partial<GoldItem> & { q: string }): GoldItem {
  return { id: partial.q, type: 'general', docs: [], facts: [], ...partial };
}

describe('parseGold', () => {
  it('reads one item a line, skips blank lines and fills defaults', () => {
    const text = [
      '{"id":"g1","type":"leader","q":"岳阳经开区的会议由谁主持？","docs":["' + B + '"],"facts":[["谢春生"]]}',
      '',
      '   ',
      '{"q":"明天长沙会下雨吗？"}',
      '',
    ].join('\n');
    const items = parseGold(text);
    expect(items).toEqual([
      { id: 'g1', type: 'leader', q: '岳阳经开区的会议由谁主持？', docs: [B], facts: [['谢春生']] },
      { id: 'line4', type: 'general', q: '明天长沙会下雨吗？', docs: [], facts: [] },
    ]);
  });

  it('names the line of invalid JSON', () => {
    const text = ['{"q":"一"}', '{"q":"二"', '{"q":"三"}'].join('\n');
    expect(() => parseGold(text)).toThrow(/line 2\b.*not valid JSON/);
  });

  it('names the line that has no question', () => {
    const text = ['{"q":"一"}', '', '{"id":"x","docs":[]}'].join('\n');
    expect(() => parseGold(text)).toThrow(/line 3\b.*missing "q"/);
  });

  it('rejects an empty question as missing', () => {
    expect(() => parseGold('{"q":"   "}')).toThrow(/line 1\b.*"q"/);
  });

  it('reads an empty file as no items', () => {
    expect(parseGold('')).toEqual([]);
    expect(parseGold('\n\n')).toEqual([]);
  });
});

describe('scoreOne: facts', () => {
  const chair = gold({ id: 'chair', type: 'leader', q: '讲评会议由谁主持？', docs: [A], facts: [['何朝晖', '何朝暉'], ['主持', '主持会议']] });

  it('accepts any alternative of a fact group', () => {
    const s = scoreOne(chair, answer('何朝晖主持会议。[1]', { cited: [A] }));
    expect(s).toMatchObject({ id: 'chair', type: 'leader', answerable: true, factOk: true, citationOk: true, recallOk: true, abstainOk: false, missingFacts: [] });
  });

  it('compares after traditional → simplified normalization, both ways', () => {
    expect(scoreOne(chair, answer('何朝暉（管委會主任）主持會議。[1]', { cited: [A] })).factOk).toBe(true);
    const tradFact = gold({ q: 'q', docs: [A], facts: [['何朝暉']] });
    expect(scoreOne(tradFact, answer('何朝晖主持。', { cited: [A] })).factOk).toBe(true);
  });

  it('compares after full-width → half-width normalization: ８．３％ is 8.3%', () => {
    const growth = gold({ q: '一季度GDP增速？', docs: [B], facts: [['8.3%']] });
    expect(scoreOne(growth, answer('同比增长８．３％。[1]', { cited: [B] })).factOk).toBe(true);
    const fullWidthFact = gold({ q: 'q', docs: [B], facts: [['８６．０８亿元']] });
    expect(scoreOne(fullWidthFact, answer('GDP86.08亿元。', { cited: [B] })).factOk).toBe(true);
  });

  it('ignores the case of latin letters', () => {
    const g = gold({ q: 'q', docs: [B], facts: [['GDP440亿元']] });
    expect(scoreOne(g, answer('全年gdp440亿元', { cited: [B] })).factOk).toBe(true);
  });

  it('needs every group: the first alternative of each missing group is reported', () => {
    const s = scoreOne(chair, answer('湖南湘江新区经济工作讲评会议召开。[1]', { cited: [A] }));
    expect(s.factOk).toBe(false);
    expect(s.missingFacts).toEqual(['何朝晖', '主持']);
    // The citation is still right even when the facts are not.
    expect(s.citationOk).toBe(true);
  });

  it('does not count a fact spread over the answer with other text in between', () => {
    const g = gold({ q: 'q', docs: [B], facts: [['8.3%']] });
    expect(scoreOne(g, answer('增长8. 3%', { cited: [B] })).factOk).toBe(false);
  });

  it('an answerable question answered by abstaining fails facts and citations even if the text contains the fact', () => {
    const s = scoreOne(chair, answer('资料中没有找到何朝晖主持的信息。', { abstained: true, retrieved: [A] }));
    expect(s).toMatchObject({ factOk: false, citationOk: false, recallOk: true, abstainOk: false });
  });
});

describe('scoreOne: citations and recall@5', () => {
  const multi = gold({ id: 'multi', type: 'multi', q: '哪些会议提到二十大？', docs: [B, C], facts: [['岳阳'], ['萍乡']] });

  it('needs every expected doc cited', () => {
    expect(scoreOne(multi, answer('岳阳[1]；萍乡[2]', { cited: [B, C] })).citationOk).toBe(true);
    const s = scoreOne(multi, answer('岳阳[1]；萍乡[1]', { cited: [B], retrieved: [B, C] }));
    expect(s.factOk).toBe(true);
    expect(s.citationOk).toBe(false);
  });

  it('does not mind extra citations', () => {
    expect(scoreOne(multi, answer('岳阳[1]；萍乡[2]；另[3]', { cited: [B, C, A] })).citationOk).toBe(true);
  });

  it('counts only the first five retrieved passages for recall@5', () => {
    const inFifth = scoreOne(multi, answer('岳阳萍乡', { cited: [B, C], retrieved: [B, A, A, A, C, A] }));
    expect(inFifth.recallOk).toBe(true);
    const inSixth = scoreOne(multi, answer('岳阳萍乡', { cited: [B, C], retrieved: [B, A, A, A, A, C] }));
    expect(inSixth.recallOk).toBe(false);
    // Citation accuracy does not depend on the retrieval ranks.
    expect(inSixth.citationOk).toBe(true);
  });

  it('a question with facts but no docs is answerable and needs no citation', () => {
    const g = gold({ q: 'q', facts: [['流动红旗']] });
    const s = scoreOne(g, answer('颁发流动红旗。', { cited: [] }));
    expect(s).toMatchObject({ answerable: true, factOk: true, citationOk: true, recallOk: true });
  });
});

describe('scoreOne: unanswerable questions and errors', () => {
  const none = gold({ id: 'none', type: 'unanswerable', q: '北京亦庄经开区的主任是谁？' });

  it('an unanswerable question is right only when the answer abstains', () => {
    const ok = scoreOne(none, answer('资料中没有找到关于“北京亦庄经开区”的信息。', { abstained: true, retrieved: [B] }));
    expect(ok).toMatchObject({ answerable: false, abstainOk: true, factOk: false, citationOk: false, recallOk: false });
    const wrong = scoreOne(none, answer('谢春生主持。[1]', { cited: [B] }));
    expect(wrong.abstainOk).toBe(false);
  });

  it('an error line fails everything, keeps its latency and message, and lists every fact as missing', () => {
    const g = gold({ id: 'err', q: 'q', docs: [A], facts: [['何朝晖', '何朝暉'], ['主持']] });
    const s = scoreOne(g, { error: 'index missing', latencyMs: 42 });
    expect(s).toEqual({
      id: 'err',
      type: 'general',
      answerable: true,
      latencyMs: 42,
      factOk: false,
      citationOk: false,
      recallOk: false,
      abstainOk: false,
      confidentlyWrong: false,
      missingFacts: ['何朝晖', '主持'],
      error: 'index missing',
    });
  });

  it('an answer lacking a fact, or any answer to the unanswerable, is confidently wrong; an abstention never is', () => {
    const g = gold({ id: 'w', q: 'q', docs: [A], facts: [['何朝晖']] });
    expect(scoreOne(g, answer('谭勇主持[1]', { cited: [A] })).confidentlyWrong).toBe(true);
    expect(scoreOne(g, answer('何朝晖主持[1]', { cited: [A] })).confidentlyWrong).toBe(false);
    expect(scoreOne(g, answer('资料中没有找到', { abstained: true })).confidentlyWrong).toBe(false);
    const none = gold({ id: 'n', type: 'unanswerable', q: 'q' });
    expect(scoreOne(none, answer('谭勇[1]', { cited: [A] })).confidentlyWrong).toBe(true);
    expect(scoreOne(none, answer('资料中没有找到', { abstained: true })).confidentlyWrong).toBe(false);
  });

  it('an error on an unanswerable question is not an abstention', () => {
    expect(scoreOne(none, { error: 'boom' })).toMatchObject({ abstainOk: false, latencyMs: 0, error: 'boom' });
  });
});

describe('summarize', () => {
  const golds = {
    leader: gold({ id: 'l', type: 'leader', q: 'l', docs: [B], facts: [['谢春生']] }),
    target: gold({ id: 't', type: 'target', q: 't', docs: [B], facts: [['86.08亿元']] }),
    trad: gold({ id: 'tr', type: 'traditional', q: 'tr', docs: [A], facts: [['何朝晖']] }),
    err: gold({ id: 'e', type: 'leader', q: 'e', docs: [C], facts: [['杨博']] }),
    none1: gold({ id: 'n1', type: 'unanswerable', q: 'n1' }),
    none2: gold({ id: 'n2', type: 'unanswerable', q: 'n2' }),
  };
  const scored = [
    scoreOne(golds.leader, answer('谢春生主持[1]', { cited: [B], latencyMs: 10 })),
    // Right fact, wrong article cited, right article only sixth.
    scoreOne(golds.target, answer('GDP８６．０８亿元[1]', { cited: [A], retrieved: [A, A, A, A, A, B], latencyMs: 20 })),
    scoreOne(golds.trad, answer('何朝暉主持會議[1]', { cited: [A], latencyMs: 30 })),
    scoreOne(golds.err, { error: 'timeout', latencyMs: 40 }),
    scoreOne(golds.none1, answer('资料中没有找到', { abstained: true, latencyMs: 50 })),
    scoreOne(golds.none2, answer('谢春生[1]', { cited: [B], latencyMs: 1000 })),
  ];

  it('computes each metric over the right questions', () => {
    expect(summarize(scored)).toEqual({
      questions: 6,
      answerable: 4,
      unanswerable: 2,
      factAccuracy: 0.75, // leader, target, trad
      citationAccuracy: 0.5, // leader, trad
      docRecallAt5: 0.5, // leader, trad
      abstentionAccuracy: 0.5, // none1
      confidentlyWrong: 0.167, // none2 answered; the error is no answer
      latencyP50Ms: 30,
      latencyP95Ms: 1000,
    });
  });

  it('rounds ratios to three decimals', () => {
    const three = [golds.leader, golds.target, golds.trad].map((g) => scoreOne(g, answer('谢春生', { cited: [B] })));
    expect(summarize(three).factAccuracy).toBe(0.333);
    expect(summarize(three).citationAccuracy).toBe(0.667);
  });

  it('uses the nearest-rank percentile', () => {
    const latencies = [100, 10, 90, 20, 80, 30, 70, 40, 60, 50];
    const s = latencies.map((ms, i) => scoreOne(gold({ id: `p${i}`, q: 'q' }), answer('x', { abstained: true, latencyMs: ms })));
    const m = summarize(s);
    expect(m.latencyP50Ms).toBe(50);
    expect(m.latencyP95Ms).toBe(100);
    expect(summarize(s.slice(0, 1)).latencyP50Ms).toBe(100);
    expect(summarize(s.slice(0, 1)).latencyP95Ms).toBe(100);
  });

  it('reports null, not zero, for a metric with nothing to measure', () => {
    expect(summarize([])).toEqual({
      questions: 0,
      answerable: 0,
      unanswerable: 0,
      factAccuracy: null,
      citationAccuracy: null,
      docRecallAt5: null,
      abstentionAccuracy: null,
      confidentlyWrong: null,
      latencyP50Ms: null,
      latencyP95Ms: null,
    });
    const onlyAnswerable = summarize(scored.slice(0, 3));
    expect(onlyAnswerable.abstentionAccuracy).toBeNull();
    expect(onlyAnswerable.factAccuracy).toBe(1);
  });

  it('summarizes by type', () => {
    const byType = summarizeByType(scored);
    expect(Object.keys(byType).sort()).toEqual(['leader', 'target', 'traditional', 'unanswerable']);
    expect(byType.leader).toMatchObject({ questions: 2, answerable: 2, factAccuracy: 0.5, citationAccuracy: 0.5 });
    expect(byType.traditional).toMatchObject({ factAccuracy: 1, citationAccuracy: 1 });
    expect(byType.target).toMatchObject({ factAccuracy: 1, citationAccuracy: 0, docRecallAt5: 0 });
    expect(byType.unanswerable).toMatchObject({ answerable: 0, abstentionAccuracy: 0.5, factAccuracy: null });
  });
});
