/** Okapi BM25 over pre-analyzed terms, stored as compact typed arrays so large indexes load fast. */
export interface Bm25Data {
  terms: string[];
  /** postings of term t are ids[offsets[t] .. offsets[t+1]) */
  offsets: Uint32Array;
  ids: Uint32Array;
  tfs: Uint16Array;
  lengths: Uint32Array;
}

export interface ScoredId {
  id: number;
  score: number;
}

const K1 = 1.2;
const B = 0.75;

export class Bm25Index {
  private readonly termIndex: Map<string, number>;
  private readonly avgLength: number;

  constructor(readonly data: Bm25Data) {
    this.termIndex = new Map(data.terms.map((t, i) => [t, i]));
    let total = 0;
    for (const l of data.lengths) total += l;
    this.avgLength = data.lengths.length ? total / data.lengths.length : 1;
  }

  get size(): number {
    return this.data.lengths.length;
  }

  static build(docs: string[][]): Bm25Index {
    const postings = new Map<string, number[]>();
    const lengths = new Uint32Array(docs.length);
    docs.forEach((terms, id) => {
      lengths[id] = terms.length;
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let list = postings.get(t);
        if (!list) postings.set(t, (list = []));
        list.push(id, Math.min(n, 65535));
      }
    });
    const terms = [...postings.keys()];
    const offsets = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach((t, i) => {
      offsets[i] = total;
      total += postings.get(t)!.length / 2;
    });
    offsets[terms.length] = total;
    const ids = new Uint32Array(total);
    const tfs = new Uint16Array(total);
    terms.forEach((t, i) => {
      const list = postings.get(t)!;
      for (let j = 0, at = offsets[i]; j < list.length; j += 2, at++) {
        ids[at] = list[j];
        tfs[at] = list[j + 1];
      }
    });
    return new Bm25Index({ terms, offsets, ids, tfs, lengths });
  }

  /** Top-k ids for the query terms; `accept` restricts the candidates (constraints). */
  search(queryTerms: string[], k: number, accept?: (id: number) => boolean): ScoredId[] {
    const n = this.size;
    if (n === 0) return [];
    const scores = new Map<number, number>();
    const counted = new Map<string, number>();
    for (const t of queryTerms) counted.set(t, (counted.get(t) ?? 0) + 1);
    for (const [term, qtf] of counted) {
      const ti = this.termIndex.get(term);
      if (ti === undefined) continue;
      const start = this.data.offsets[ti];
      const end = this.data.offsets[ti + 1];
      const df = end - start;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let at = start; at < end; at++) {
        const id = this.data.ids[at];
        const tf = this.data.tfs[at];
        const norm = tf + K1 * (1 - B + (B * this.data.lengths[id]) / this.avgLength);
        scores.set(id, (scores.get(id) ?? 0) + qtf * idf * ((tf * (K1 + 1)) / norm));
      }
    }
    const out: ScoredId[] = [];
    for (const [id, score] of scores) if (!accept || accept(id)) out.push({ id, score });
    out.sort((a, b) => b.score - a.score || a.id - b.id);
    return out.slice(0, k);
  }

  /** Document frequency share of a term, for weighting question keywords. */
  idf(term: string): number {
    const ti = this.termIndex.get(term);
    const df = ti === undefined ? 0 : this.data.offsets[ti + 1] - this.data.offsets[ti];
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }
}
