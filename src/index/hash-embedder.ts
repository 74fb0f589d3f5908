import type { Tokenizer } from '../corpus/types.js';
import { analyze } from '../qa/terms.js';
import { l2normalize, type Embedder, type EmbedKind } from './embedder.js';

const DEFAULT_DIM = 512;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Offline embedder: signed feature hashing of jieba words and character bigrams, weighted by
 * jieba's corpus-independent IDF table (so vectors never depend on what else was ingested),
 * with sublinear term frequency, L2-normalized.
 */
export class HashEmbedder implements Embedder {
  readonly id: string;

  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly idf: Map<string, number>,
    readonly dim = DEFAULT_DIM,
  ) {
    this.id = `hash-v1-${dim}`;
  }

  async embed(texts: string[], _kind: EmbedKind): Promise<Float32Array[]> {
    return texts.map((t) => this.embedTerms(analyze(this.tokenizer, t)));
  }

  embedTerms(terms: string[]): Float32Array {
    const v = new Float32Array(this.dim);
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, n] of tf) {
      const isBigram = term.startsWith('§');
      // Bigrams carry less meaning than words; unknown words are likely names and weigh more.
      const weight = (isBigram ? 0.5 * (this.idf.get(term.slice(1)) ?? 8) : (this.idf.get(term) ?? 12)) * (1 + Math.log(n));
      const h = fnv1a(term);
      v[h % this.dim] += h & 0x80000000 ? -weight : weight;
    }
    return l2normalize(v);
  }
}

/** Parse jieba's `word idf` table (a line per word; the last space separates the number). */
export function parseIdfTable(text: string): Map<string, number> {
  const idf = new Map<string, number>();
  // Walks the text instead of splitting it: the table has a quarter of a million lines and is
  // parsed whenever an index is loaded.
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const sp = end > start ? text.lastIndexOf(' ', end - 1) : -1;
    if (sp > start) idf.set(text.slice(start, sp), Number(text.slice(sp + 1, end)));
    start = end + 1;
  }
  return idf;
}
