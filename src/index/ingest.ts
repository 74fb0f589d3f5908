import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { parseArticle } from '../corpus/article.js';
import { chainResolvers, corpusResolver, looksGarbled, scrubLine, type LostCharResolver } from '../corpus/clean.js';
import { userDictionary } from '../corpus/lexicon.js';
import { lexiconResolver } from '../corpus/lost-chars.js';
import { chunkArticle, indexingText } from '../corpus/passages.js';
import type { Article, Passage } from '../corpus/types.js';
import { EmptyCorpusError } from '../errors.js';
import { readCorpusDir, type CorpusFile, type SkippedFile } from '../io/read-corpus.js';
import { buildBrief, type Brief } from '../knowledge/briefs.js';
import { analyze } from '../qa/terms.js';
import { Bm25Builder } from './bm25.js';
import type { Embedder } from './embedder.js';
import { createEmbedder, type Log } from './embedders.js';
import { HashEmbedder } from './hash-embedder.js';
import { HnswVectorIndex } from './hnsw-index.js';
import { createJiebaTokenizer, jiebaDictionaryWords } from './jieba-tokenizer.js';
import { ensureWritableDir, IndexWriter, readIndexSummary, readManifest, readPreviousIndex, type PreviousIndex, type StoredArticle } from './store.js';

/** Bump when cleaning, chunking, analysis or fact extraction changes, so old indexes are rebuilt rather than trusted. */
export const PIPELINE_VERSION = 'p20';

export interface IngestOptions {
  config: Config;
  log?: Log;
  progress?: (done: number, total: number) => void;
  /** Called as each stage starts, so a long ingest is never silent: what it does, and to how much. */
  stage?: (stage: IngestStage, detail: string) => void;
  /** Overrides the configured embedder (tests). */
  embedder?: Embedder;
  /** Rebuild even when the corpus looks unchanged. */
  force?: boolean;
}

/** The stages of an ingest, in order. */
export type IngestStage = 'read' | 'clean' | 'index' | 'embed' | 'write';

export interface IngestSummary {
  upToDate: boolean;
  articles: { docId: string; title: string; passages: number }[];
  passages: number;
  skipped: SkippedFile[];
  embedded: number;
  reused: number;
  embedderId: string;
  indexDir: string;
  seconds: number;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

function modelPresent(config: Config): boolean {
  return existsSync(join(config.MODELS_DIR, config.EMBEDDING_MODEL, 'config.json'));
}

function corpusFingerprint(config: Config, fileHashes: string[]): string {
  return sha256([PIPELINE_VERSION, config.EMBEDDER, config.EMBEDDING_MODEL, String(modelPresent(config)), ...fileHashes].join('\n'));
}

/** A file's lines as the first cleaning pass leaves them (what the lost-character resolver searches). */
function scrubbedLines(text: string): string[] {
  const garbled = looksGarbled(text);
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => scrubLine(line, garbled));
}

function tryReadPrevious(config: Config, log: Log): PreviousIndex | null {
  try {
    readManifest(config.INDEX_DIR);
  } catch {
    return null;
  }
  try {
    return readPreviousIndex(config.INDEX_DIR);
  } catch (err) {
    log(`Previous index unusable, rebuilding from scratch: ${(err as Error).message}`);
    return null;
  }
}

/**
 * Build or update the index: read and clean every article, split passages, embed only what is
 * new, and publish the result atomically. Unreadable files are skipped with a reason.
 */
export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const { config } = options;
  options.stage?.('read', config.CORPUS_DIR);
  const read = await readCorpusDir(config.CORPUS_DIR);
  const skipped = [...read.skipped];

  // Byte-identical files are one article.
  const seenBytes = new Map<string, string>();
  const fileHashes = new Map<CorpusFile, string>();
  const files = read.files.filter((f) => {
    const hash = sha256(f.bytes);
    const first = seenBytes.get(hash);
    if (first) {
      skipped.push({ path: f.path, reason: `duplicate of ${first}` });
      return false;
    }
    seenBytes.set(hash, f.docId);
    fileHashes.set(f, hash);
    return true;
  });
  const fingerprint = corpusFingerprint(config, [...seenBytes.entries()].map(([hash, docId]) => `${docId}:${hash}`).sort());

  if (!options.force) {
    try {
      const manifest = readManifest(config.INDEX_DIR);
      if (manifest.corpusFingerprint === fingerprint) {
        const current = readIndexSummary(config.INDEX_DIR);
        return {
          upToDate: true,
          articles: current.articles.map((a) => ({ docId: a.docId, title: a.title, passages: a.passageCount })),
          passages: current.manifest.counts.passages,
          skipped,
          embedded: 0,
          reused: current.manifest.counts.passages,
          embedderId: manifest.embedder.id,
          indexDir: config.INDEX_DIR,
          seconds: (performance.now() - started) / 1000,
        };
      }
    } catch {
      // No usable index: build one.
    }
  }

  // Before minutes of cleaning and embedding: an INDEX_DIR that cannot be written is said at
  // once, by name.
  ensureWritableDir(config.INDEX_DIR);

  // Characters lost to mojibake are restored from identical context elsewhere or from pinyin. The
  // resolver reads every file, so it is built only when a lost character actually turns up.
  let lostCharResolver: LostCharResolver | null = null;
  const resolver: LostCharResolver = (left, right, hints) => {
    lostCharResolver ??= chainResolvers(corpusResolver(files.flatMap((f) => scrubbedLines(f.text))), lexiconResolver(jiebaDictionaryWords()));
    return lostCharResolver(left, right, hints);
  };
  const seenText = new Map<string, string>();
  const passages: Passage[] = [];
  const stored: StoredArticle[] = [];
  const facts: Brief[] = [];
  const userWords = new Set<string>();
  // One article at a time: its passages and facts are kept, its cleaned paragraphs are not.
  options.stage?.('clean', `${files.length}`);
  for (const f of files) {
    let article: Article;
    try {
      article = parseArticle(f.docId, f.text, { resolveLost: resolver });
    } catch (err) {
      skipped.push({ path: f.path, reason: `could not be cleaned: ${(err as Error).message}` });
      continue;
    }
    if (article.paragraphs.length === 0) {
      skipped.push({ path: f.path, reason: 'no article text left after removing page furniture' });
      continue;
    }
    const textHash = sha256(article.normParagraphs.join('\n'));
    const first = seenText.get(textHash);
    if (first) {
      skipped.push({ path: f.path, reason: `same article text as ${first}` });
      continue;
    }
    seenText.set(textHash, f.docId);
    // The dictionary of all articles is the union of each article's, in the same order.
    for (const w of userDictionary([article])) userWords.add(w);
    const ps = chunkArticle(article);
    for (const p of ps) {
      // Simplified text normalizes to itself: one string serves as both.
      if (p.norm === p.text) p.norm = p.text;
      passages.push(p);
    }
    const { paragraphs: _p, normParagraphs: _n, ...meta } = article;
    stored.push({ ...meta, fingerprint: fileHashes.get(f)!, file: f.path, passageCount: ps.length });
    facts.push(buildBrief(article, ps));
  }
  // The file contents (and the resolver's copy of them) are not needed any more; on a large
  // corpus they are worth freeing before the index is built.
  lostCharResolver = null;
  fileHashes.clear();
  files.length = 0;
  read.files.length = 0;
  if (stored.length === 0) {
    const reasons = skipped.map((s) => `  ${s.path}: ${s.reason}`).join('\n');
    throw new EmptyCorpusError(`No usable articles in ${config.CORPUS_DIR}.${reasons ? `\n${reasons}` : ''}`);
  }

  // Articles, passages and facts are final now: write them, and let the facts go.
  const writer = new IndexWriter(config.INDEX_DIR);
  try {
    writer.putArticles(stored);
    writer.putPassages(passages);
    writer.putFacts(facts);
    facts.length = 0;
    const built = await buildVectorsAndKeywords(options, passages, [...userWords], writer);
    options.stage?.('write', config.INDEX_DIR);
    writer.publish({ embedder: { id: built.embedder.id, dim: built.embedder.dim }, corpusFingerprint: fingerprint, writeHnsw: built.writeHnsw });
    return {
      upToDate: false,
      articles: stored.map((a) => ({ docId: a.docId, title: a.title, passages: a.passageCount })),
      passages: passages.length,
      skipped,
      embedded: built.embedded,
      reused: built.reused,
      embedderId: built.embedder.id,
      indexDir: config.INDEX_DIR,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (err) {
    // An ingest that fails leaves nothing half-written behind (a killed one is cleaned up by the next).
    writer.abandon();
    throw err;
  }
}

/**
 * Keyword index and vectors for the passages, written into the new version; the vector graph is
 * built on another thread meanwhile and written when the version is published.
 */
async function buildVectorsAndKeywords(
  options: IngestOptions,
  passages: Passage[],
  userWords: string[],
  writer: IndexWriter,
): Promise<{ embedder: Embedder; embedded: number; reused: number; writeHnsw: (file: string) => void }> {
  const { config } = options;
  const log = options.log ?? (() => {});
  const tokenizer = createJiebaTokenizer(userWords);
  const embedder = options.embedder ?? (await createEmbedder(config, tokenizer, log));
  // Shared memory: the graph thread reads the vectors as they are computed.
  const vectors = new Float32Array(new SharedArrayBuffer(passages.length * embedder.dim * Float32Array.BYTES_PER_ELEMENT));
  const graph = HnswVectorIndex.buildInBackground(vectors, embedder.dim);
  let embedded = 0;
  let reused = 0;
  try {
    const previous = tryReadPrevious(config, log);
    const usable = previous && previous.manifest.embedder.id === embedder.id ? previous : null;
    // Passages whose indexing text is unchanged keep their vector; only the hashes are held.
    const cache = new Map<string, number>();
    usable?.passages.forEach((p, i) => cache.set(sha256(indexingText(p)), i));

    // Terms go straight into the keyword index and (hash embedder) the vector: a corpus of 100k
    // passages would otherwise hold tens of millions of term strings at once.
    options.stage?.('index', `${passages.length}`);
    const bm25 = new Bm25Builder();
    const missing: number[] = [];
    const hashEmbedder = embedder instanceof HashEmbedder ? embedder : null;
    for (let i = 0; i < passages.length; i++) {
      const text = indexingText(passages[i]);
      const terms = analyze(tokenizer, text);
      bm25.add(terms);
      const hit = cache.size > 0 ? cache.get(sha256(text)) : undefined;
      if (hashEmbedder) {
        // Hash vectors come straight from the analyzed terms, cheaper than reading old ones.
        vectors.set(hashEmbedder.embedTerms(terms), i * embedder.dim);
        if (hit !== undefined) reused++;
        else embedded++;
        if ((i & 255) === 255) graph.added(i + 1);
      } else if (hit !== undefined) {
        vectors.set(usable!.vectors().subarray(hit * embedder.dim, (hit + 1) * embedder.dim), i * embedder.dim);
        reused++;
      } else missing.push(i);
    }
    options.stage?.('embed', `${hashEmbedder ? passages.length : missing.length}`);
    if (hashEmbedder) options.progress?.(passages.length, passages.length);
    const batch = 32;
    for (let at = 0; at < missing.length; at += batch) {
      const ids = missing.slice(at, at + batch);
      const out = await embedder.embed(ids.map((i) => indexingText(passages[i])), 'passage');
      ids.forEach((id, j) => vectors.set(out[j], id * embedder.dim));
      embedded += ids.length;
      options.progress?.(reused + embedded, passages.length);
    }
    writer.putKeywordIndex(bm25.finish().data);
    writer.putVectors(vectors);
    writer.putUserWords(userWords);
  } catch (err) {
    graph.close();
    throw err;
  }
  return {
    embedder,
    embedded,
    reused,
    writeHnsw: (file) => {
      try {
        graph.save(file);
      } finally {
        graph.close();
      }
    },
  };
}
