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

/**
 * A filter that may also list every id it accepts (ascending). The list is only a shortcut: with
 * few accepted ids, scoring just those is cheaper than walking every posting.
 */
export type AcceptFilter = ((id: number) => boolean) & { readonly ids?: Uint32Array };

const K1 = 1.2;
const B = 0.75;

/**
 * Collects documents one at a time, so a large corpus never has to hold every document's terms:
 * each document becomes (term number, tf) pairs in fixed-size typed chunks, sorted into postings at
 * the end. The result is the same as `Bm25Index.build` over the same documents.
 */
export class Bm25Builder {
  private readonly termIndex = new Map<string, number>();
  private readonly terms: string[] = [];
  // Pairs live in chunks: growing one big array would copy it and leave up to half of it unused.
  private readonly termChunks: Uint32Array[] = [];
  private readonly tfChunks: Uint16Array[] = [];
  private pairCount = 0;
  private lengths = new Uint32Array(1 << 10);
  /** Distinct terms per document: the length of its run of pairs. */
  private distinct = new Uint32Array(1 << 10);
  private docs = 0;

  add(terms: readonly string[]): void {
    if (this.docs === this.lengths.length) {
      this.lengths = grow(this.lengths, this.docs * 2);
      this.distinct = grow(this.distinct, this.docs * 2);
    }
    // Term numbers follow first appearance in the corpus, as `build` always numbered them.
    // A fresh map per document: one long-lived map, cleared each time, sends every table it
    // grows into the old generation and more than doubles the peak memory of a large build.
    const tf = new Map<number, number>();
    for (const t of terms) {
      let ti = this.termIndex.get(t);
      if (ti === undefined) {
        ti = this.terms.length;
        this.termIndex.set(t, ti);
        this.terms.push(t);
      }
      tf.set(ti, (tf.get(ti) ?? 0) + 1);
    }
    for (const [ti, n] of tf) {
      const slot = this.pairCount & CHUNK_MASK;
      if (slot === 0) {
        this.termChunks.push(new Uint32Array(CHUNK));
        this.tfChunks.push(new Uint16Array(CHUNK));
      }
      this.termChunks[this.termChunks.length - 1][slot] = ti;
      this.tfChunks[this.tfChunks.length - 1][slot] = Math.min(n, 65535);
      this.pairCount++;
    }
    this.lengths[this.docs] = terms.length;
    this.distinct[this.docs] = tf.size;
    this.docs++;
  }

  /** Sort the pairs into postings (a counting sort by term); the builder is spent afterwards. */
  finish(): Bm25Index {
    const termCount = this.terms.length;
    const offsets = new Uint32Array(termCount + 1);
    for (const chunk of this.termChunks) for (let i = 0; i < chunk.length; i++) offsets[chunk[i] + 1]++;
    // The unused tail of the last chunk counted as term 0; take it back.
    offsets[1] -= this.termChunks.length * CHUNK - this.pairCount;
    for (let t = 0; t < termCount; t++) offsets[t + 1] += offsets[t];
    const ids = new Uint32Array(this.pairCount);
    const tfs = new Uint16Array(this.pairCount);
    const next = offsets.slice(0, termCount);
    // Pairs are stored document after document, each document's pairs in one run; documents were
    // added in id order, so each posting list comes out sorted by id.
    let doc = 0;
    let left = this.docs > 0 ? this.distinct[0] : 0;
    for (let c = 0, at = 0; c < this.termChunks.length; c++) {
      const termsOf = this.termChunks[c];
      const tfsOf = this.tfChunks[c];
      for (let i = 0; i < CHUNK && at < this.pairCount; i++, at++) {
        while (left === 0) left = this.distinct[++doc];
        const slot = next[termsOf[i]]++;
        ids[slot] = doc;
        tfs[slot] = tfsOf[i];
        left--;
      }
      // Read once: let each chunk go as soon as it is sorted in.
      this.termChunks[c] = EMPTY_U32;
      this.tfChunks[c] = EMPTY_U16;
    }
    return new Bm25Index({ terms: this.terms, offsets, ids, tfs, lengths: this.lengths.slice(0, this.docs) });
  }
}

const CHUNK = 1 << 20;
const CHUNK_MASK = CHUNK - 1;
const EMPTY_U32 = new Uint32Array(0);
const EMPTY_U16 = new Uint16Array(0);

function grow<T extends Uint32Array | Uint16Array>(array: T, size: number): T {
  const next = new (array.constructor as { new (n: number): T })(size);
  next.set(array);
  return next;
}

export class Bm25Index {
  private readonly termIndex: Map<string, number>;
  private readonly avgLength: number;
  /** K1 · (1 − B + B · length / avgLength) per document: the length part of BM25's denominator. */
  private readonly lengthNorm: Float64Array;
  // Scratch space reused by every search (searches are synchronous).
  private scores: Float64Array | null = null;
  private touched: Uint32Array | null = null;
  /** Position of each candidate id in the list being scored, -1 for the others. */
  private slots: Int32Array | null = null;

  constructor(readonly data: Bm25Data) {
    this.termIndex = new Map();
    data.terms.forEach((t, i) => this.termIndex.set(t, i));
    let total = 0;
    for (const l of data.lengths) total += l;
    this.avgLength = data.lengths.length ? total / data.lengths.length : 1;
    this.lengthNorm = new Float64Array(data.lengths.length);
    for (let id = 0; id < data.lengths.length; id++) this.lengthNorm[id] = K1 * (1 - B + (B * data.lengths[id]) / this.avgLength);
  }

  get size(): number {
    return this.data.lengths.length;
  }

  static build(docs: string[][]): Bm25Index {
    const builder = new Bm25Builder();
    for (const terms of docs) builder.add(terms);
    return builder.finish();
  }

  /**
   * Top-k ids for the query terms, best first (ties by id); `accept` restricts the candidates
   * (constraints). Scores are summed term by term in query order, whichever way the candidates are
   * found, so both ways give the same numbers.
   */
  search(queryTerms: string[], k: number, accept?: AcceptFilter): ScoredId[] {
    const n = this.size;
    if (n === 0 || k <= 0) return [];
    const counted = new Map<string, number>();
    for (const t of queryTerms) counted.set(t, (counted.get(t) ?? 0) + 1);
    const query: { ti: number; qtf: number; idf: number }[] = [];
    let postings = 0;
    for (const [term, qtf] of counted) {
      const ti = this.termIndex.get(term);
      if (ti === undefined) continue;
      const df = this.data.offsets[ti + 1] - this.data.offsets[ti];
      query.push({ ti, qtf, idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)) });
      postings += df;
    }
    if (query.length === 0) return [];

    const ids = accept?.ids;
    if (ids && ids.length * query.length * 8 < postings) return this.searchAmong(query, ids, k);

    const scores = (this.scores ??= new Float64Array(n));
    const touched = (this.touched ??= new Uint32Array(n));
    let count = 0;
    const { offsets, ids: postingIds, tfs } = this.data;
    const lengthNorm = this.lengthNorm;
    for (const { ti, qtf, idf } of query) {
      const end = offsets[ti + 1];
      for (let at = offsets[ti]; at < end; at++) {
        const id = postingIds[at];
        const tf = tfs[at];
        // Every term adds a positive amount, so a zero score means "not seen yet".
        if (scores[id] === 0) touched[count++] = id;
        scores[id] += qtf * idf * ((tf * (K1 + 1)) / (tf + lengthNorm[id]));
      }
    }
    if (k >= count) {
      // Everything that matched is wanted (the caller asked for all of it): no need for a heap.
      const out: ScoredId[] = [];
      for (let i = 0; i < count; i++) {
        const id = touched[i];
        const score = scores[id];
        scores[id] = 0;
        if (!accept || accept(id)) out.push({ id, score });
      }
      return out.sort((a, b) => b.score - a.score || a.id - b.id);
    }
    const top = new TopK(k);
    for (let i = 0; i < count; i++) {
      const id = touched[i];
      const score = scores[id];
      scores[id] = 0;
      if (top.wants(id, score) && (!accept || accept(id))) top.push(id, score);
    }
    return top.sorted();
  }

  /**
   * Score only the given ids. Per term, whichever is cheaper: walk its postings and pick out the
   * candidates (rare terms), or look each candidate up in the postings, sorted by id (common ones).
   */
  private searchAmong(query: { ti: number; qtf: number; idf: number }[], ids: Uint32Array, k: number): ScoredId[] {
    const scores = new Float64Array(ids.length);
    const { offsets, ids: postingIds, tfs } = this.data;
    const slots = (this.slots ??= new Int32Array(this.size).fill(-1));
    ids.forEach((id, j) => (slots[id] = j));
    try {
      for (const { ti, qtf, idf } of query) {
        let lo = offsets[ti];
        const end = offsets[ti + 1];
        if (end - lo <= ids.length * 4) {
          for (let at = lo; at < end; at++) {
            const j = slots[postingIds[at]];
            if (j < 0) continue;
            const tf = tfs[at];
            scores[j] += qtf * idf * ((tf * (K1 + 1)) / (tf + this.lengthNorm[postingIds[at]]));
          }
          continue;
        }
        for (let j = 0; j < ids.length && lo < end; j++) {
          const id = ids[j];
          // Candidates ascend, so the search for the next one starts where this one stopped: gallop
          // ahead to bracket it, then halve.
          let step = 1;
          while (lo + step < end && postingIds[lo + step] < id) step *= 2;
          let hi = Math.min(lo + step + 1, end);
          if (step > 1) lo += step >> 1;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (postingIds[mid] < id) lo = mid + 1;
            else hi = mid;
          }
          if (lo < end && postingIds[lo] === id) {
            const tf = tfs[lo];
            scores[j] += qtf * idf * ((tf * (K1 + 1)) / (tf + this.lengthNorm[id]));
          }
        }
      }
    } finally {
      for (const id of ids) slots[id] = -1;
    }
    const top = new TopK(k);
    for (let j = 0; j < ids.length; j++) if (scores[j] > 0 && top.wants(ids[j], scores[j])) top.push(ids[j], scores[j]);
    return top.sorted();
  }

  /** Document frequency share of a term, for weighting question keywords. */
  idf(term: string): number {
    const ti = this.termIndex.get(term);
    const df = ti === undefined ? 0 : this.data.offsets[ti + 1] - this.data.offsets[ti];
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }
}

/** The k best (score, id) pairs by score descending, then id ascending: a bounded heap, worst on top. */
class TopK {
  private readonly ids: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  /** Whether (id, score) would make it into the current top k. */
  wants(id: number, score: number): boolean {
    return this.ids.length < this.k || worse(this.scores[0], this.ids[0], score, id);
  }

  push(id: number, score: number): void {
    const { ids, scores } = this;
    if (ids.length < this.k) {
      ids.push(id);
      scores.push(score);
      let i = ids.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(scores[i], ids[i], scores[parent], ids[parent])) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    ids[0] = id;
    scores[0] = score;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < ids.length && worse(scores[l], ids[l], scores[w], ids[w])) w = l;
      if (r < ids.length && worse(scores[r], ids[r], scores[w], ids[w])) w = r;
      if (w === i) break;
      this.swap(i, w);
      i = w;
    }
  }

  sorted(): ScoredId[] {
    return this.ids.map((id, i) => ({ id, score: this.scores[i] })).sort((a, b) => b.score - a.score || a.id - b.id);
  }

  private swap(a: number, b: number): void {
    [this.ids[a], this.ids[b]] = [this.ids[b], this.ids[a]];
    [this.scores[a], this.scores[b]] = [this.scores[b], this.scores[a]];
  }
}

/** True when (s1, id1) ranks below (s2, id2): a lower score, or the same score and a higher id. */
function worse(s1: number, id1: number, s2: number, id2: number): boolean {
  return s1 < s2 || (s1 === s2 && id1 > id2);
}
