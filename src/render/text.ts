import { isTraditional } from '../corpus/normalize.js';
import type { Answer } from '../qa/types.js';

/** Plain text for terminals: the answer, then numbered sources. */
export function renderAnswerText(answer: Answer): string {
  const lines = [answer.answer];
  if (answer.note) lines.push('', `（${answer.note}）`);
  if (answer.citations.length) {
    // The heading follows the answer's script, like everything else in it.
    lines.push('', isTraditional(answer.answer) ? '來源：' : '来源：');
    for (const c of answer.citations) lines.push(`[${c.n}] ${c.title} · ${c.source ?? '来源不详'} · ${c.date ?? '日期不详'}`);
  }
  return lines.join('\n');
}
