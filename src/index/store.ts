import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { ArticleMeta, Passage } from '../corpus/types.js';
import { IndexCorruptError, IndexMissingError } from '../errors.js';
import type { Bm25Data } from './bm25.js';

export const FORMAT_VERSION = 1;
const POINTER = 'CURRENT';

export interface StoredArticle extends ArticleMeta {
  /** sha256 of the file's bytes and the cleaning version: unchanged articles are not re-embedded. */
  fingerprint: string;
  file: string;
  passageCount: number;
}

export interface Manifest {
  formatVersion: number;
  embedder: { id: string; dim: number };
  corpusFingerprint: string;
  counts: { articles: number; passages: number };
  builtAt: string;
  files: Record<string, { bytes: number; sha256: string }>;
}

/** Everything an index holds, in memory. Facts are opaque here; the knowledge layer defines them. */
export interface IndexContents {
  manifest: Manifest;
  articles: StoredArticle[];
  passages: Passage[];
  vectors: Float32Array;
  bm25: Bm25Data;
  userWords: string[];
  facts: unknown;
  /** Where hnswlib's own file lives, for the adapter to load. */
  hnswFile: string;
  dir: string;
}

export interface IndexToWrite {
  embedder: { id: string; dim: number };
  corpusFingerprint: string;
  articles: StoredArticle[];
  passages: Passage[];
  vectors: Float32Array;
  bm25: Bm25Data;
  userWords: string[];
  facts: unknown;
  /** Writes hnswlib's file at the given path. */
  writeHnsw(file: string): void;
}

const sha256 = (buf: Uint8Array) => createHash('sha256').update(buf).digest('hex');

function bytesOf(array: ArrayBufferView): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

function writeDurable(file: string, data: Uint8Array | string): void {
  writeFileSync(file, data);
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The version directory CURRENT points to, or null when no index was ever published. */
export function currentVersionDir(indexDir: string): string | null {
  const pointer = join(indexDir, POINTER);
  if (!existsSync(pointer)) return null;
  const name = readFileSync(pointer, 'utf8').trim();
  return name ? join(indexDir, name) : null;
}

/** A cheap token that changes whenever a new index is published, for hot reloading. */
export function indexVersion(indexDir: string): string | null {
  try {
    return readFileSync(join(indexDir, POINTER), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/**
 * Write a new version directory beside the current one, then switch CURRENT to it with an atomic
 * rename. A crash at any point leaves CURRENT naming the previous, complete version.
 */
export function writeIndex(indexDir: string, data: IndexToWrite): string {
  mkdirSync(indexDir, { recursive: true });
  const name = `v-${Date.now()}-${randomBytes(3).toString('hex')}`;
  const dir = join(indexDir, name);
  const staging = `${dir}.partial`;
  mkdirSync(staging);
  const files: Manifest['files'] = {};
  const put = (file: string, content: Uint8Array | string) => {
    const buf = typeof content === 'string' ? Buffer.from(content) : content;
    writeDurable(join(staging, file), buf);
    files[file] = { bytes: buf.byteLength, sha256: sha256(buf) };
  };
  put('articles.json', JSON.stringify(data.articles));
  put('passages.jsonl', data.passages.map((p) => JSON.stringify(p)).join('\n'));
  put('vectors.f32', bytesOf(data.vectors));
  put('bm25-terms.json', JSON.stringify(data.bm25.terms));
  put('bm25-offsets.u32', bytesOf(data.bm25.offsets));
  put('bm25-ids.u32', bytesOf(data.bm25.ids));
  put('bm25-tfs.u16', bytesOf(data.bm25.tfs));
  put('bm25-lengths.u32', bytesOf(data.bm25.lengths));
  put('userdict.txt', data.userWords.join('\n'));
  put('facts.json', JSON.stringify(data.facts));
  data.writeHnsw(join(staging, 'vectors.hnsw'));
  const hnsw = readFileSync(join(staging, 'vectors.hnsw'));
  files['vectors.hnsw'] = { bytes: hnsw.byteLength, sha256: sha256(hnsw) };
  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    embedder: data.embedder,
    corpusFingerprint: data.corpusFingerprint,
    counts: { articles: data.articles.length, passages: data.passages.length },
    builtAt: new Date().toISOString(),
    files,
  };
  // The manifest is written last: a version without one was never finished.
  writeDurable(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
  renameSync(staging, dir);
  const previous = indexVersion(indexDir);
  const tmpPointer = join(indexDir, `${POINTER}.${process.pid}.tmp`);
  writeDurable(tmpPointer, name);
  renameSync(tmpPointer, join(indexDir, POINTER));
  removeStaleVersions(indexDir, [name, previous]);
  return dir;
}

/** Older versions go; the previous one stays so a process still loading it is not cut off. */
function removeStaleVersions(indexDir: string, keep: (string | null)[]): void {
  for (const entry of readdirSync(indexDir)) {
    if (keep.includes(entry) || entry === POINTER || !entry.startsWith('v-')) continue;
    rmSync(join(indexDir, entry), { recursive: true, force: true });
  }
  for (const entry of readdirSync(indexDir)) {
    if (entry.startsWith(`${POINTER}.`) && entry.endsWith('.tmp')) rmSync(join(indexDir, entry), { force: true });
  }
}

export function readManifest(indexDir: string, versionDir?: string): Manifest {
  const dir = versionDir ?? currentVersionDir(indexDir);
  if (!dir) throw new IndexMissingError(`No index in ${indexDir}: run \`npm run ingest\` first.`);
  const file = join(dir, 'manifest.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (cause) {
    throw new IndexCorruptError(`Index in ${dir} is corrupt: manifest.json is missing or unreadable. Re-run \`npm run ingest\`.`, { cause });
  }
  if (manifest.formatVersion !== FORMAT_VERSION) {
    throw new IndexCorruptError(`Index in ${dir} has format ${manifest.formatVersion}, this version reads ${FORMAT_VERSION}. Re-run \`npm run ingest\`.`);
  }
  return manifest;
}

function typed<T>(buf: Buffer, Ctor: { new (b: ArrayBuffer, o: number, l: number): T; BYTES_PER_ELEMENT: number }): T {
  // Copy into an aligned buffer: Node's pooled Buffers may start at odd offsets.
  const copy = new ArrayBuffer(buf.byteLength);
  new Uint8Array(copy).set(buf);
  return new Ctor(copy, 0, buf.byteLength / Ctor.BYTES_PER_ELEMENT);
}

/** Load and verify the current index. Every file is checked against the manifest before use. */
export function readIndex(indexDir: string, options: { verify?: boolean } = {}): IndexContents {
  // CURRENT is read once: a publish in between must not pair one version's manifest with another's files.
  const dir = currentVersionDir(indexDir);
  if (!dir) throw new IndexMissingError(`No index in ${indexDir}: run \`npm run ingest\` first.`);
  const manifest = readManifest(indexDir, dir);
  const read = (name: string): Buffer => {
    const expected = manifest.files[name];
    if (!expected) throw new IndexCorruptError(`Index in ${dir} is corrupt: manifest does not list ${name}.`);
    let buf: Buffer;
    try {
      buf = readFileSync(join(dir, name));
    } catch (cause) {
      throw new IndexCorruptError(`Index in ${dir} is corrupt: ${name} is missing. Re-run \`npm run ingest\`.`, { cause });
    }
    if (buf.byteLength !== expected.bytes) {
      throw new IndexCorruptError(`Index in ${dir} is corrupt: ${name} is ${buf.byteLength} bytes, expected ${expected.bytes} (truncated?). Re-run \`npm run ingest\`.`);
    }
    if (options.verify !== false && sha256(buf) !== expected.sha256) {
      throw new IndexCorruptError(`Index in ${dir} is corrupt: ${name} does not match its checksum. Re-run \`npm run ingest\`.`);
    }
    return buf;
  };
  const parse = <T>(name: string): T => {
    try {
      return JSON.parse(read(name).toString('utf8')) as T;
    } catch (cause) {
      if (cause instanceof IndexCorruptError) throw cause;
      throw new IndexCorruptError(`Index in ${dir} is corrupt: ${name} is not valid JSON.`, { cause });
    }
  };
  const articles = parse<StoredArticle[]>('articles.json');
  const passagesText = read('passages.jsonl').toString('utf8');
  const passages = passagesText ? passagesText.split('\n').map((l) => JSON.parse(l) as Passage) : [];
  const vectors = typed(read('vectors.f32'), Float32Array);
  const { dim } = manifest.embedder;
  if (passages.length !== manifest.counts.passages || vectors.length !== passages.length * dim) {
    throw new IndexCorruptError(
      `Index in ${dir} is corrupt: ${passages.length} passages and ${vectors.length / dim} vectors of dimension ${dim}, manifest says ${manifest.counts.passages}.`,
    );
  }
  read('vectors.hnsw');
  const bm25: Bm25Data = {
    terms: parse<string[]>('bm25-terms.json'),
    offsets: typed(read('bm25-offsets.u32'), Uint32Array),
    ids: typed(read('bm25-ids.u32'), Uint32Array),
    tfs: typed(read('bm25-tfs.u16'), Uint16Array),
    lengths: typed(read('bm25-lengths.u32'), Uint32Array),
  };
  if (bm25.lengths.length !== passages.length || bm25.offsets.length !== bm25.terms.length + 1) {
    throw new IndexCorruptError(`Index in ${dir} is corrupt: the keyword index does not match the passages.`);
  }
  return {
    manifest,
    articles,
    passages,
    vectors,
    bm25,
    userWords: read('userdict.txt').toString('utf8').split('\n').filter(Boolean),
    facts: parse<unknown>('facts.json'),
    hnswFile: join(dir, 'vectors.hnsw'),
    dir,
  };
}

export function fileSize(path: string): number {
  return statSync(path).size;
}
