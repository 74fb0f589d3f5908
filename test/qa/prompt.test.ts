import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/corpus/normalize.js';
import { passage } from '../fixtures/passage.js';
import { buildLlmMessages, MAX_PROMPT_PASSAGES, NOT_FOUND_PREFIX, passageNumbering } from '../../src/qa/prompt.js';
import type { Evidence, Hit, ParsedQuestion } from '../../src/qa/types.js';

function parsed(raw: string, over: Partial<ParsedQuestion> = {}): ParsedQuestion {
  return { raw, norm: normalizeText(raw), intent: 'general', script: 'simplified', zone: null, person: null, year: null, indicator: null, ...over };
}

const A = passage('d1#1', '今年一季度，全区实现GDP86.08亿元，同比增长8.3%。');
const B = passage('d1#2', '會議由區工委副書記、管委會主任謝春生主持。', { source: null, date: null });
const hits: Hit[] = [
  { passage: A, score: 0.9 },
  { passage: B, score: 0.8 },
];

describe('passageNumbering', () => {
  it('numbers distinct hits from 1 in rank order, at most MAX_PROMPT_PASSAGES', () => {
    const many: Hit[] = Array.from({ length: 12 }, (_, i) => ({ passage: passage(`d${i}#0`, `第${i}段。`), score: 1 - i / 100 }));
    const withDup = [many[0], many[0], ...many.slice(1)];
    const numbering = passageNumbering({ parsed: parsed('问'), hits: withDup, facts: [], nearest: [] });
    expect(numbering.size).toBe(MAX_PROMPT_PASSAGES);
    expect([...numbering.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...numbering.values()].map((h) => h.passage.passageId)).toEqual(many.slice(0, 8).map((h) => h.passage.passageId));
  });
});

describe('buildLlmMessages', () => {
  const evidence: Evidence = {
    parsed: parsed('岳阳经开区今年一季度GDP是多少？'),
    hits,
    facts: [
      { text: '一季度全区GDP86.08亿元', passageId: 'd1#1' },
      { text: '谢春生主持会议', passageId: 'd1#2' },
      { text: '全年GDP目标440亿元', passageId: 'd9#4' },
    ],
    nearest: [],
  };
  const [system, user] = buildLlmMessages(evidence);

  it('sends a system message with the rules and a user message with the evidence', () => {
    expect(system.role).toBe('system');
    expect(user.role).toBe('user');
    expect(system.content).toContain('只能根据');
    expect(system.content).toContain('[1]');
    expect(system.content).toContain(`“${NOT_FOUND_PREFIX}”开头`);
    expect(system.content).toContain('今年');
    expect(system.content).toContain('不超过6句话');
    expect(system.content).toContain('用简体中文回答');
    expect(user.content).toContain('问题：岳阳经开区今年一季度GDP是多少？');
  });

  it('numbers passages with title, source and date, in their original script', () => {
    expect(user.content).toContain('[1] 岳阳经开区一季度经济运行分析会召开 · 岳阳日报 · 2024-04-20\n今年一季度，全区实现GDP86.08亿元，同比增长8.3%。');
    expect(user.content).toContain('[2] 岳阳经开区一季度经济运行分析会召开 · 来源不详 · 日期不详\n會議由區工委副書記、管委會主任謝春生主持。');
    expect(user.content.indexOf('[1] ')).toBeLessThan(user.content.indexOf('[2] '));
  });

  it('tags facts with the number of their passage when it is shown', () => {
    expect(user.content).toContain('- 一季度全区GDP86.08亿元 [1]');
    expect(user.content).toContain('- 谢春生主持会议 [2]');
    expect(user.content).toMatch(/- 全年GDP目标440亿元\n/);
  });

  it('leaves out the facts section when there are none', () => {
    const [, u] = buildLlmMessages({ ...evidence, facts: [] });
    expect(u.content).not.toContain('要点');
  });

  it('asks for traditional script when the question was traditional', () => {
    const [s] = buildLlmMessages({ ...evidence, parsed: parsed('岳陽經開區今年一季度GDP是多少？', { script: 'traditional' }) });
    expect(s.content).toContain('用繁体中文回答');
    expect(s.content).not.toContain('用简体中文回答');
  });
});
