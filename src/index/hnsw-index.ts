import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import hnswlib from 'hnswlib-node';
import type { AcceptFilter } from './bm25.js';
import type { VectorHit, VectorIndex } from './vector-index.js';
import { IndexBuildError } from '../errors.js';

const M = 16;
const EF_CONSTRUCTION = 100;
const EF_SEARCH = 64;
const SEED = 42;
/**
 * A filter that lets at most this many vectors through is served by comparing with each of them:
 * exact, and far cheaper than a graph walk that must skip everything the filter rejects.
 */
const EXACT_MAX = 4096;
/** The store keeps the raw vectors beside hnswlib's file under this name. */
const RAW_VECTORS = 'vectors.f32';

/** hnswlib-node in cosine space. */
export class HnswVectorIndex implements VectorIndex {
  /** 1/|v| per row, filled on first use (0 = not yet). */
  private inverseNorms: Float32Array | null = null;

  private constructor(
    private readonly index: hnswlib.HierarchicalNSW,
    readonly dim: number,
    /** The vectors row by row (label = row), when available, for exact search among few candidates. */
    private readonly raw: Float32Array | null = null,
  ) {}

  get size(): number {
    return this.index.getCurrentCount();
  }

  static build(vectors: Float32Array[], dim: number): HnswVectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dim);
    index.initIndex(Math.max(1, vectors.length), M, EF_CONSTRUCTION, SEED);
    vectors.forEach((v, label) => index.addPoint(Array.from(v), label));
    index.setEf(EF_SEARCH);
    return new HnswVectorIndex(index, dim);
  }

  /**
   * Starts building the graph on another thread from `vectors` (n rows of `dim`, in shared memory)
   * while the caller is still filling them: announce filled rows with `added`. Points are inserted
   * in label order with the same parameters as `build`, so the graph is the same.
   */
  static buildInBackground(vectors: Float32Array, dim: number): BackgroundBuild {
    return new BackgroundBuild(vectors, dim);
  }

  static load(file: string, dim: number): HnswVectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dim);
    index.readIndexSync(file);
    index.setEf(EF_SEARCH);
    return new HnswVectorIndex(index, dim, readRawVectors(join(dirname(file), RAW_VECTORS), index.getCurrentCount() * dim));
  }

  save(file: string): void {
    this.index.writeIndexSync(file);
  }

  search(query: Float32Array, k: number, accept?: AcceptFilter): VectorHit[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const ids = accept?.ids;
    if (ids && this.raw && ids.length <= EXACT_MAX) return this.searchAmong(query, n, ids);
    const result = accept
      ? this.index.searchKnn(Array.from(query), n, accept)
      : this.index.searchKnn(Array.from(query), n);
    // hnswlib reports cosine distance (1 - similarity).
    return result.neighbors.map((label, i) => ({ label, score: 1 - result.distances[i] }));
  }

  /**
   * Cosine against each listed vector, best first. When fewer than k vectors pass, hnswlib's
   * filtered search visits all of them too and returns the same ranking.
   */
  private searchAmong(query: Float32Array, k: number, ids: Uint32Array): VectorHit[] {
    const raw = this.raw!;
    const dim = this.dim;
    const inverse = (this.inverseNorms ??= new Float32Array(raw.length / dim));
    let qq = 0;
    for (let i = 0; i < dim; i++) qq += query[i] * query[i];
    const qNorm = Math.sqrt(qq) || 1;
    const hits: VectorHit[] = [];
    for (const label of ids) {
      if (label >= inverse.length) continue;
      const base = label * dim;
      let inv = inverse[label];
      if (inv === 0) {
        let vv = 0;
        for (let i = 0; i < dim; i++) vv += raw[base + i] * raw[base + i];
        inv = inverse[label] = vv > 0 ? 1 / Math.sqrt(vv) : 0;
      }
      hits.push({ label, score: (dot(query, raw, base, dim) * inv) / qNorm });
    }
    return hits.sort((a, b) => b.score - a.score || a.label - b.label).slice(0, k);
  }
}

/** query · raw[base .. base + dim), four running sums at a time. */
function dot(query: Float32Array, raw: Float32Array, base: number, dim: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = 0;
  for (; i + 3 < dim; i += 4) {
    a += query[i] * raw[base + i];
    b += query[i + 1] * raw[base + i + 1];
    c += query[i + 2] * raw[base + i + 2];
    d += query[i + 3] * raw[base + i + 3];
  }
  for (; i < dim; i++) a += query[i] * raw[base + i];
  return a + b + c + d;
}

/** The raw vectors file, when it is there and holds exactly `length` floats; otherwise null. */
function readRawVectors(file: string, length: number): Float32Array | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    if (fstatSync(fd).size !== length * 4) return null;
    const out = new Float32Array(length);
    const bytes = new Uint8Array(out.buffer);
    for (let at = 0; at < bytes.length; ) {
      const read = readSync(fd, bytes, at, Math.min(bytes.length - at, 1 << 24), at);
      if (read <= 0) return null;
      at += read;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

// Slots of the control block shared with the builder thread.
const READY = 0; // rows the caller has filled
const FINISHED = 1; // 1 once no more rows will come
const BUILT = 2; // 1 built, 2 failed
const SAVED = 3; // 1 written, 2 failed
const BUILD_WAIT_MS = 30 * 60_000;

const BUILDER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { hnswlibPath, vectors, control, dim, capacity, m, efConstruction, seed, efSearch, port } = workerData;
const fail = (slot, err) => {
  port.postMessage(String(err && err.message || err));
  Atomics.store(control, slot, 2);
  Atomics.notify(control, slot);
};
let index;
try {
  const hnswlib = require(hnswlibPath);
  index = new hnswlib.HierarchicalNSW('cosine', dim);
  index.initIndex(Math.max(1, capacity), m, efConstruction, seed);
  let next = 0;
  for (;;) {
    const ready = Atomics.load(control, ${READY});
    if (next < ready) {
      for (; next < ready; next++) index.addPoint(Array.from(vectors.subarray(next * dim, (next + 1) * dim)), next);
      continue;
    }
    if (Atomics.load(control, ${FINISHED}) === 1 && next >= Atomics.load(control, ${READY})) break;
    Atomics.wait(control, ${READY}, ready, 1000);
  }
  index.setEf(efSearch);
  Atomics.store(control, ${BUILT}, 1);
  Atomics.notify(control, ${BUILT});
} catch (err) {
  fail(${BUILT}, err);
}
port.on('message', (file) => {
  try {
    index.writeIndexSync(file);
    Atomics.store(control, ${SAVED}, 1);
    Atomics.notify(control, ${SAVED});
  } catch (err) {
    fail(${SAVED}, err);
  }
});
`;

/**
 * An hnswlib graph built on a worker thread. The thread inserts rows as they are announced, so
 * building overlaps with computing the vectors; `save` blocks until the thread has written the file.
 * Without a worker (it could not start) the graph is built on this thread when it is saved.
 */
export class BackgroundBuild {
  private readonly control = new Int32Array(new SharedArrayBuffer(16));
  private readonly port: MessagePort | null = null;
  private readonly worker: Worker | null = null;
  private announced = 0;

  constructor(
    private readonly vectors: Float32Array,
    private readonly dim: number,
  ) {
    if (!(vectors.buffer instanceof SharedArrayBuffer)) return;
    try {
      const { port1, port2 } = new MessageChannel();
      this.worker = new Worker(BUILDER_SOURCE, {
        eval: true,
        workerData: {
          hnswlibPath: createRequire(import.meta.url).resolve('hnswlib-node'),
          vectors,
          control: this.control,
          dim,
          capacity: vectors.length / dim,
          m: M,
          efConstruction: EF_CONSTRUCTION,
          seed: SEED,
          efSearch: EF_SEARCH,
          port: port2,
        },
        transferList: [port2],
      });
      this.worker.unref();
      this.port = port1;
    } catch {
      this.worker = null;
    }
  }

  /** Rows [0, rows) are filled. */
  added(rows: number): void {
    if (rows <= this.announced) return;
    this.announced = rows;
    Atomics.store(this.control, READY, rows);
    Atomics.notify(this.control, READY);
  }

  /** Writes hnswlib's file once every row is in. */
  save(file: string): void {
    this.added(this.vectors.length / this.dim);
    if (!this.worker || !this.port) {
      const rows = Array.from({ length: this.vectors.length / this.dim }, (_, i) => this.vectors.subarray(i * this.dim, (i + 1) * this.dim));
      HnswVectorIndex.build(rows, this.dim).save(file);
      return;
    }
    Atomics.store(this.control, FINISHED, 1);
    Atomics.notify(this.control, READY);
    this.await(BUILT, 'building the vector index');
    this.port.postMessage(file);
    this.await(SAVED, 'writing the vector index');
  }

  /** Ends the thread (after `save`, or to abandon the build). */
  close(): void {
    this.port?.close();
    void this.worker?.terminate();
  }

  private await(slot: number, what: string): void {
    if (Atomics.wait(this.control, slot, 0, BUILD_WAIT_MS) === 'timed-out') throw new IndexBuildError(`${what} took longer than ${BUILD_WAIT_MS / 60_000} minutes`);
    if (Atomics.load(this.control, slot) !== 1) {
      const detail = this.port && receiveMessageOnPort(this.port)?.message;
      throw new IndexBuildError(`${what} failed${detail ? `: ${String(detail)}` : ''}`);
    }
  }
}
