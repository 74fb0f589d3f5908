import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError } from '../../src/errors.js';
import {
  createTransformersEmbedder,
  modelFamily,
  type TransformersEmbedder,
} from '../../src/index/transformers-embedder.js';
import { buildTinyModel, TINY_HIDDEN } from '../fixtures/tiny-model.js';

const BGE_ZH_INSTRUCTION = '为这个句子生成表示以用于检索相关文章：';

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

describe('modelFamily', () => {
  it('uses [CLS] pooling and the Chinese query instruction for Chinese bge models', () => {
    for (const id of ['Xenova/bge-small-zh-v1.5', 'BAAI/bge-large-zh', 'bge-base-zh-v1.5']) {
      expect(modelFamily(id)).toEqual({ pooling: 'cls', queryPrefix: BGE_ZH_INSTRUCTION, passagePrefix: '' });
    }
  });

  it('uses the English instruction for English bge models', () => {
    expect(modelFamily('Xenova/bge-small-en-v1.5')).toEqual({
      pooling: 'cls',
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
      passagePrefix: '',
    });
  });

  it('uses mean pooling with query:/passage: prefixes for e5 models', () => {
    for (const id of ['Xenova/multilingual-e5-small', 'intfloat/e5-base-v2']) {
      expect(modelFamily(id)).toEqual({ pooling: 'mean', queryPrefix: 'query: ', passagePrefix: 'passage: ' });
    }
  });

  it('falls back to mean pooling without prefixes', () => {
    for (const id of ['Xenova/paraphrase-multilingual-MiniLM-L12-v2', 'tiny-bert-zh', 'org/bgecustom', 'some/e50-model']) {
      expect(modelFamily(id)).toEqual({ pooling: 'mean', queryPrefix: '', passagePrefix: '' });
    }
  });
});

describe('TransformersEmbedder with a local tiny model', () => {
  let dir: string;
  let embedder: TransformersEmbedder;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'woyaowen-embedder-'));
    const model = await buildTinyModel(dir);
    embedder = await createTransformersEmbedder({ model, modelsDir: dir, allowRemote: false, batchSize: 2 });
  });

  afterAll(async () => {
    await embedder?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports its id and the dimension of the model', () => {
    expect(embedder.id).toBe('transformers:tiny-bert-zh');
    expect(embedder.dim).toBe(TINY_HIDDEN);
  });

  it('returns one unit-length vector per text, across batches', async () => {
    const texts = ['经济工作会议在北京召开', '园区招商引资项目落实', '今年GDP增长5%', '港口贸易开放合作', '生态环境保护'];
    for (const kind of ['query', 'passage'] as const) {
      const vectors = await embedder.embed(texts, kind);
      expect(vectors).toHaveLength(texts.length);
      for (const v of vectors) {
        expect(v).toBeInstanceOf(Float32Array);
        expect(v.length).toBe(TINY_HIDDEN);
        expect(norm(v)).toBeCloseTo(1, 5);
      }
    }
  });

  it('gives different texts different vectors and the same text the same vector', async () => {
    const texts = ['经济工作会议', '城乡规划建设'];
    const [a, b] = await embedder.embed(texts, 'passage');
    const [a2, b2] = await embedder.embed(texts, 'passage');
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(a2)).toEqual(Array.from(a));
    expect(Array.from(b2)).toEqual(Array.from(b));
  });

  it('does not let batch neighbours or padding change a vector beyond float noise', async () => {
    const [alone] = await embedder.embed(['经济工作会议'], 'passage');
    const [, inBatch] = await embedder.embed(['港口贸易开放合作推进落实', '经济工作会议'], 'passage');
    alone.forEach((x, i) => expect(inBatch[i]).toBeCloseTo(x, 6));
  });

  it('returns nothing for no texts', async () => {
    expect(await embedder.embed([], 'query')).toEqual([]);
  });

  it('prefixes queries for bge-style models but leaves passages alone', async () => {
    const model = await buildTinyModel(dir, 'tiny-bge-small-zh');
    const bge = await createTransformersEmbedder({ model, modelsDir: dir, allowRemote: false });
    try {
      const text = '园区经济发展';
      const [query] = await bge.embed([text], 'query');
      const [passage] = await bge.embed([text], 'passage');
      const [explicit] = await bge.embed([BGE_ZH_INSTRUCTION + text], 'passage');
      expect(bge.family.pooling).toBe('cls');
      expect(Array.from(query)).not.toEqual(Array.from(passage));
      expect(Array.from(query)).toEqual(Array.from(explicit));
      expect(norm(query)).toBeCloseTo(1, 5);
    } finally {
      await bge.dispose();
    }
  });

  it('rejects a missing model quickly with ModelLoadError when downloads are off', async () => {
    const started = Date.now();
    const attempt = createTransformersEmbedder({ model: 'Xenova/not-here', modelsDir: dir, allowRemote: false });
    await expect(attempt).rejects.toBeInstanceOf(ModelLoadError);
    await expect(attempt).rejects.toThrow(/Xenova\/not-here[\s\S]*remote downloads disabled[\s\S]*npm run model:fetch[\s\S]*EMBEDDER=hash/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('wraps broken model files in ModelLoadError with the original cause', async () => {
    const model = await buildTinyModel(dir, 'broken-model');
    await rm(path.join(dir, model, 'onnx'), { recursive: true });
    const attempt = createTransformersEmbedder({ model, modelsDir: dir, allowRemote: false });
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).cause).toBeInstanceOf(Error);
  });
});

describe('TransformersEmbedder downloading from a mirror (HF_ENDPOINT)', () => {
  let sourceDir: string;
  let cacheDir: string;
  let server: Server;
  let endpoint: string;
  const requested: string[] = [];

  beforeAll(async () => {
    sourceDir = await mkdtemp(path.join(os.tmpdir(), 'woyaowen-mirror-src-'));
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'woyaowen-mirror-cache-'));
    await buildTinyModel(sourceDir, 'tiny-bert-zh');
    // Serves files the way the Hub does: /<org>/<model>/resolve/<revision>/<file>.
    server = createServer((req, res) => {
      const url = req.url ?? '';
      requested.push(url);
      const match = /^\/acme\/tiny-bert-zh\/resolve\/main\/(.+)$/.exec(url);
      if (!match) {
        res.writeHead(404).end();
        return;
      }
      readFile(path.join(sourceDir, 'tiny-bert-zh', decodeURIComponent(match[1]))).then(
        (body) => res.writeHead(200, { 'content-length': body.length }).end(body),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    for (const d of [sourceDir, cacheDir]) if (d) await rm(d, { recursive: true, force: true });
  });

  it('downloads into modelsDir, after which it loads with downloads off', async () => {
    const fetched = await createTransformersEmbedder({
      model: 'acme/tiny-bert-zh',
      modelsDir: cacheDir,
      allowRemote: true,
      hfEndpoint: endpoint,
    });
    await fetched.dispose();
    expect(requested).toContain('/acme/tiny-bert-zh/resolve/main/onnx/model_quantized.onnx');
    expect(existsSync(path.join(cacheDir, 'acme/tiny-bert-zh/config.json'))).toBe(true);
    expect(existsSync(path.join(cacheDir, 'acme/tiny-bert-zh/onnx/model_quantized.onnx'))).toBe(true);

    const offline = await createTransformersEmbedder({ model: 'acme/tiny-bert-zh', modelsDir: cacheDir, allowRemote: false });
    try {
      expect(offline.dim).toBe(TINY_HIDDEN);
      expect(offline.id).toBe('transformers:acme/tiny-bert-zh');
    } finally {
      await offline.dispose();
    }
  });

  it('names the endpoint when the download fails', async () => {
    const attempt = createTransformersEmbedder({
      model: 'acme/absent-model',
      modelsDir: cacheDir,
      allowRemote: true,
      hfEndpoint: endpoint,
    });
    await expect(attempt).rejects.toBeInstanceOf(ModelLoadError);
    await expect(attempt).rejects.toThrow(endpoint);
  });
});
