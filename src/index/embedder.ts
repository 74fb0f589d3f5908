export type EmbedKind = 'query' | 'passage';

/** Turns text into L2-normalized vectors. An index remembers the `id` and `dim` that built it. */
export interface Embedder {
  readonly id: string;
  readonly dim: number;
  embed(texts: string[], kind: EmbedKind): Promise<Float32Array[]>;
}

export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}
