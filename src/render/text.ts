import type { Answer } from '../qa/types.js';

/** An answer for a terminal: the text with its `[n]`, an optional note, then the numbered sources. */
export function renderAnswerText(answer: Answer): string {
  const lines = [answer.answer.trim()];
  if (answer.note) lines.push(`（${answer.note}）`);
  const citations = [...answer.citations].sort((a, b) => a.n - b.n);
  if (citations.length > 0) {
    lines.push('', '来源：');
    for (const c of citations) {
      const meta = [c.title, c.source, c.date].filter((p): p is string => Boolean(p && p.trim()));
      lines.push(`[${c.n}] ${meta.join(' · ')}`);
    }
  }
  return lines.join('\n');
}
