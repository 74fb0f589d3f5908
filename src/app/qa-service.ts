import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { normalizeText, toTraditional } from '../corpus/normalize.js';
import { IndexCorruptError, UsageError } from '../errors.js';
import { Bm25Index } from '../index/bm25.js';
import { embedderForIndex } from '../index/embedders.js';
import { HnswVectorIndex } from '../index/hnsw-index.js';
import { createJiebaTokenizer } from '../index/jieba-tokenizer.js';
import { indexVersion, readIndex } from '../index/store.js';
import { BriefBook } from '../knowledge/brief-book.js';
import { createOpenAiAnswerer } from '../llm/openai-answerer.js';
import { QaEngine } from '../qa/engine.js';
import { ASKS_WHO, ExtractiveAnswerer } from '../qa/extractive.js';
import type { Lexicon } from '../qa/parse.js';
import { smallTalkAnswer, smallTalkOf } from '../qa/small-talk.js';
import { mergeZoneAnswers } from '../qa/zone-answers.js';
import type { Answer, AnswerOptions, Answerer, QaService } from '../qa/types.js';
import { ensureIndex } from './ensure-index.js';

export const MAX_QUESTION_CHARS = 500;
const EACH_PERSON = /分别|各自|各是|职务|头衔|什么职位/;
/** 简报 <docId|zone|person>, as on the slash command. */
const BRIEF_REQUEST = /^简报(?:[\s:：]+(.+))?$/;

const DEFAULT_LEXICON = fileURLToPath(new URL('../../resources/lexicon.json', import.meta.url));

const ENGLISH_DICTIONARY = fileURLToPath(new URL('../../resources/english-glossary.json', import.meta.url));
let englishDictionary: Record<string, string[]> | undefined;

/** The general English→Chinese dictionary, read once, on the first question asked in English. */
export function loadEnglishDictionary(): Record<string, string[]> {
  englishDictionary ??= (JSON.parse(readFileSync(ENGLISH_DICTIONARY, 'utf8')) as { glossary: Record<string, string[]> }).glossary;
  return englishDictionary;
}

export function loadLexicon(file = DEFAULT_LEXICON): Lexicon {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Lexicon;
  return { synonyms: data.synonyms ?? {}, english: data.english ?? {}, indicators: data.indicators ?? {}, questionWords: data.questionWords ?? [] };
}

/** Clean a user's question: control characters out, length bounded. Empty input is a usage error. */
export function sanitizeQuestion(input: string): { question: string; truncated: boolean } {
  // eslint-disable-next-line no-control-regex
  const cleaned = input.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\ufeff]/g, '').replace(/\s+/g, ' ').trim();
  if (!cleaned) throw new UsageError('请输入一个问题，例如：npm run ask -- "岳阳经开区今年的GDP目标是多少？"');
  const chars = [...cleaned];
  if (chars.length <= MAX_QUESTION_CHARS) return { question: cleaned, truncated: false };
  return { question: chars.slice(0, MAX_QUESTION_CHARS).join(''), truncated: true };
}

export interface LoadedQa {
  engine: QaEngine;
  extractive: ExtractiveAnswerer;
  answerer: Answerer;
  briefs: BriefBook;
  version: string | null;
}

/** Load the published index into memory and wire the core to its adapters. */
export async function loadQa(config: Config, log: (line: string) => void = () => {}): Promise<LoadedQa> {
  const version = indexVersion(config.INDEX_DIR);
  const contents = readIndex(config.INDEX_DIR);
  const lexicon = loadLexicon();
  // Lexicon phrases (头三个月, 社会消费品零售总额) stay whole in questions, so their synonyms apply.
  const tokenizer = createJiebaTokenizer([...contents.userWords, ...Object.keys(lexicon.synonyms), ...Object.values(lexicon.indicators).flat()]);
  const embedder = await embedderForIndex(contents.manifest.embedder, config, tokenizer);
  const bm25 = new Bm25Index(contents.bm25);
  const vectors = HnswVectorIndex.load(contents.hnswFile, contents.manifest.embedder.dim);
  const briefs = BriefBook.from(contents.facts, contents.passages);
  const engine = new QaEngine({
    index: {
      passages: contents.passages,
      tokenizer,
      keywordSearch: (terms, k, accept) => bm25.search(terms, k, accept),
      idf: (term) => bm25.idf(term),
      vectors,
      embedQuery: async (text) => (await embedder.embed([text], 'query'))[0],
    },
    lexicon,
    people: briefs.people(),
    places: briefs.places(),
    facts: briefs,
    englishDictionary: loadEnglishDictionary,
  });
  const extractive = new ExtractiveAnswerer((indicator) => engine.indicatorForms(indicator), briefs.people());
  const answerer: Answerer = config.OPENAI_API_KEY
    ? createOpenAiAnswerer({ config, fallback: extractive, knownNames: briefs.people(), log: (msg) => log(msg) })
    : extractive;
  return { engine, extractive, answerer, briefs, version };
}

export interface AskResult extends Answer {
  latencyMs: number;
}

// A question word, in either language: a part without one is not a question of its own.
const ASKS = /谁|什么|多少|哪|几|怎么|如何|是否|吗|呢|\b(?:who|what|which|how|when|where|did|does|is|are)\b/i;

/**
 * The separate questions in one message (…增速是多少？规上工业总产值达到多少？): each part that asks
 * something of its own, in order. One part when there is only one.
 */
export function askedParts(question: string): string[] {
  const parts = question
    .split(/(?<=[?？])\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length > 1 && parts.every((p) => ASKS.test(p))) return parts;
  // 奖励了多少家企业，奖励资金多少: two asks joined by a comma, each with its own question word.
  const clauses = question.split(/[，,；;]\s*/).filter(Boolean);
  const asking = clauses.filter((c) => CHINESE_ASK.test(c));
  if (clauses.length === 2 && asking.length === 2 && !/分别|各自|和|与|及/.test(clauses[1])) return [clauses[0], clauses[1]];
  return [question];
}
const CHINESE_ASK = /谁|什么|多少|哪[个些位天里几一二三四五六七八九十]|几[个家项月日天次]|怎么|如何/;
/** A part whose subject is left to the part before it: 他/她…, 在…会上讲了什么, 又说了什么. */
const ABOUT_THAT_PERSON = /^(?:他|她|其|此人|该人|在|又|还)/;

// What a question says when it names nothing particular: asks, roles, generic indicators, the
// current year. A question made only of these could be about any meeting.
const GENERIC = /会议|会上|这次|那次|那个|这个|该|今年|本次|谁|主持|讲话|出席|参加|要求|强调|提出|部署|目标|多少|是|的|了|呢|吗|啊|呀|哪些|什么|几|开|召开|时候|哪天|哪里|地方|GDP|生产总值|税收|增长|投资|请问|一下|会|人|有|在/g;

function whichZone(qa: LoadedQa, question: string, history: string[] | undefined): Answer | null {
  if (history?.length) return null;
  const parsed = qa.engine.parse(question);
  const plain = normalizeText(question).replace(/[\s\p{P}\p{S}]/gu, '');
  if (parsed.zone || parsed.unknownZone || parsed.person || parsed.year || /[A-Za-z]{3,}/.test(plain) && !/GDP/i.test(plain)) return null;
  if (plain.replace(GENERIC, '').length > 1) return null;
  const zones = qa.engine.summary().zones;
  if (zones.length < 2) return null;
  const shown = zones.slice(0, 8);
  const example = `${shown[0]}${question.replace(/^[\s？?。]+/, '')}`;
  const text = `资料里有 ${zones.length} 个地区的会议（${shown.join('、')}${zones.length > shown.length ? ' 等' : ''}），请说明问的是哪一个，例如：“${example}”`;
  return { question, answer: parsed.script === 'traditional' ? toTraditional(text) : text, abstained: true, mode: 'extractive', citations: [], retrieved: [] };
}

export async function answerWith(qa: LoadedQa, input: string, options: AnswerOptions & { history?: string[] } = {}): Promise<AskResult> {
  const started = performance.now();
  const { question, truncated } = sanitizeQuestion(input);
  const parts = askedParts(question);
  if (parts.length > 1) {
    // Each part is answered in turn; a later part that names no zone or year keeps the earlier
    // part's, as a follow-up in a thread does.
    const answers = [];
    let history = options.history ?? [];
    for (const [i, part] of parts.entries()) {
      // 衡阳高新区党工委书记是谁？在上半年调度会上讲了什么？: the second part is about whoever the
      // first names; when the first finds no one, the second has no one to answer about.
      const previous = answers[i - 1];
      if (previous?.answer.abstained && ASKS_WHO.test(parts[i - 1]) && !qa.engine.parse(part).person && ABOUT_THAT_PERSON.test(part.trim())) {
        const text = '资料中没有找到前一问所问的人，这一问也就无从回答。';
        answers.push({ heading: part, answer: { question: part, answer: qa.engine.parse(question).script === 'traditional' ? toTraditional(text) : text, abstained: true, mode: 'extractive' as const, citations: [], retrieved: [], latencyMs: 0 } });
        history = [...history, part];
        continue;
      }
      answers.push({ heading: part, answer: await answerWith(qa, part, { ...options, history, onPartial: undefined }) });
      history = [...history, part];
    }
    const merged = mergeZoneAnswers(question, answers, qa.engine.parse(question).script);
    options.onPartial?.(merged.answer);
    return { ...merged, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  }
  // 简报 with nothing after it asks how to use briefs: the help text says.
  const talk = smallTalkOf(question) ?? (/^简报[\s:：]*$/.test(question.trim()) ? 'help' : null);
  const briefQuery = talk ? null : (BRIEF_REQUEST.exec(question)?.[1]?.trim() ?? (options.history?.length ? null : qa.engine.bareSubject(question)));
  const brief = briefQuery ? qa.briefs.answer(briefQuery, question) : null;
  // 会议谁主持的？ with no zone, person or year and nothing before it in the thread: with several
  // zones in the collection, say which there are and ask, rather than pick one.
  const which = talk || brief ? null : whichZone(qa, question, options.history);
  if (which) {
    options.onPartial?.(which.answer);
    return { ...which, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  }
  const zones = talk || brief ? [] : qa.engine.zonesIn(question, options.history);
  // People are often named together for what they did together (吴桂英、周海兵调研…); only a
  // question asking about each (分别, 各自, 职务) is split.
  const people = talk || brief || zones.length > 1 || !EACH_PERSON.test(normalizeText(question)) ? [] : qa.engine.peopleIn(question, options.history);
  let answer: Answer;
  if (talk) {
    answer = smallTalkAnswer(talk, question, qa.engine.summary());
  } else if (brief) {
    // 简报 岳阳经开区, or just a zone's or a person's name: their meeting briefs.
    answer = brief;
    options.onPartial?.(answer.answer);
  } else if (zones.length > 1 || people.length > 1) {
    // 岳阳经开区和萍乡经开区分别…, 吴桂英和易先荣分别…: each zone or person is answered on its own
    // evidence, then side by side.
    const parts = [];
    const subjects: { zone?: string; person?: string }[] = zones.length > 1 ? zones.map((zone) => ({ zone })) : people.map((person) => ({ person }));
    for (const subject of subjects) {
      const evidence = await qa.engine.evidence(question, options.history, subject);
      parts.push({ heading: subject.zone ?? subject.person!, answer: await qa.answerer.answer(evidence, { signal: options.signal }) });
    }
    answer = mergeZoneAnswers(question, parts, qa.engine.parse(question).script);
    options.onPartial?.(answer.answer);
  } else {
    answer = await qa.answerer.answer(await qa.engine.evidence(question, options.history), options);
  }
  const note = truncated ? `问题过长，只按前 ${MAX_QUESTION_CHARS} 个字回答。` : undefined;
  return {
    ...answer,
    question: input.length > question.length && truncated ? question : answer.question,
    note: [answer.note, note].filter(Boolean).join(' ') || undefined,
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

/**
 * The QaService chat surfaces use: builds the index when missing, and reloads it when ingestion
 * publishes a new version, keeping the old one in service if the new one cannot be loaded.
 */
export async function createQaService(config: Config, log: (line: string) => void = () => {}): Promise<QaService & { current(): LoadedQa }> {
  await ensureIndex(config, log);
  let qa: LoadedQa;
  try {
    qa = await loadQa(config, log);
  } catch (err) {
    // Loading verifies every checksum; a corrupt index is rebuilt once rather than refused.
    if (!(err instanceof IndexCorruptError)) throw err;
    log(`${err.message} Rebuilding…`);
    await ensureIndex(config, log, true);
    qa = await loadQa(config, log);
  }
  let reloading: Promise<void> | null = null;
  const maybeReload = async () => {
    const version = indexVersion(config.INDEX_DIR);
    if (!version || version === qa.version) return;
    reloading ??= loadQa(config, log)
      .then((next) => {
        qa = next;
        log(`Index reloaded (${version}).`);
      })
      .catch((err: Error) => log(`New index could not be loaded, still serving the previous one: ${err.message}`))
      .finally(() => {
        reloading = null;
      });
    await reloading;
  };
  return {
    current: () => qa,
    async ask(question, options = {}) {
      await maybeReload();
      return answerWith(qa, question, options);
    },
    async brief(query) {
      await maybeReload();
      return qa.briefs.markdown(query);
    },
  };
}
