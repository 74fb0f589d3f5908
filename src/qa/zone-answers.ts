import { toTraditional } from '../corpus/normalize.js';
import type { Answer, Citation, RetrievedRef, Script } from './types.js';

/** The answer about one of the zones or people a question names. */
export interface ZoneAnswer {
  /** The zone or person the part is about; it heads the part. */
  heading: string;
  answer: Answer;
}

/**
 * One answer from the answers to a question asked about several zones (or people) at once: a
 * headed section per zone, citations renumbered into one sources list (a passage cited twice keeps one number),
 * and retrieval interleaved so each zone's best articles stay near the top.
 */
export function mergeZoneAnswers(question: string, parts: ZoneAnswer[], script: Script = 'simplified'): Answer {
  const citations: Citation[] = [];
  const sections: string[] = [];
  for (const { heading: subject, answer } of parts) {
    const renumbered = new Map<number, number>();
    for (const c of answer.citations) {
      const same = citations.find((x) => x.passageId === c.passageId);
      if (same) {
        renumbered.set(c.n, same.n);
        continue;
      }
      citations.push({ ...c, n: citations.length + 1 });
      renumbered.set(c.n, citations.length);
    }
    const body = answer.answer.replace(/\[(\d+)\]/g, (m, n: string) => (renumbered.has(Number(n)) ? `[${renumbered.get(Number(n))}]` : m));
    const heading = script === 'traditional' ? toTraditional(subject) : subject;
    sections.push(`【${heading}】\n${body}`);
  }
  const retrieved: RetrievedRef[] = [];
  const seen = new Set<string>();
  for (let i = 0; parts.some((p) => i < p.answer.retrieved.length); i++) {
    for (const p of parts) {
      const r = p.answer.retrieved[i];
      if (r && !seen.has(r.passageId)) {
        seen.add(r.passageId);
        retrieved.push(r);
      }
    }
  }
  const notes = [...new Set(parts.map((p) => p.answer.note).filter((n): n is string => !!n))];
  return {
    question,
    answer: sections.join('\n'),
    abstained: parts.every((p) => p.answer.abstained),
    mode: parts.every((p) => p.answer.mode === 'llm') ? 'llm' : 'extractive',
    citations,
    retrieved,
    ...(notes.length ? { note: notes.join(' ') } : {}),
  };
}
