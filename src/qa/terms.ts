import type { Tokenizer } from '../corpus/types.js';

const PUNCT_OR_SPACE = /^[\s\p{P}\p{S}]+$/u;

/**
 * Matching terms for BM25 and hashing: jieba words plus CJK character bigrams, so that a
 * question segmented differently from a passage (湘江新区 vs 湖南湘江新区) still matches.
 */
export function analyze(tokenizer: Tokenizer, norm: string): string[] {
  const out: string[] = [];
  for (const w of tokenizer.cut(norm)) {
    const t = w.trim().toLowerCase();
    if (t && !PUNCT_OR_SPACE.test(t)) out.push(t);
  }
  for (const run of norm.match(/[\u3400-\u9fff]{2,}/g) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.push('§' + run.slice(i, i + 2));
  }
  return out;
}
