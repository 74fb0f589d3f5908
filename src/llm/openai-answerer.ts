import OpenAI from 'openai';
import pLimit from 'p-limit';
import { ConfigError, type Config } from '../config.js';
import { normalizeText, toTraditional } from '../corpus/normalize.js';
import type { Passage } from '../corpus/types.js';
import { LlmUnavailableError } from '../errors.js';
import { checkGrounding, renumberCitations, splitCitedSentences, type GroundingPassage } from '../qa/grounding.js';
import { buildLlmMessages, NOT_FOUND_PREFIX, passageNumbering, type LlmMessage } from '../qa/prompt.js';
import type { Answer, AnswerOptions, Answerer, Citation, Evidence, Hit } from '../qa/types.js';

export type LlmConfig = Pick<
  Config,
  | 'OPENAI_API_KEY'
  | 'OPENAI_BASE_URL'
  | 'OPENAI_MODEL'
  | 'OPENAI_TIMEOUT_MS'
  | 'OPENAI_MAX_RETRIES'
  | 'OPENAI_MAX_CONCURRENCY'
>;

export type Log = (msg: string, fields?: Record<string, unknown>) => void;

export interface OpenAiAnswererOptions {
  config: LlmConfig;
  /** The extractive answerer: used for abstentions, ungrounded replies and outages. */
  fallback: Answerer;
  /** Person names found anywhere in the corpus, for the grounding check. */
  knownNames?: string[];
  log?: Log;
}

export const LLM_UNAVAILABLE_NOTE = '语言模型暂时不可用，以下为摘录式回答。';

const QUOTE_FALLBACK_CHARS = 120;
const QUOTE_MAX_CHARS = 200;

/**
 * An Answerer that asks an OpenAI-compatible chat model to answer from numbered
 * passages, and keeps the reply only when every citation, number and name in it
 * is backed by the cited passages; otherwise the extractive answer is returned.
 */
export function createOpenAiAnswerer(opts: OpenAiAnswererOptions): Answerer {
  const { config, fallback, knownNames } = opts;
  const log: Log = opts.log ?? (() => {});
  const apiKey = config.OPENAI_API_KEY;
  if (!apiKey) throw new ConfigError('OPENAI_API_KEY is required for LLM answers', ['OPENAI_API_KEY']);

  // The SDK retries 408/409/429/5xx and connection errors with backoff, honouring retry-after(-ms).
  const client = new OpenAI({
    apiKey,
    baseURL: config.OPENAI_BASE_URL,
    timeout: config.OPENAI_TIMEOUT_MS,
    maxRetries: config.OPENAI_MAX_RETRIES,
  });
  const limit = pLimit(config.OPENAI_MAX_CONCURRENCY);
  const redact = (text: string) => text.split(apiKey).join('[redacted]').replace(/\bsk-[A-Za-z0-9_-]{6,}/g, 'sk-[redacted]');

  async function complete(messages: LlmMessage[], options: AnswerOptions): Promise<string> {
    const signal = options.signal;
    signal?.throwIfAborted();
    const onPartial = options.onPartial;
    if (!onPartial) {
      const res = await client.chat.completions.create({ model: config.OPENAI_MODEL, messages }, { signal });
      return res.choices[0]?.message?.content ?? '';
    }

    const stream = await client.chat.completions.create(
      { model: config.OPENAI_MODEL, messages, stream: true },
      { signal },
    );
    // The SDK's timeout ends once headers arrive, and an aborted stream just stops iterating,
    // so a stalled body needs its own idle timer and a flag to tell a stall from the end.
    let stalled = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        stream.controller.abort();
      }, config.OPENAI_TIMEOUT_MS);
    };
    let text = '';
    let finished = false;
    try {
      arm();
      for await (const chunk of stream) {
        arm();
        const choice = chunk.choices[0];
        if (choice?.finish_reason) finished = true;
        const delta = choice?.delta?.content;
        if (!delta) continue;
        text += delta;
        try {
          onPartial(text);
        } catch (err) {
          // A broken display must not cost the user the answer.
          log('onPartial failed', { error: redact(String(err)) });
        }
      }
    } finally {
      clearTimeout(timer);
    }
    signal?.throwIfAborted();
    if (stalled) throw new LlmUnavailableError('stream stalled');
    if (!finished) throw new LlmUnavailableError('stream ended before the model finished');
    return text;
  }

  async function fallbackWithNote(evidence: Evidence, options: AnswerOptions): Promise<Answer> {
    const fb = await fallback.answer(evidence, options);
    const note = evidence.parsed.script === 'traditional' ? toTraditional(LLM_UNAVAILABLE_NOTE) : LLM_UNAVAILABLE_NOTE;
    return { ...fb, note: fb.note ? `${note} ${fb.note}` : note };
  }

  return {
    mode: 'llm',
    async answer(evidence: Evidence, options: AnswerOptions = {}): Promise<Answer> {
      // Nothing to ground an answer in: the extractive side abstains honestly.
      if (evidence.hits.length === 0) return fallback.answer(evidence, options);

      const numbering = passageNumbering(evidence);
      const messages = buildLlmMessages(evidence);

      let raw: string;
      try {
        raw = await limit(() => complete(messages, options));
      } catch (err) {
        if (options.signal?.aborted) throw options.signal.reason;
        log('llm unavailable', describeError(err, redact));
        return fallbackWithNote(evidence, options);
      }

      const text = raw.trim();
      if (normalizeText(text).startsWith(NOT_FOUND_PREFIX)) {
        log('llm found no answer in the passages');
        return fallback.answer(evidence, options);
      }

      const grounding = checkGrounding(text, groundingPassages(numbering), { knownNames });
      if (!grounding.ok) {
        log('llm answer not grounded', { reason: redact(grounding.reason) });
        return fallback.answer(evidence, options);
      }

      return {
        question: evidence.parsed.raw,
        ...citedAnswer(text, numbering),
        abstained: false,
        mode: 'llm',
        retrieved: evidence.hits.map((h) => ({ docId: h.passage.docId, passageId: h.passage.passageId, score: h.score })),
      };
    },
  };
}

function groundingPassages(numbering: Map<number, Hit>): Map<number, GroundingPassage> {
  const out = new Map<number, GroundingPassage>();
  for (const [n, { passage: p }] of numbering) out.set(n, { text: p.text, norm: p.norm, title: p.title, date: p.date });
  return out;
}

/** Renumber the cited passages 1..k by first appearance and build the matching citation list. */
export function citedAnswer(text: string, numbering: Map<number, Hit>): { answer: string; citations: Citation[] } {
  const sentences = splitCitedSentences(text);
  const { text: answer, order } = renumberCitations(text);
  const citations = order.map((old, i): Citation => {
    const p = numbering.get(old)!.passage;
    const claims = sentences.filter((s) => s.cites.includes(old)).map((s) => s.text);
    return {
      n: i + 1,
      docId: p.docId,
      passageId: p.passageId,
      title: p.title,
      source: p.source,
      date: p.date,
      quote: pickQuote(p, claims),
    };
  });
  return { answer, citations };
}

function bigrams(text: string): Set<string> {
  const chars = [...text.replace(/[^\p{L}\p{N}.%]/gu, '')];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}

/** The passage sentence(s) sharing most with the answer sentences that cite it, in the passage's own script. */
function pickQuote(passage: Pick<Passage, 'text'>, claims: string[]): string {
  const wanted = bigrams(normalizeText(claims.join('')));
  const sentences = passage.text.split(/(?<=[。！？!?；;\n])/).filter((s) => s.trim() !== '');
  const scored = sentences
    .map((s, i) => {
      const grams = bigrams(normalizeText(s));
      let shared = 0;
      for (const g of grams) if (wanted.has(g)) shared++;
      return { i, s: s.trim(), shared };
    })
    .filter((x) => x.shared > 0)
    .sort((a, b) => b.shared - a.shared || a.i - b.i);
  if (scored.length === 0) return clip(passage.text.trim(), QUOTE_FALLBACK_CHARS);

  const picked = [scored[0]];
  const second = scored[1];
  // A second sentence only when it carries comparable support and the quote stays short.
  if (second && second.shared * 2 >= scored[0].shared && scored[0].s.length + second.s.length <= QUOTE_MAX_CHARS) {
    picked.push(second);
  }
  return clip(
    picked
      .sort((a, b) => a.i - b.i)
      .map((x) => x.s)
      .join(''),
    QUOTE_MAX_CHARS,
  );
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

function describeError(err: unknown, redact: (s: string) => string): Record<string, unknown> {
  if (err instanceof OpenAI.APIError) {
    return { error: redact(err.message), status: err.status, type: err.constructor.name };
  }
  if (err instanceof Error) return { error: redact(err.message), type: err.name };
  return { error: redact(String(err)) };
}
