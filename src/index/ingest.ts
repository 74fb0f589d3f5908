import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { parseArticle, scrubLines } from '../corpus/article.js';
import { chainResolvers, corpusResolver } from '../corpus/clean.js';
import { userDictionary } from '../corpus/lexicon.js';
import { lexiconResolver } from '../corpus/lost-chars.js';
import { chunkArticle, indexingText } from '../corpus/passages.js';
import type { Article, Passage } from '../corpus/types.js';
import { EmptyCorpusError } from '../errors.js';
import { readCorpusDir, type SkippedFile } from '../io/read-corpus.js';
import { buildBriefs } from '../knowledge/briefs.js';
import { analyze } from '../qa/terms.js';
import { Bm25Index } from './bm25.js';
import type { Embedder } from './embedder.js';
import { createEmbedder, type Log } from './embedders.js';
import { HashEmbedder } from './hash-embedder.js';
import { HnswVectorIndex } from './hnsw-index.js';
import { createJiebaTokenizer, jiebaDictionaryWords } from './jieba-tokenizer.js';
import { readIndex, readManifest, writeIndex, type IndexContents, type StoredArticle } from './store.js';

/** Bump when cleaning, chunking or analysis changes, so old indexes are rebuilt rather than trusted. */
export const PIPELINE_VERSION = 'p1';

export interface IngestOptions {
  config: Config;
  log?: Log;
  progress?: (done: number, total: number) => void;
  /** Overrides the configured embedder (tests). */
  embedder?: Embedder;
  /** Rebuild even when the corpus looks unchanged. */
  force?: boolean;
}

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

function tryReadPrevious(config: Config, log: Log): IndexContents | null {
  try {
    readManifest(config.INDEX_DIR);
  } catch {
    return null;
  }
  try {
    return readIndex(config.INDEX_DIR);
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
  const log = options.log ?? (() => {});
  const read = await readCorpusDir(config.CORPUS_DIR);
  const skipped = [...read.skipped];

  // Byte-identical files are one article.
  const seenBytes = new Map<string, string>();
  const files = read.files.filter((f) => {
    const hash = sha256(f.bytes);
    const first = seenBytes.get(hash);
    if (first) {
      skipped.push({ path: f.path, reason: `duplicate of ${first}` });
      return false;
    }
    seenBytes.set(hash, f.docId);
    return true;
  });
  const fileHashes = [...seenBytes.entries()].map(([hash, docId]) => `${docId}:${hash}`).sort();
  const fingerprint = corpusFingerprint(config, fileHashes);

  if (!options.force) {
    try {
      const manifest = readManifest(config.INDEX_DIR);
      if (manifest.corpusFingerprint === fingerprint) {
        const current = readIndex(config.INDEX_DIR, { verify: false });
        return {
          upToDate: true,
          articles: current.articles.map((a) => ({ docId: a.docId, title: a.title, passages: a.passageCount })),
          passages: current.passages.length,
          skipped,
          embedded: 0,
          reused: current.passages.length,
          embedderId: manifest.embedder.id,
          indexDir: config.INDEX_DIR,
          seconds: (performance.now() - started) / 1000,
        };
      }
    } catch {
      // No usable index: build one.
    }
  }

  // Characters lost to mojibake are restored from identical context elsewhere or from pinyin.
  const scrubbed = files.map((f) => scrubLines(f.text).map((l) => l.original));
  const resolver = chainResolvers(corpusResolver(scrubbed.flat()), lexiconResolver(jiebaDictionaryWords()));
  const seenText = new Map<string, string>();
  const articles: { article: Article; fileHash: string; file: string }[] = [];
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
    articles.push({ article, fileHash: sha256(f.bytes), file: f.path });
  }
  if (articles.length === 0) {
    const reasons = skipped.map((s) => `  ${s.path}: ${s.reason}`).join('\n');
    throw new EmptyCorpusError(`No usable articles in ${config.CORPUS_DIR}.${reasons ? `\n${reasons}` : ''}`);
  }

  const userWords = userDictionary(articles.map((a) => a.article));
  const tokenizer = createJiebaTokenizer(userWords);
  const embedder = options.embedder ?? (await createEmbedder(config, tokenizer, log));
  const passages: Passage[] = [];
  const stored: StoredArticle[] = [];
  for (const { article, fileHash, file } of articles) {
    const ps = chunkArticle(article);
    passages.push(...ps);
    const { paragraphs: _p, normParagraphs: _n, ...meta } = article;
    stored.push({ ...meta, fingerprint: fileHash, file, passageCount: ps.length });
  }

  const terms = passages.map((p) => analyze(tokenizer, indexingText(p)));
  const vectors = new Float32Array(passages.length * embedder.dim);
  let embedded = 0;
  let reused = 0;
  const previous = tryReadPrevious(config, log);
  const cache = new Map<string, Float32Array>();
  if (previous && previous.manifest.embedder.id === embedder.id) {
    const dim = previous.manifest.embedder.dim;
    previous.passages.forEach((p, i) => cache.set(sha256(indexingText(p)), previous.vectors.subarray(i * dim, (i + 1) * dim)));
  }
  if (embedder instanceof HashEmbedder) {
    // Hash vectors come straight from the analyzed terms, cheaper than a cache lookup.
    terms.forEach((t, i) => {
      vectors.set(embedder.embedTerms(t), i * embedder.dim);
      if (cache.has(sha256(indexingText(passages[i])))) reused++;
      else embedded++;
    });
    options.progress?.(passages.length, passages.length);
  } else {
    const missing: number[] = [];
    passages.forEach((p, i) => {
      const hit = cache.get(sha256(indexingText(p)));
      if (hit) {
        vectors.set(hit, i * embedder.dim);
        reused++;
      } else missing.push(i);
    });
    const batch = 32;
    for (let at = 0; at < missing.length; at += batch) {
      const ids = missing.slice(at, at + batch);
      const out = await embedder.embed(ids.map((i) => indexingText(passages[i])), 'passage');
      ids.forEach((id, j) => vectors.set(out[j], id * embedder.dim));
      embedded += ids.length;
      options.progress?.(reused + embedded, passages.length);
    }
  }

  const bm25 = Bm25Index.build(terms);
  const rows = passages.map((_, i) => vectors.subarray(i * embedder.dim, (i + 1) * embedder.dim));
  const hnsw = HnswVectorIndex.build(rows, embedder.dim);
  const facts = buildBriefs(
    articles.map((a) => a.article),
    passages,
  );
  writeIndex(config.INDEX_DIR, {
    embedder: { id: embedder.id, dim: embedder.dim },
    corpusFingerprint: fingerprint,
    articles: stored,
    passages,
    vectors,
    bm25: bm25.data,
    userWords,
    facts,
    writeHnsw: (file) => hnsw.save(file),
  });
  return {
    upToDate: false,
    articles: stored.map((a) => ({ docId: a.docId, title: a.title, passages: a.passageCount })),
    passages: passages.length,
    skipped,
    embedded,
    reused,
    embedderId: embedder.id,
    indexDir: config.INDEX_DIR,
    seconds: (performance.now() - started) / 1000,
  };
}
