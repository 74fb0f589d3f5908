export interface VectorHit {
  label: number;
  /** Cosine similarity in [-1, 1]. */
  score: number;
}

/** Nearest-neighbour search over passage vectors; labels are passage positions in the index. */
export interface VectorIndex {
  readonly dim: number;
  readonly size: number;
  search(query: Float32Array, k: number, accept?: (label: number) => boolean): VectorHit[];
}
