import { normalizeText } from '../corpus/normalize.js';
import type { Answer } from './types.js';

export const QUESTION_TYPES = ['leader', 'target', 'directive', 'general', 'paraphrase', 'traditional', 'crosslingual', 'multi', 'unanswerable'] as const;

export interface GoldItem {
  id: string;
  type: string;
  q: string;
  docs: string[];
  facts: string[][];
}

export interface Scored {
  id: string;
  type: string;
  answerable: boolean;
  factOk: boolean;
  citationOk: boolean;
  recallOk: boolean;
  abstainOk: boolean;
  /** An answer given where it lacks a gold fact, or given at all to an unanswerable question. */
  confidentlyWrong: boolean;
  latencyMs: number;
  missingFacts: string[];
  error?: string;
}

export interface Metrics {
  questions: number;
  answerable: number;
  unanswerable: number;
  factAccuracy: number | null;
  citationAccuracy: number | null;
  docRecallAt5: number | null;
  abstentionAccuracy: number | null;
  /** Over all questions: answers that lack a gold fact, plus answers to the unanswerable. */
  confidentlyWrong: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

/** Parse a gold file; each bad line is reported by number. */
export function parseGold(text: string): GoldItem[] {
  const items: GoldItem[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let obj: Partial<GoldItem>;
    try {
      obj = JSON.parse(line) as Partial<GoldItem>;
    } catch {
      throw new Error(`line ${i + 1}: not valid JSON`);
    }
    if (typeof obj.q !== 'string' || !obj.q.trim()) throw new Error(`line ${i + 1}: missing "q"`);
    items.push({ id: obj.id ?? `line${i + 1}`, type: obj.type ?? 'general', q: obj.q, docs: obj.docs ?? [], facts: obj.facts ?? [] });
  });
  return items;
}

const norm = (s: string) => normalizeText(s).toLowerCase();

export function scoreOne(gold: GoldItem, answer: (Answer & { latencyMs?: number }) | { error: string; latencyMs?: number }): Scored {
  const answerable = gold.docs.length > 0 || gold.facts.length > 0;
  const base = { id: gold.id, type: gold.type, answerable, latencyMs: answer.latencyMs ?? 0 };
  if ('error' in answer) {
    return { ...base, factOk: false, citationOk: false, recallOk: false, abstainOk: false, confidentlyWrong: false, missingFacts: gold.facts.map((g) => g[0]), error: answer.error };
  }
  const text = norm(answer.answer);
  const missingFacts = gold.facts.filter((group) => !group.some((alt) => text.includes(norm(alt)))).map((g) => g[0]);
  const cited = new Set(answer.citations.map((c) => c.docId));
  const top5 = new Set(answer.retrieved.slice(0, 5).map((r) => r.docId));
  return {
    ...base,
    factOk: answerable && !answer.abstained && missingFacts.length === 0,
    citationOk: answerable && !answer.abstained && gold.docs.every((d) => cited.has(d)),
    recallOk: answerable && gold.docs.every((d) => top5.has(d)),
    abstainOk: !answerable && answer.abstained,
    confidentlyWrong: !answer.abstained && (!answerable || missingFacts.length > 0),
    missingFacts,
  };
}

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

export function summarize(scored: Scored[]): Metrics {
  const answerable = scored.filter((s) => s.answerable);
  const unanswerable = scored.filter((s) => !s.answerable);
  const latencies = scored.map((s) => s.latencyMs);
  return {
    questions: scored.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    factAccuracy: ratio(answerable.filter((s) => s.factOk).length, answerable.length),
    citationAccuracy: ratio(answerable.filter((s) => s.citationOk).length, answerable.length),
    docRecallAt5: ratio(answerable.filter((s) => s.recallOk).length, answerable.length),
    abstentionAccuracy: ratio(unanswerable.filter((s) => s.abstainOk).length, unanswerable.length),
    confidentlyWrong: ratio(scored.filter((s) => s.confidentlyWrong).length, scored.length),
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
  };
}

export function summarizeByType(scored: Scored[]): Record<string, Metrics> {
  const out: Record<string, Metrics> = {};
  for (const type of new Set(scored.map((s) => s.type))) out[type] = summarize(scored.filter((s) => s.type === type));
  return out;
}

/** What scoring a gold file needs of a question-answering service. */
export interface AskService {
  ask(question: string): Promise<Answer & { latencyMs?: number }>;
}

/**
 * Ask every gold question (one untimed question first, so latencies are warm) and score each;
 * `onScored` sees each result, for listing the misses. A failed question is scored as an error.
 */
export async function scoreGold(qa: AskService, gold: GoldItem[], onScored?: (item: GoldItem, s: Scored, answer: string) => void): Promise<Scored[]> {
  await qa.ask(gold[0]?.q ?? '测试');
  const scored: Scored[] = [];
  for (const item of gold) {
    let result: (Answer & { latencyMs?: number }) | { error: string };
    try {
      result = await qa.ask(item.q);
    } catch (err) {
      result = { error: (err as Error).message };
    }
    const s = scoreOne(item, result);
    scored.push(s);
    onScored?.(item, s, 'answer' in result ? result.answer : result.error);
  }
  return scored;
}
