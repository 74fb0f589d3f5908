import hnswlib from 'hnswlib-node';
import type { VectorHit, VectorIndex } from './vector-index.js';

const M = 16;
const EF_CONSTRUCTION = 100;
const EF_SEARCH = 64;

/** hnswlib-node in cosine space. */
export class HnswVectorIndex implements VectorIndex {
  private constructor(
    private readonly index: hnswlib.HierarchicalNSW,
    readonly dim: number,
  ) {}

  get size(): number {
    return this.index.getCurrentCount();
  }

  static build(vectors: Float32Array[], dim: number): HnswVectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dim);
    index.initIndex(Math.max(1, vectors.length), M, EF_CONSTRUCTION, 42);
    vectors.forEach((v, label) => index.addPoint(Array.from(v), label));
    index.setEf(EF_SEARCH);
    return new HnswVectorIndex(index, dim);
  }

  static load(file: string, dim: number): HnswVectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dim);
    index.readIndexSync(file);
    index.setEf(EF_SEARCH);
    return new HnswVectorIndex(index, dim);
  }

  save(file: string): void {
    this.index.writeIndexSync(file);
  }

  search(query: Float32Array, k: number, accept?: (label: number) => boolean): VectorHit[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const result = accept
      ? this.index.searchKnn(Array.from(query), n, accept)
      : this.index.searchKnn(Array.from(query), n);
    // hnswlib reports cosine distance (1 - similarity).
    return result.neighbors.map((label, i) => ({ label, score: 1 - result.distances[i] }));
  }
}
