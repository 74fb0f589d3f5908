import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/qa/types.js';
import {
  ACTION_IDS,
  asParagraphs,
  formatSourceLine,
  renderAnswerMessage,
  renderBriefMessage,
  renderSourceQuotes,
  SLACK_LIMITS,
  splitForSlack,
  type KnownBlock,
} from '../../src/render/slack.js';

function citation(n: number, extra: Partial<Citation> = {}): Citation {
  return { n, docId: `doc${n}`, passageId: `doc${n}#1`, title: `标题${n}`, source: '湖南日报', date: '2024-05-0' + ((n % 9) + 1), quote: `引文${n}。`, ...extra };
}

function answer(text: string, citations: Citation[] = [citation(1), citation(2)], extra: Partial<Answer> = {}): Answer {
  return { question: '岳阳经开区今年GDP目标是多少？', answer: text, abstained: false, mode: 'extractive', citations, retrieved: [], ...extra };
}

const ofType = (blocks: KnownBlock[], type: string) => blocks.filter((b) => b.type === type) as Array<KnownBlock & Record<string, unknown>>;
const markdownText = (blocks: KnownBlock[]) => ofType(blocks, 'markdown').map((b) => String(b.text));
const contextTexts = (blocks: KnownBlock[]) =>
  ofType(blocks, 'context').flatMap((b) => (b.elements as Array<{ text: string }>).map((e) => e.text));
const len = (s: string) => Array.from(s).length;

describe('splitForSlack', () => {
  it('keeps short text whole', () => {
    expect(splitForSlack('岳阳经开区GDP目标440亿元。[1]')).toEqual(['岳阳经开区GDP目标440亿元。[1]']);
  });

  it('cuts long text into pieces under 3,000 characters at sentence ends, keeping [n] with its sentence', () => {
    const sentence = '岳阳经开区全年完成固定资产投资增长百分之十以上。[1]';
    const text = sentence.repeat(400);
    const pieces = splitForSlack(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(len(p)).toBeLessThan(3_000);
      expect(p.endsWith('。[1]')).toBe(true);
    }
    expect(pieces.join('')).toBe(text);
  });

  it('prefers paragraph breaks and still terminates on text without any break', () => {
    const para = '甲'.repeat(2_000);
    expect(splitForSlack(`${para}\n${para}`)).toEqual([para, para]);
    const pieces = splitForSlack('乙'.repeat(7_000));
    expect(pieces.map(len)).toEqual([2_900, 2_900, 1_200]);
  });
});

describe('asParagraphs', () => {
  it('turns answer lines into markdown paragraphs but leaves lists alone', () => {
    expect(asParagraphs('第一句。[1]\n第二句。[2]')).toBe('第一句。[1]\n\n第二句。[2]');
    expect(asParagraphs('要求：\n- 稳增长 [1]\n- 抓项目 [2]')).toBe('要求：\n- 稳增长 [1]\n- 抓项目 [2]');
    expect(asParagraphs('甲。\n\n乙。')).toBe('甲。\n\n乙。');
  });
});

describe('renderAnswerMessage', () => {
  it('puts the answer with its [n] in a markdown block and numbered sources in a context block', () => {
    const msg = renderAnswerMessage(answer('岳阳经开区2024年GDP目标为440亿元。[1] 会议由谭勇主持。[2]'), { ref: 'r1' });
    expect(markdownText(msg.blocks)).toEqual(['岳阳经开区2024年GDP目标为440亿元。[1] 会议由谭勇主持。[2]']);
    expect(contextTexts(msg.blocks)).toEqual(['[1] 标题1 · 湖南日报 · 2024-05-02', '[2] 标题2 · 湖南日报 · 2024-05-03']);
    // Never mrkdwn for the answer: *bold* next to Chinese breaks.
    expect(JSON.stringify(msg.blocks)).not.toContain('"mrkdwn"');
  });

  it('always has a text fallback with the answer and the sources', () => {
    const msg = renderAnswerMessage(answer('目标440亿元。[1]'));
    expect(msg.text).toContain('目标440亿元。[1]');
    expect(msg.text).toContain('[1] 标题1 · 湖南日报');
    expect(msg.text).toContain('[2] 标题2');
  });

  it('numbers sources by citation number, whatever order they come in', () => {
    const msg = renderAnswerMessage(answer('x [1][2][3]', [citation(3), citation(1), citation(2)]));
    expect(contextTexts(msg.blocks).map((t) => t.slice(0, 3))).toEqual(['[1]', '[2]', '[3]']);
  });

  it('leaves out missing source and date', () => {
    expect(formatSourceLine(citation(4, { source: null, date: null }))).toBe('[4] 标题4');
  });

  it('splits a long answer into several markdown blocks under 3,000 characters, within 12,000 in total', () => {
    const long = '会议要求全面落实“三高四新”战略定位和使命任务，加快建设现代化产业体系。[1]'.repeat(600);
    const msg = renderAnswerMessage(answer(long), { ref: 'r' });
    const parts = markdownText(msg.blocks);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(len(p)).toBeLessThan(3_000);
    expect(parts.reduce((n, p) => n + len(p), 0)).toBeLessThanOrEqual(SLACK_LIMITS.markdownTotalChars);
    expect(parts.at(-1)).toContain('已截断');
    expect(len(msg.text)).toBeLessThanOrEqual(SLACK_LIMITS.fallbackChars);
    expect(msg.text.length).toBeGreaterThan(0);
  });

  it('keeps within 10 elements per context block and 50 blocks per message', () => {
    const many = Array.from({ length: 600 }, (_, i) => citation(i + 1));
    const msg = renderAnswerMessage(answer('x'.repeat(11_000), many), { ref: 'r', shareable: true });
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    for (const ctx of ofType(msg.blocks, 'context')) expect((ctx.elements as unknown[]).length).toBeLessThanOrEqual(10);
    expect(msg.blocks.at(-1)?.type).toBe('actions');
    const few = renderAnswerMessage(answer('x', Array.from({ length: 23 }, (_, i) => citation(i + 1))));
    expect(ofType(few.blocks, 'context').map((b) => (b.elements as unknown[]).length)).toEqual([10, 10, 3]);
  });

  it('shows the note as context', () => {
    const msg = renderAnswerMessage(answer('x [1]', [citation(1)], { note: '语言模型暂不可用，以下为摘录式回答。' }));
    expect(contextTexts(msg.blocks)[0]).toBe('语言模型暂不可用，以下为摘录式回答。');
    expect(msg.text).toContain('语言模型暂不可用');
  });

  it('adds feedback and 原文 buttons carrying the reference, and 分享 only when shareable', () => {
    const withRef = renderAnswerMessage(answer('x [1]'), { ref: 'abc' });
    const actions = ofType(withRef.blocks, 'actions')[0].elements as Array<{ action_id: string; value: string }>;
    expect(actions.map((a) => a.action_id)).toEqual([ACTION_IDS.feedbackUp, ACTION_IDS.feedbackDown, ACTION_IDS.showSources]);
    expect(actions.every((a) => a.value === 'abc')).toBe(true);

    const shareable = renderAnswerMessage(answer('x [1]'), { ref: 'abc', shareable: true });
    const ids = (ofType(shareable.blocks, 'actions')[0].elements as Array<{ action_id: string }>).map((a) => a.action_id);
    expect(ids).toContain(ACTION_IDS.share);

    expect(ofType(renderAnswerMessage(answer('x')).blocks, 'actions')).toHaveLength(0);
    const noSources = renderAnswerMessage(answer('资料中没有找到相关信息。', [], { abstained: true }), { ref: 'z' });
    const noSourceIds = (ofType(noSources.blocks, 'actions')[0].elements as Array<{ action_id: string }>).map((a) => a.action_id);
    expect(noSourceIds).not.toContain(ACTION_IDS.showSources);
    expect(noSources.text).toBe('资料中没有找到相关信息。');
  });

  it('names who asked above a shared answer, keeping the question as plain text', () => {
    const msg = renderAnswerMessage(answer('x [1]'), { ref: 'r', sharedBy: { userId: 'U1', question: '*GDP*目标？' } });
    const first = msg.blocks[0] as { type: string; elements: Array<{ type: string; text: string }> };
    expect(first.type).toBe('context');
    expect(first.elements).toEqual([
      { type: 'mrkdwn', text: '<@U1> 问：' },
      { type: 'plain_text', text: '*GDP*目标？', emoji: true },
    ]);
  });
});

describe('renderSourceQuotes and renderBriefMessage', () => {
  it('lists each cited passage with its quote, numbered', () => {
    const msg = renderSourceQuotes(answer('x', [citation(2), citation(1)]));
    const texts = ofType(msg.blocks, 'section').map((b) => (b.text as { text: string }).text);
    expect(texts[1]).toBe('[1] 标题1 · 湖南日报 · 2024-05-02\n「引文1。」');
    expect(texts[2]).toContain('[2] 标题2');
    expect(msg.text).toContain('引文2');
  });

  it('renders a brief as markdown with an optional share button', () => {
    const msg = renderBriefMessage('# 岳阳经开区\n\n- 谭勇主持 [1]', { ref: 'b', shareable: true });
    expect(markdownText(msg.blocks)).toEqual(['# 岳阳经开区\n\n- 谭勇主持 [1]']);
    expect(ofType(msg.blocks, 'actions')).toHaveLength(1);
    expect(msg.text).toContain('谭勇主持');
  });
});
