import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeText } from '../../src/corpus/normalize.js';
import { passage } from '../fixtures/passage.js';
import { createOpenAiAnswerer, LLM_UNAVAILABLE_NOTE, type LlmConfig } from '../../src/llm/openai-answerer.js';
import type { Answer, Answerer, Evidence, Hit, ParsedQuestion } from '../../src/qa/types.js';
import { sequence, startFakeOpenAi, type FakeHandler, type FakeOpenAi, type FakeReply } from '../fakes/openai-server.js';

const KEY = 'sk-test-SECRET123';

const GDP = passage(
  'yy01#2',
  '4月19日，岳阳经开区召开一季度经济运行分析会。今年一季度，全区实现GDP86.08亿元，同比增长8.3%。规模工业增加值同比增长9.1%。',
);
const CHAIR = passage('yy01#1', '会议由区工委副书记、管委会主任谢春生主持。谢春生强调，要全力冲刺“双过半”，确保全年GDP突破440亿元。');
const OTHER = passage('px07#3', '萍乡经开区召开重点项目调度会，部署下阶段招商引资工作。', {
  title: '萍乡经开区重点项目调度会召开',
  zone: '萍乡经开区',
  date: '2023-06-02',
});

function parsed(raw: string, over: Partial<ParsedQuestion> = {}): ParsedQuestion {
  return { raw, norm: normalizeText(raw), intent: 'general', script: 'simplified', zone: '岳阳经开区', person: null, year: null, indicator: 'GDP', ...over };
}

function evidence(over: Partial<Evidence> = {}): Evidence {
  const hits: Hit[] = [
    { passage: GDP, score: 0.91 },
    { passage: CHAIR, score: 0.83 },
    { passage: OTHER, score: 0.4 },
  ];
  return { parsed: parsed('岳阳经开区今年一季度GDP是多少？谁主持的会议？'), hits, facts: [], nearest: [], ...over };
}

const EXTRACTIVE_TEXT = '2024年一季度，全区实现GDP86.08亿元，同比增长8.3%。[1]';

function fakeFallback(): Answerer & { answer: ReturnType<typeof vi.fn> } {
  return {
    mode: 'extractive',
    answer: vi.fn(async (ev: Evidence): Promise<Answer> => ({
      question: ev.parsed.raw,
      answer: ev.hits.length === 0 ? '资料中没有找到相关内容。' : EXTRACTIVE_TEXT,
      abstained: ev.hits.length === 0,
      mode: 'extractive',
      citations: [],
      retrieved: ev.hits.map((h) => ({ docId: h.passage.docId, passageId: h.passage.passageId, score: h.score })),
    })),
  };
}

const GROUNDED = '会议由管委会主任谢春生主持。[2] 2024年一季度，岳阳经开区实现GDP86.08亿元，同比增长8.3%。[1]';

let server: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Setup {
  handler: FakeHandler | FakeReply;
  config?: Partial<LlmConfig>;
  knownNames?: string[];
}

async function setup({ handler, config, knownNames }: Setup) {
  server = await startFakeOpenAi(handler);
  const logs: { msg: string; fields?: object }[] = [];
  const fallback = fakeFallback();
  const answerer = createOpenAiAnswerer({
    config: {
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: server.baseURL,
      OPENAI_MODEL: 'fake-model',
      OPENAI_TIMEOUT_MS: 5_000,
      OPENAI_MAX_RETRIES: 2,
      OPENAI_MAX_CONCURRENCY: 4,
      ...config,
    },
    fallback,
    knownNames,
    log: (msg, fields) => logs.push({ msg, fields }),
  });
  return { server, answerer, fallback, logs };
}

const reasons = (logs: { msg: string; fields?: object }[]) =>
  logs.map((l) => (l.fields as { reason?: string } | undefined)?.reason).filter(Boolean);

describe('createOpenAiAnswerer', () => {
  it('passes a grounded answer through with renumbered citations', async () => {
    const { server, answerer, fallback } = await setup({ handler: { text: GROUNDED } });
    const a = await answerer.answer(evidence());

    expect(answerer.mode).toBe('llm');
    expect(a.mode).toBe('llm');
    expect(a.abstained).toBe(false);
    expect(a.note).toBeUndefined();
    expect(fallback.answer).not.toHaveBeenCalled();
    // Passage 2 is cited first, so it becomes [1].
    expect(a.answer).toBe('会议由管委会主任谢春生主持。[1] 2024年一季度，岳阳经开区实现GDP86.08亿元，同比增长8.3%。[2]');
    expect(a.citations).toEqual([
      {
        n: 1,
        docId: 'yy01',
        passageId: 'yy01#1',
        title: CHAIR.title,
        source: '岳阳日报',
        date: '2024-04-20',
        quote: '会议由区工委副书记、管委会主任谢春生主持。',
      },
      {
        n: 2,
        docId: 'yy01',
        passageId: 'yy01#2',
        title: GDP.title,
        source: '岳阳日报',
        date: '2024-04-20',
        quote: '今年一季度，全区实现GDP86.08亿元，同比增长8.3%。',
      },
    ]);
    expect(a.retrieved.map((r) => r.passageId)).toEqual(['yy01#2', 'yy01#1', 'px07#3']);

    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body.model).toBe('fake-model');
    expect(req.body.stream).toBeFalsy();
    expect(req.body.messages?.map((m) => m.role)).toEqual(['system', 'user']);
    expect(req.body.messages?.[1].content).toContain('[1] 岳阳经开区一季度经济运行分析会召开 · 岳阳日报 · 2024-04-20');
  });

  it('replaces an answer citing a passage that does not exist', async () => {
    const { answerer, logs } = await setup({ handler: { text: '全区实现GDP86.08亿元。[1] 会议由谢春生主持。[9]' } });
    const a = await answerer.answer(evidence());
    expect(a.mode).toBe('extractive');
    expect(a.answer).toBe(EXTRACTIVE_TEXT);
    expect(a.note).toBeUndefined();
    expect(reasons(logs)).toEqual(['citation [9] does not exist']);
  });

  it('replaces an answer with an invented number', async () => {
    const { answerer, logs } = await setup({ handler: { text: '全年目标为GDP500亿元。[2]' } });
    const a = await answerer.answer(evidence());
    expect(a.mode).toBe('extractive');
    expect(reasons(logs)).toEqual(['number 500亿元 not in cited passages']);
  });

  it('replaces an answer with an invented person, with or without a list of known names', async () => {
    for (const knownNames of [undefined, ['谢春生', '文春方']]) {
      const { answerer, logs } = await setup({ handler: { text: '会议由王小明书记主持。[2]' }, knownNames });
      const a = await answerer.answer(evidence());
      expect(a.mode).toBe('extractive');
      expect(reasons(logs)).toEqual(['name 王小明 not in cited passages']);
      await server?.close();
      server = undefined;
    }
  });

  it('uses the extractive answer when the model says the passages do not answer', async () => {
    for (const text of ['资料中没有找到萍乡经开区的相关数据。', '資料中沒有找到相關數據。']) {
      const { answerer, fallback } = await setup({ handler: { text } });
      const a = await answerer.answer(evidence());
      expect(a.mode).toBe('extractive');
      expect(a.note).toBeUndefined();
      expect(fallback.answer).toHaveBeenCalledTimes(1);
      await server?.close();
      server = undefined;
    }
  });

  it('retries a 429 and then answers with the model', async () => {
    const { server, answerer } = await setup({
      handler: sequence({ status: 429, headers: { 'retry-after': '0', 'retry-after-ms': '10' } }, { text: GROUNDED }),
    });
    const a = await answerer.answer(evidence());
    expect(server.requests).toHaveLength(2);
    expect(a.mode).toBe('llm');
  });

  it('falls back with a note after a permanent 500, without leaking the key', async () => {
    const { server, answerer, logs } = await setup({
      // Echo the Authorization header back, as a misbehaving proxy might.
      handler: (req) => ({ status: 500, headers: { 'retry-after-ms': '10' }, errorMessage: `upstream rejected ${req.headers.authorization}` }),
    });
    const a = await answerer.answer(evidence());
    expect(server.requests).toHaveLength(3);
    expect(a.mode).toBe('extractive');
    expect(a.answer).toBe(EXTRACTIVE_TEXT);
    expect(a.note).toBe(LLM_UNAVAILABLE_NOTE);
    expect(logs.map((l) => l.msg)).toEqual(['llm unavailable']);
    expect(logs[0].fields).toMatchObject({ status: 500 });
    expect(JSON.stringify(logs)).toContain('upstream rejected Bearer [redacted]');
    expect(JSON.stringify(logs)).not.toContain('SECRET123');
    expect(JSON.stringify(a)).not.toContain('SECRET123');
  });

  it('gives the note in traditional script for a traditional question', async () => {
    const { answerer } = await setup({ handler: { status: 500 }, config: { OPENAI_MAX_RETRIES: 0 } });
    const a = await answerer.answer(evidence({ parsed: parsed('嶽陽經開區一季度GDP是多少？', { script: 'traditional' }) }));
    expect(a.note).toBe('語言模型暫時不可用，以下為摘錄式回答。');
  });

  it('falls back quickly with a note when the server is slower than the timeout', async () => {
    const { server, answerer } = await setup({
      handler: { text: GROUNDED, delayMs: 5_000 },
      config: { OPENAI_TIMEOUT_MS: 300, OPENAI_MAX_RETRIES: 0 },
    });
    const started = Date.now();
    const a = await answerer.answer(evidence());
    const elapsed = Date.now() - started;
    expect(a.mode).toBe('extractive');
    expect(a.note).toBe(LLM_UNAVAILABLE_NOTE);
    expect(server.requests).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    // Well under the server's 5 s: the answer did not wait for it.
    expect(elapsed).toBeLessThan(4_500);
  });

  it('retries a timeout once when allowed, still bounded in time', async () => {
    const { server, answerer } = await setup({
      handler: { text: GROUNDED, delayMs: 5_000 },
      config: { OPENAI_TIMEOUT_MS: 300, OPENAI_MAX_RETRIES: 1 },
    });
    const started = Date.now();
    const a = await answerer.answer(evidence());
    expect(a.note).toBe(LLM_UNAVAILABLE_NOTE);
    expect(server.requests).toHaveLength(2);
    // Two 300 ms attempts plus the SDK's default backoff (≤ 0.5 s).
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('keeps at most OPENAI_MAX_CONCURRENCY requests in flight', async () => {
    const { server, answerer } = await setup({
      handler: { text: GROUNDED, delayMs: 100 },
      config: { OPENAI_MAX_CONCURRENCY: 2 },
    });
    const answers = await Promise.all(Array.from({ length: 6 }, () => answerer.answer(evidence())));
    expect(answers.every((a) => a.mode === 'llm')).toBe(true);
    expect(server.requests).toHaveLength(6);
    expect(server.maxInFlight).toBe(2);
  });

  it('streams growing partial text when asked and checks the final text', async () => {
    const { server, answerer } = await setup({ handler: { text: GROUNDED, chunkDelayMs: 2 } });
    const partials: string[] = [];
    const a = await answerer.answer(evidence(), { onPartial: (t) => partials.push(t) });

    expect(server.requests[0].body.stream).toBe(true);
    expect(partials.length).toBeGreaterThan(5);
    for (let i = 1; i < partials.length; i++) {
      expect(partials[i].startsWith(partials[i - 1])).toBe(true);
      expect(partials[i].length).toBeGreaterThan(partials[i - 1].length);
    }
    expect(partials.at(-1)).toBe(GROUNDED);
    expect(a.mode).toBe('llm');
    expect(a.answer).toBe('会议由管委会主任谢春生主持。[1] 2024年一季度，岳阳经开区实现GDP86.08亿元，同比增长8.3%。[2]');
  });

  it('replaces a streamed answer that is not grounded', async () => {
    const text = '会议由王小明书记主持，全年目标500亿元。[2]';
    const { answerer, logs } = await setup({ handler: { text } });
    const partials: string[] = [];
    const a = await answerer.answer(evidence(), { onPartial: (t) => partials.push(t) });
    expect(partials.at(-1)).toBe(text);
    expect(a.mode).toBe('extractive');
    expect(a.answer).toBe(EXTRACTIVE_TEXT);
    expect(reasons(logs)).toHaveLength(1);
  });

  it('falls back with a note when a stream stalls', async () => {
    const { answerer } = await setup({
      handler: { text: GROUNDED, stallAfterChunks: 3 },
      config: { OPENAI_TIMEOUT_MS: 300 },
    });
    const partials: string[] = [];
    const started = Date.now();
    const a = await answerer.answer(evidence(), { onPartial: (t) => partials.push(t) });
    expect(partials.length).toBe(3);
    expect(a.mode).toBe('extractive');
    expect(a.note).toBe(LLM_UNAVAILABLE_NOTE);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('answers through the fallback without a request when nothing was retrieved', async () => {
    const { server, answerer, fallback } = await setup({ handler: { text: GROUNDED } });
    const a = await answerer.answer(evidence({ hits: [] }));
    expect(server.requests).toHaveLength(0);
    expect(fallback.answer).toHaveBeenCalledTimes(1);
    expect(a.abstained).toBe(true);
    expect(a.mode).toBe('extractive');
  });

  it('refuses to start without an API key', () => {
    expect(() =>
      createOpenAiAnswerer({
        config: { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, OPENAI_MODEL: 'm', OPENAI_TIMEOUT_MS: 1000, OPENAI_MAX_RETRIES: 0, OPENAI_MAX_CONCURRENCY: 1 },
        fallback: fakeFallback(),
      }),
    ).toThrow(/OPENAI_API_KEY/);
  });
});
