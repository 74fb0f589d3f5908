import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join, parse, resolve, sep } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { ArticleMeta, Passage } from '../corpus/types.js';
import { IndexBuildError, IndexCorruptError, IndexMissingError } from '../errors.js';
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

/** What every index version holds. Facts are opaque here; the knowledge layer defines them. */
interface IndexData {
  articles: StoredArticle[];
  passages: Passage[];
  vectors: Float32Array;
  bm25: Bm25Data;
  userWords: string[];
  facts: unknown;
}

/** An index loaded into memory. */
export interface IndexContents extends IndexData {
  manifest: Manifest;
  /** Where hnswlib's own file lives, for the adapter to load. */
  hnswFile: string;
  dir: string;
}

export interface IndexToWrite extends IndexData {
  embedder: { id: string; dim: number };
  corpusFingerprint: string;
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
 * JSON files are written as UTF-16LE after a byte-order mark: for Chinese text that is smaller than
 * UTF-8 and decodes many times faster, which is most of loading a large index. Readers accept both.
 */
const UTF16_BOM = Buffer.from([0xff, 0xfe]);
/** Characters of JSON text gathered before one write. */
const WRITE_CHUNK = 1 << 20;

/** A file written in pieces, hashed as it goes, and flushed to disk before it counts. */
class DurableFile {
  private readonly fd: number;
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(buf: Uint8Array): void {
    for (let at = 0; at < buf.byteLength; ) at += writeSync(this.fd, buf, at, buf.byteLength - at);
    this.hash.update(buf);
    this.bytes += buf.byteLength;
  }

  close(): { bytes: number; sha256: string } {
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/** Writes JSON text made of many pieces without ever holding all of it as one string. */
function writeJsonPieces(file: DurableFile, pieces: Iterable<string>): void {
  file.write(UTF16_BOM);
  let pending = '';
  for (const piece of pieces) {
    pending += piece;
    if (pending.length >= WRITE_CHUNK) {
      file.write(Buffer.from(pending, 'utf16le'));
      pending = '';
    }
  }
  if (pending) file.write(Buffer.from(pending, 'utf16le'));
}

/**
 * `JSON.stringify(value)`; an array is written one element per line (`[`, elements each ending
 * in `,` but the last, `]`), which is still JSON and can be read back element by element.
 */
function* jsonPieces(value: unknown): Generator<string> {
  if (!Array.isArray(value)) {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  yield '[\n';
  for (let i = 0; i < value.length; i++) yield (JSON.stringify(value[i]) ?? 'null') + (i < value.length - 1 ? ',\n' : '\n');
  yield ']';
}

function* jsonLines(values: readonly unknown[]): Generator<string> {
  for (let i = 0; i < values.length; i++) yield (i > 0 ? '\n' : '') + JSON.stringify(values[i]);
}

/** sha256 and size of a file, read in pieces. */
function hashFile(path: string): { bytes: number; sha256: string } {
  const fd = openSync(path, 'r');
  try {
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    let bytes = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.byteLength, null);
      if (n <= 0) break;
      hash.update(n === chunk.byteLength ? chunk : chunk.subarray(0, n));
      bytes += n;
    }
    return { bytes, sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

/** The files of a version, in the order the manifest lists them. */
const FILE_ORDER = ['articles.json', 'passages.jsonl', 'vectors.f32', 'bm25-terms.json', 'bm25-offsets.u32', 'bm25-ids.u32', 'bm25-tfs.u16', 'bm25-lengths.u32', 'userdict.txt', 'facts.json', 'vectors.hnsw'];

/**
 * A new version directory, written part by part (so a large ingest can write what it has and let
 * it go), then published: the manifest goes in last, the directory is renamed into place and
 * CURRENT is switched to it with an atomic rename. A crash at any point leaves CURRENT naming the
 * previous, complete version.
 */
/**
 * Creates INDEX_DIR (one level at a time: a recursive mkdir under /proc never returns on Node 20)
 * and proves it writable, or says plainly that INDEX_DIR cannot be used and why.
 */
export function ensureWritableDir(dir: string): void {
  const abs = resolve(dir);
  const fail = (err: unknown, what: string): never => {
    const code = (err as NodeJS.ErrnoException | null)?.code;
    throw new IndexBuildError(`INDEX_DIR ${dir} cannot be used: ${what}${code ? ` (${code})` : ''}. Set INDEX_DIR to a folder this user can write.`, { cause: err });
  };
  let current = parse(abs).root;
  for (const part of abs.slice(current.length).split(sep).filter(Boolean)) {
    current = join(current, part);
    if (existsSync(current)) continue;
    try {
      mkdirSync(current);
    } catch (err) {
      fail(err, `cannot create ${current}`);
    }
  }
  const probe = join(abs, `.write-test-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    fail(err, 'cannot write there');
  }
}

export class IndexWriter {
  private readonly name = `v-${Date.now()}-${randomBytes(3).toString('hex')}`;
  private readonly staging: string;
  private readonly files: Manifest['files'] = {};
  private readonly counts = { articles: 0, passages: 0 };

  constructor(private readonly indexDir: string) {
    ensureWritableDir(indexDir);
    this.staging = `${join(indexDir, this.name)}.partial`;
    mkdirSync(this.staging);
  }

  putArticles(articles: readonly StoredArticle[]): void {
    this.putJson('articles.json', jsonPieces(articles));
    this.counts.articles = articles.length;
  }

  putPassages(passages: readonly Passage[]): void {
    this.putJson('passages.jsonl', jsonLines(passages));
    this.counts.passages = passages.length;
  }

  putVectors(vectors: Float32Array): void {
    this.put('vectors.f32', bytesOf(vectors));
  }

  putKeywordIndex(bm25: Bm25Data): void {
    this.putJson('bm25-terms.json', jsonPieces(bm25.terms));
    this.put('bm25-offsets.u32', bytesOf(bm25.offsets));
    this.put('bm25-ids.u32', bytesOf(bm25.ids));
    this.put('bm25-tfs.u16', bytesOf(bm25.tfs));
    this.put('bm25-lengths.u32', bytesOf(bm25.lengths));
  }

  putUserWords(words: readonly string[]): void {
    this.put('userdict.txt', words.join('\n'));
  }

  putFacts(facts: unknown): void {
    this.putJson('facts.json', jsonPieces(facts));
  }

  /** Writes hnswlib's file and the manifest, and makes this version the current one. */
  publish(meta: Pick<IndexToWrite, 'embedder' | 'corpusFingerprint' | 'writeHnsw'>): string {
    meta.writeHnsw(join(this.staging, 'vectors.hnsw'));
    this.files['vectors.hnsw'] = hashFile(join(this.staging, 'vectors.hnsw'));
    const ordered = [...FILE_ORDER.filter((f) => f in this.files), ...Object.keys(this.files).filter((f) => !FILE_ORDER.includes(f))];
    const manifest: Manifest = {
      formatVersion: FORMAT_VERSION,
      embedder: meta.embedder,
      corpusFingerprint: meta.corpusFingerprint,
      counts: { ...this.counts },
      builtAt: new Date().toISOString(),
      files: Object.fromEntries(ordered.map((f) => [f, this.files[f]])),
    };
    // The manifest is written last: a version without one was never finished.
    writeDurable(join(this.staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const dir = join(this.indexDir, this.name);
    renameSync(this.staging, dir);
    const previous = indexVersion(this.indexDir);
    const tmpPointer = join(this.indexDir, `${POINTER}.${process.pid}.tmp`);
    writeDurable(tmpPointer, this.name);
    renameSync(tmpPointer, join(this.indexDir, POINTER));
    removeStaleVersions(this.indexDir, [this.name, previous]);
    return dir;
  }

  /** Removes the unfinished version (an ingest that failed before publishing). */
  abandon(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }

  private put(file: string, content: Uint8Array | string): void {
    const out = new DurableFile(join(this.staging, file));
    out.write(typeof content === 'string' ? Buffer.from(content) : content);
    this.files[file] = out.close();
  }

  private putJson(file: string, pieces: Iterable<string>): void {
    const out = new DurableFile(join(this.staging, file));
    writeJsonPieces(out, pieces);
    this.files[file] = out.close();
  }
}

/** Write and publish a whole index at once (see IndexWriter). */
export function writeIndex(indexDir: string, data: IndexToWrite): string {
  const writer = new IndexWriter(indexDir);
  writer.putArticles(data.articles);
  writer.putPassages(data.passages);
  writer.putVectors(data.vectors);
  writer.putKeywordIndex(data.bm25);
  writer.putUserWords(data.userWords);
  writer.putFacts(data.facts);
  return writer.publish(data);
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

const READ_CHUNK = 1 << 23;

/** JSON and text files: UTF-16LE when they start with its byte-order mark (what writeIndex writes), else UTF-8. */
function decodeText(buf: Buffer): string {
  return buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe ? buf.toString('utf16le', 2) : buf.toString('utf8');
}

function typed<T>(buf: Buffer, Ctor: { new (b: ArrayBuffer, o: number, l: number): T; BYTES_PER_ELEMENT: number }): T {
  // Files are read into buffers of their own, which start aligned; a pooled one might not.
  if (buf.byteOffset % Ctor.BYTES_PER_ELEMENT === 0) return new Ctor(buf.buffer as ArrayBuffer, buf.byteOffset, buf.byteLength / Ctor.BYTES_PER_ELEMENT);
  const copy = new ArrayBuffer(buf.byteLength);
  new Uint8Array(copy).set(buf);
  return new Ctor(copy, 0, buf.byteLength / Ctor.BYTES_PER_ELEMENT);
}

/** Below this many bytes, checksums are computed in line; above, a second thread computes them meanwhile. */
const BACKGROUND_HASH_MIN_BYTES = 16 << 20;
const HASH_WAIT_MS = 120_000;

// A worker thread that hashes files and hands the results back through a port the caller reads
// synchronously once the shared flag says they are ready: loading stays synchronous, and the
// checksums of the big binary files cost no time while the JSON files are being parsed.
const HASH_WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const { paths, port, flag } = workerData;
const chunk = Buffer.allocUnsafe(${READ_CHUNK});
const out = [];
for (const path of paths) {
  try {
    const fd = openSync(path, 'r');
    try {
      const hash = createHash('sha256');
      for (;;) {
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n <= 0) break;
        hash.update(n === chunk.length ? chunk : chunk.subarray(0, n));
      }
      out.push(hash.digest('hex'));
    } finally {
      closeSync(fd);
    }
  } catch {
    out.push(null);
  }
}
port.postMessage(out);
const status = new Int32Array(flag);
Atomics.store(status, 0, 1);
Atomics.notify(status, 0);
`;

/** Starts hashing `paths` on another thread; the returned function waits for the digests (null: unreadable). */
function hashInBackground(paths: string[]): () => (string | null)[] {
  const flag = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker | null = null;
  try {
    worker = new Worker(HASH_WORKER_SOURCE, { eval: true, workerData: { paths, port: port2, flag }, transferList: [port2] });
    worker.unref();
  } catch {
    worker = null;
  }
  return () => {
    try {
      if (worker && Atomics.wait(new Int32Array(flag), 0, 0, HASH_WAIT_MS) !== 'timed-out') {
        const reply = receiveMessageOnPort(port1);
        if (reply) return reply.message as (string | null)[];
      }
      // No worker, or no answer: do it here.
      return paths.map((path) => {
        try {
          return hashFile(path).sha256;
        } catch {
          return null;
        }
      });
    } finally {
      port1.close();
      void worker?.terminate();
    }
  };
}

/** Reads the files of one version, each checked against the manifest (size, and checksum when verifying). */
function versionFiles(dir: string, manifest: Manifest, verify: boolean) {
  const corrupt = (detail: string, cause?: unknown) => new IndexCorruptError(`Index in ${dir} is corrupt: ${detail}`, cause === undefined ? undefined : { cause });
  const expected = (name: string) => {
    const e = manifest.files[name];
    if (!e) throw corrupt(`manifest does not list ${name}.`);
    return e;
  };
  const open = (name: string): { fd: number; size: number } => {
    const e = expected(name);
    let fd: number;
    try {
      fd = openSync(join(dir, name), 'r');
    } catch (cause) {
      throw corrupt(`${name} is missing. Re-run \`npm run ingest\`.`, cause);
    }
    const size = fstatSync(fd).size;
    if (size !== e.bytes) {
      closeSync(fd);
      throw corrupt(`${name} is ${size} bytes, expected ${e.bytes} (truncated?). Re-run \`npm run ingest\`.`);
    }
    return { fd, size };
  };
  const checksum = (name: string, hash: string) => {
    if (hash !== expected(name).sha256) throw corrupt(`${name} does not match its checksum. Re-run \`npm run ingest\`.`);
  };
  const files = {
    /** The whole file in a buffer of its own. */
    read(name: string, options: { verify?: boolean } = {}): Buffer {
      const { fd, size } = open(name);
      let buf: Buffer;
      try {
        buf = Buffer.allocUnsafeSlow(size);
        for (let at = 0; at < size; ) {
          const n = readSync(fd, buf, at, Math.min(size - at, READ_CHUNK), at);
          if (n <= 0) throw corrupt(`${name} ended early.`);
          at += n;
        }
      } finally {
        closeSync(fd);
      }
      if (options.verify ?? verify) checksum(name, sha256(buf));
      return buf;
    },
    /** Size only. */
    exists(name: string): void {
      closeSync(open(name).fd);
    },
    /**
     * Sizes now; checksums (when verifying) on another thread when the files are large. The
     * returned function reports a mismatch once the checksums are known.
     */
    checkMeanwhile(names: string[]): () => void {
      for (const name of names) files.exists(name);
      if (!verify) return () => undefined;
      const total = names.reduce((n, name) => n + expected(name).bytes, 0);
      if (total < BACKGROUND_HASH_MIN_BYTES) {
        for (const name of names) checksum(name, hashFile(join(dir, name)).sha256);
        return () => undefined;
      }
      const digests = hashInBackground(names.map((name) => join(dir, name)));
      return () => {
        const hashes = digests();
        names.forEach((name, i) => {
          if (hashes[i] === null) throw corrupt(`${name} is missing. Re-run \`npm run ingest\`.`);
          checksum(name, hashes[i]);
        });
      };
    },
    /**
     * A text file line by line, read and decoded in pieces so that a large file is never held
     * whole, neither as bytes nor as one string. A line that fails to parse is reported after the
     * checksum is known: damage shows as a checksum mismatch, not as a JSON error.
     */
    lines(name: string, onLine: (line: string, n: number) => void): void {
      const { fd, size } = open(name);
      const hash = verify ? createHash('sha256') : null;
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, Math.max(size, 2)));
      let decoder: StringDecoder | null = null;
      let pending = '';
      let lineNo = 0;
      let failure: unknown = null;
      const take = (text: string, last: boolean) => {
        const parts = (pending + text).split('\n');
        pending = last ? '' : parts.pop()!;
        for (const line of parts) {
          lineNo++;
          if (failure) continue;
          try {
            onLine(line, lineNo);
          } catch (err) {
            failure = err;
          }
        }
      };
      try {
        for (let at = 0; at < size; ) {
          const n = readSync(fd, chunk, 0, Math.min(chunk.byteLength, size - at), at);
          if (n <= 0) throw corrupt(`${name} ended early.`);
          const bytes = chunk.subarray(0, n);
          hash?.update(bytes);
          let body = bytes;
          if (!decoder) {
            const utf16 = n >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
            decoder = new StringDecoder(utf16 ? 'utf16le' : 'utf8');
            if (utf16) body = bytes.subarray(2);
          }
          take(decoder.write(body), false);
          at += n;
        }
      } finally {
        closeSync(fd);
      }
      take(decoder ? decoder.end() : '', true);
      if (hash) checksum(name, hash.digest('hex'));
      if (failure) throw failure instanceof IndexCorruptError ? failure : corrupt(`${name} line ${lineNo} is not valid JSON.`, failure);
    },
    /**
     * A JSON file. Arrays are written one element per line between `[` and `]`, and are parsed
     * element by element; anything else is parsed whole.
     */
    json<T>(name: string): T {
      const items: unknown[] = [];
      let whole: string[] | null = null;
      let closed = false;
      files.lines(name, (line, n) => {
        if (n === 1 && line !== '[') whole = [];
        if (whole) {
          whole.push(line);
          return;
        }
        if (n === 1) return;
        if (line === ']') {
          closed = true;
          return;
        }
        if (closed) throw corrupt(`${name} continues after its closing bracket.`);
        try {
          items.push(JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line));
        } catch (cause) {
          throw corrupt(`${name} line ${n} is not valid JSON.`, cause);
        }
      });
      if (!whole) {
        if (!closed) throw corrupt(`${name} is not valid JSON.`);
        return items as T;
      }
      try {
        return JSON.parse((whole as string[]).join('\n')) as T;
      } catch (cause) {
        throw corrupt(`${name} is not valid JSON.`, cause);
      }
    },
    /** passages.jsonl; a passage's normalized text shares the string of its text when they are equal. */
    passages(): Passage[] {
      const shared = new Map<string, string>();
      const share = (s: string | null) => {
        if (s === null) return s;
        const known = shared.get(s);
        if (known !== undefined) return known;
        shared.set(s, s);
        return s;
      };
      const out: Passage[] = [];
      files.lines('passages.jsonl', (line, n) => {
        // An index without passages is an empty file.
        if (n === 1 && line === '') return;
        let p: Passage;
        try {
          p = JSON.parse(line) as Passage;
        } catch (cause) {
          throw corrupt(`passages.jsonl line ${n} is not valid JSON.`, cause);
        }
        if (p.norm === p.text) p.norm = p.text;
        p.title = share(p.title)!;
        p.source = share(p.source);
        p.zone = share(p.zone);
        out.push(p);
      });
      return out;
    },
  };
  return files;
}

function checkCounts(dir: string, manifest: Manifest, passageCount: number): void {
  const { dim } = manifest.embedder;
  const vectorCount = (manifest.files['vectors.f32']?.bytes ?? 0) / 4;
  if (passageCount !== manifest.counts.passages || vectorCount !== passageCount * dim) {
    throw new IndexCorruptError(
      `Index in ${dir} is corrupt: ${passageCount} passages and ${vectorCount / dim} vectors of dimension ${dim}, manifest says ${manifest.counts.passages}.`,
    );
  }
}

function openCurrent(indexDir: string): { dir: string; manifest: Manifest } {
  // CURRENT is read once: a publish in between must not pair one version's manifest with another's files.
  const dir = currentVersionDir(indexDir);
  if (!dir) throw new IndexMissingError(`No index in ${indexDir}: run \`npm run ingest\` first.`);
  return { dir, manifest: readManifest(indexDir, dir) };
}

/**
 * Load and verify the current index. Every file is checked against the manifest before use. The
 * raw vectors (needed only to update an index) are checked now and read when first asked for.
 */
export function readIndex(indexDir: string, options: { verify?: boolean } = {}): IndexContents {
  const { dir, manifest } = openCurrent(indexDir);
  const files = versionFiles(dir, manifest, options.verify !== false);
  const big = ['vectors.f32', 'vectors.hnsw', 'bm25-ids.u32', 'bm25-tfs.u16'];
  const checked = files.checkMeanwhile(big);
  const articles = files.json<StoredArticle[]>('articles.json');
  const passages = files.passages();
  checkCounts(dir, manifest, passages.length);
  const bm25: Bm25Data = {
    terms: files.json<string[]>('bm25-terms.json'),
    offsets: typed(files.read('bm25-offsets.u32'), Uint32Array),
    ids: typed(files.read('bm25-ids.u32', { verify: false }), Uint32Array),
    tfs: typed(files.read('bm25-tfs.u16', { verify: false }), Uint16Array),
    lengths: typed(files.read('bm25-lengths.u32'), Uint32Array),
  };
  if (bm25.lengths.length !== passages.length || bm25.offsets.length !== bm25.terms.length + 1) {
    throw new IndexCorruptError(`Index in ${dir} is corrupt: the keyword index does not match the passages.`);
  }
  const contents = {
    manifest,
    articles,
    passages,
    bm25,
    userWords: decodeText(files.read('userdict.txt')).split('\n').filter(Boolean),
    facts: files.json<unknown>('facts.json'),
    hnswFile: join(dir, 'vectors.hnsw'),
    dir,
  } as IndexContents;
  checked();
  let vectors: Float32Array | null = null;
  Object.defineProperty(contents, 'vectors', {
    enumerable: true,
    get: () => (vectors ??= typed(files.read('vectors.f32', { verify: false }), Float32Array)),
  });
  return contents;
}

/**
 * What an up-to-date check needs: the manifest and the article list. Every other file is checked
 * to exist with its recorded size, as `readIndex(dir, { verify: false })` would.
 */
export function readIndexSummary(indexDir: string): { manifest: Manifest; articles: StoredArticle[] } {
  const { dir, manifest } = openCurrent(indexDir);
  const files = versionFiles(dir, manifest, false);
  const articles = files.json<StoredArticle[]>('articles.json');
  for (const name of ['passages.jsonl', 'vectors.f32', 'vectors.hnsw', 'bm25-terms.json', 'bm25-offsets.u32', 'bm25-ids.u32', 'bm25-tfs.u16', 'bm25-lengths.u32', 'userdict.txt', 'facts.json']) {
    files.exists(name);
  }
  if ((manifest.files['bm25-lengths.u32']?.bytes ?? 0) / 4 !== manifest.counts.passages) {
    throw new IndexCorruptError(`Index in ${dir} is corrupt: the keyword index does not match the passages.`);
  }
  checkCounts(dir, manifest, manifest.counts.passages);
  return { manifest, articles };
}

/** The published passages and, on request, their vectors: what an update can reuse. */
export interface PreviousIndex {
  manifest: Manifest;
  passages: Passage[];
  vectors(): Float32Array;
}

/**
 * The current index for reuse by the next ingest: every file verified like `readIndex` does (a
 * damaged index is not reused at all), but only the passages are parsed, and the vectors read on
 * demand.
 */
export function readPreviousIndex(indexDir: string): PreviousIndex {
  const { dir, manifest } = openCurrent(indexDir);
  const files = versionFiles(dir, manifest, true);
  const checked = files.checkMeanwhile(Object.keys(manifest.files).filter((name) => name !== 'passages.jsonl'));
  const passages = files.passages();
  checked();
  checkCounts(dir, manifest, passages.length);
  if ((manifest.files['bm25-lengths.u32']?.bytes ?? 0) / 4 !== passages.length) {
    throw new IndexCorruptError(`Index in ${dir} is corrupt: the keyword index does not match the passages.`);
  }
  let vectors: Float32Array | null = null;
  return { manifest, passages, vectors: () => (vectors ??= typed(files.read('vectors.f32', { verify: false }), Float32Array)) };
}
