import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQaService } from '../../src/app/qa-service.js';
import { loadConfig } from '../../src/config.js';
import { EmbedderMismatchError } from '../../src/errors.js';
import { ingest } from '../../src/index/ingest.js';
import { readManifest } from '../../src/index/store.js';
import { makeWorkspace, type Workspace } from '../fixtures/index-workspace.js';
import { buildTinyModel, TINY_HIDDEN } from '../fixtures/tiny-model.js';

// The model path end to end: ingest embeds with the model, the manifest records it, queries use it.
describe('ingest with the transformers embedder (tiny local model)', () => {
  let ws: Workspace;
  let modelsDir: string;
  let model: string;

  beforeAll(async () => {
    ws = await makeWorkspace('woyaowen-tf-');
    modelsDir = path.join(ws.root, 'models');
    model = await buildTinyModel(modelsDir);
  });
  afterAll(() => ws.cleanup());

  const config = (embedder: string) =>
    loadConfig({ CORPUS_DIR: ws.corpusDir, INDEX_DIR: ws.indexDir, EMBEDDER: embedder, EMBEDDING_MODEL: model, MODELS_DIR: modelsDir, ALLOW_REMOTE_MODELS: 'false' });

  it('auto picks the model when it is present and records it in the manifest', async () => {
    const summary = await ingest({ config: config('auto') });
    expect(summary.embedderId).toBe(`transformers:${model}`);
    const manifest = readManifest(ws.indexDir);
    expect(manifest.embedder).toEqual({ id: `transformers:${model}`, dim: TINY_HIDDEN });
  });

  it('answers with the same embedder the index was built with', async () => {
    const qa = await createQaService(config('auto'));
    const answer = await qa.ask('岳阳经开区续建项目有多少个？');
    expect(answer.abstained).toBe(false);
    expect(answer.answer).toContain('20个');
    expect(answer.citations[0].docId).toBe('001_a624ff9043f746f6');
  });

  it('re-ingesting an unchanged corpus embeds nothing again', async () => {
    const summary = await ingest({ config: config('auto'), force: true });
    expect(summary.embedded).toBe(0);
    expect(summary.reused).toBe(summary.passages);
  });

  it('names the problem when the model that built the index is gone', async () => {
    await rm(path.join(modelsDir, model), { recursive: true, force: true });
    const { loadQa } = await import('../../src/app/qa-service.js');
    await expect(loadQa(config('auto'))).rejects.toThrow(EmbedderMismatchError);
    await expect(loadQa(config('auto'))).rejects.toThrow(/cannot be loaded now/);
  });
});
