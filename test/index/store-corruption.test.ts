import { cp, mkdtemp, readFile, rm, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadQa } from '../../src/app/qa-service.js';
import { EmbedderMismatchError, IndexCorruptError, IndexMissingError } from '../../src/errors.js';
import { embedderForIndex } from '../../src/index/embedders.js';
import { ingest } from '../../src/index/ingest.js';
import { createJiebaTokenizer } from '../../src/index/jieba-tokenizer.js';
import { currentVersionDir, readIndex, readManifest, type Manifest } from '../../src/index/store.js';
import { makeWorkspace, type Workspace } from '../fixtures/index-workspace.js';

describe('index store: corrupt and missing indexes are named, never loaded', () => {
  let ws: Workspace;
  let scratch: string[] = [];

  beforeAll(async () => {
    ws = await makeWorkspace('woyaowen-corrupt-');
    await ingest({ config: ws.config });
  });
  afterEach(async () => {
    await Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true })));
    scratch = [];
  });
  afterAll(() => ws.cleanup());

  /** A private copy of the good index, so each case corrupts its own. */
  async function copyOfIndex(): Promise<{ indexDir: string; versionDir: string; config: ReturnType<typeof loadConfig> }> {
    const root = await mkdtemp(path.join(os.tmpdir(), 'woyaowen-corrupt-copy-'));
    scratch.push(root);
    const indexDir = path.join(root, 'index');
    await cp(ws.indexDir, indexDir, { recursive: true });
    expect(() => readIndex(indexDir)).not.toThrow();
    const config = loadConfig({ CORPUS_DIR: ws.corpusDir, INDEX_DIR: indexDir, EMBEDDER: 'hash', MODELS_DIR: path.join(root, 'models'), ALLOW_REMOTE_MODELS: 'false' });
    return { indexDir, versionDir: currentVersionDir(indexDir)!, config };
  }

  async function editManifest(versionDir: string, edit: (m: Manifest) => void): Promise<void> {
    const file = path.join(versionDir, 'manifest.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Manifest;
    edit(manifest);
    await writeFile(file, JSON.stringify(manifest));
  }

  function corruptError(fn: () => unknown): IndexCorruptError {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(IndexCorruptError);
      return err as IndexCorruptError;
    }
    throw new Error('expected an IndexCorruptError, nothing was thrown');
  }

  it('reports a truncated vectors.f32 as truncated', async () => {
    const { indexDir, versionDir, config } = await copyOfIndex();
    const file = path.join(versionDir, 'vectors.f32');
    const { size } = await stat(file);
    await truncate(file, size - 4 * 100);
    const err = corruptError(() => readIndex(indexDir));
    expect(err.message).toContain('vectors.f32');
    expect(err.message).toMatch(/truncated/);
    expect(err.message).toContain(versionDir);
    await expect(loadQa(config)).rejects.toBeInstanceOf(IndexCorruptError);
  });

  it('reports one flipped byte in passages.jsonl as a checksum mismatch', async () => {
    const { indexDir, versionDir } = await copyOfIndex();
    const file = path.join(versionDir, 'passages.jsonl');
    const bytes = await readFile(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    await writeFile(file, bytes);
    const err = corruptError(() => readIndex(indexDir));
    expect(err.message).toContain('passages.jsonl');
    expect(err.message).toMatch(/checksum/);
    // Without verification only the sizes are compared, which a flipped byte passes.
    expect(() => readIndex(indexDir, { verify: false })).not.toThrow();
  });

  it.each(['vectors.hnsw', 'facts.json', 'bm25-tfs.u16'])('reports a flipped byte in %s', async (name) => {
    const { indexDir, versionDir } = await copyOfIndex();
    const file = path.join(versionDir, name);
    const bytes = await readFile(file);
    bytes[bytes.length - 1] ^= 0x20;
    await writeFile(file, bytes);
    expect(corruptError(() => readIndex(indexDir)).message).toContain(name);
  });

  it('reports a deleted bm25-ids.u32 as missing', async () => {
    const { indexDir, versionDir } = await copyOfIndex();
    await unlink(path.join(versionDir, 'bm25-ids.u32'));
    const err = corruptError(() => readIndex(indexDir));
    expect(err.message).toContain('bm25-ids.u32');
    expect(err.message).toMatch(/missing/);
  });

  it('refuses a manifest of another format version, naming both versions', async () => {
    const { indexDir, versionDir } = await copyOfIndex();
    await editManifest(versionDir, (m) => {
      m.formatVersion = 2;
    });
    const err = corruptError(() => readManifest(indexDir));
    expect(err.message).toMatch(/format 2/);
    expect(err.message).toMatch(/reads 1/);
    expect(err.message).toMatch(/ingest/);
    expect(() => readIndex(indexDir)).toThrow(IndexCorruptError);
  });

  it('refuses an unreadable manifest and a CURRENT naming a vanished version', async () => {
    const first = await copyOfIndex();
    await writeFile(path.join(first.versionDir, 'manifest.json'), '{"formatVersion": 1, "embedder": {');
    expect(corruptError(() => readManifest(first.indexDir)).message).toContain('manifest.json');

    const second = await copyOfIndex();
    await rm(second.versionDir, { recursive: true });
    expect(corruptError(() => readIndex(second.indexDir)).message).toContain('manifest.json');
  });

  it('reports a missing index as IndexMissingError, not as corruption', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'woyaowen-noindex-'));
    scratch.push(root);
    expect(() => readIndex(path.join(root, 'never-built'))).toThrow(IndexMissingError);
    expect(() => readManifest(root)).toThrow(IndexMissingError);
    // An empty pointer is no index either.
    await writeFile(path.join(root, 'CURRENT'), '\n');
    expect(() => readIndex(root)).toThrow(IndexMissingError);
    expect(() => readIndex(root)).toThrow(/npm run ingest/);
  });

  it('refuses 512-dimensional vectors declared as 256-dimensional', async () => {
    const { indexDir, versionDir, config } = await copyOfIndex();
    await editManifest(versionDir, (m) => {
      m.embedder = { id: 'hash-v1-256', dim: 256 };
    });
    const err = corruptError(() => readIndex(indexDir));
    expect(err.message).toMatch(/dimension 256/);
    await expect(loadQa(config)).rejects.toBeInstanceOf(IndexCorruptError);
  });

  it('refuses an embedder id that does not match the stored dimension', async () => {
    const { indexDir, versionDir, config } = await copyOfIndex();
    await editManifest(versionDir, (m) => {
      m.embedder = { id: 'hash-v1-256', dim: 512 };
    });
    const contents = readIndex(indexDir);
    await expect(embedderForIndex(contents.manifest.embedder, config, createJiebaTokenizer())).rejects.toBeInstanceOf(EmbedderMismatchError);
    await expect(loadQa(config)).rejects.toThrow(/hash-v1-256/);
  });

  it('refuses an unknown embedder id with EmbedderMismatchError', async () => {
    const { indexDir, versionDir, config } = await copyOfIndex();
    await editManifest(versionDir, (m) => {
      m.embedder = { id: 'word2vec-zh-300', dim: 512 };
    });
    const contents = readIndex(indexDir);
    const attempt = embedderForIndex(contents.manifest.embedder, config, createJiebaTokenizer());
    await expect(attempt).rejects.toBeInstanceOf(EmbedderMismatchError);
    await expect(attempt).rejects.toThrow(/unknown embedder "word2vec-zh-300"/);
    await expect(loadQa(config)).rejects.toBeInstanceOf(EmbedderMismatchError);
  });

  it('refuses a transformers index whose model is not available offline', async () => {
    const { config } = await copyOfIndex();
    const attempt = embedderForIndex({ id: 'transformers:Xenova/bge-small-zh-v1.5', dim: 512 }, config, createJiebaTokenizer());
    await expect(attempt).rejects.toBeInstanceOf(EmbedderMismatchError);
    await expect(attempt).rejects.toThrow(/Xenova\/bge-small-zh-v1\.5/);
  });

  it('rebuilds a truncated index on the next ingest', async () => {
    const { indexDir, versionDir, config } = await copyOfIndex();
    await truncate(path.join(versionDir, 'bm25-lengths.u32'), 0);
    const logs: string[] = [];
    const summary = await ingest({ config, log: (l) => logs.push(l) });
    expect(summary.upToDate).toBe(false);
    expect(summary.embedded).toBe(summary.passages);
    expect(logs.join('\n')).toMatch(/bm25-lengths\.u32/);
    expect(currentVersionDir(indexDir)).not.toBe(versionDir);
    expect(readIndex(indexDir).passages).toHaveLength(summary.passages);
  });
});
