import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQaService } from '../../src/app/qa-service.js';
import { parseBatchInput } from '../../src/batch/input.js';
import type { BatchLine } from '../../src/batch/render.js';
import { runBatch, type BatchSummary } from '../../src/batch/run.js';
import { loadConfig } from '../../src/config.js';

const SEEDS = fileURLToPath(new URL('../../corpus', import.meta.url));

describe('batch over the real pipeline (seed corpus, hash embedder)', () => {
  let dir: string;
  const lines: BatchLine[] = [];
  let summary: BatchSummary;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'woyaowen-batch-e2e-'));
    const corpus = path.join(dir, 'corpus');
    cpSync(SEEDS, corpus, { recursive: true });
    const config = loadConfig({ CORPUS_DIR: corpus, INDEX_DIR: path.join(dir, 'index'), EMBEDDER: 'hash' });
    const qa = await createQaService(config);
    const items = parseBatchInput(
      'questions.txt',
      '# seeds\n岳阳经开区上半年新开工项目有多少个？\n北京亦庄经开区的主任是谁？\n谭勇要求以什么倒逼进度、以什么倒逼效率？\n',
    );
    summary = await runBatch({ items, ask: (q) => qa.ask(q), concurrency: 3, write: (l) => void lines.push(l) });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers in input order with the ids of the txt lines', () => {
    expect(lines.map((l) => l.id)).toEqual(['q2', 'q3', 'q4']);
    expect(lines.every((l) => l.error === undefined)).toBe(true);
    expect(summary).toMatchObject({ total: 3, answered: 2, abstained: 1, errors: 0, skipped: 0 });
  });

  it('answers a seed question with the figure and a citation of its article', () => {
    const [q] = lines;
    expect(q.abstained).toBe(false);
    expect(q.answer).toContain('11个');
    expect(q.citations.map((c) => c.docId)).toContain('001_a624ff9043f746f6');
    expect(q.latencyMs).toBeGreaterThan(0);
  });

  it('abstains on a question the corpus cannot answer', () => {
    expect(lines[1]).toMatchObject({ question: '北京亦庄经开区的主任是谁？', abstained: true, citations: [] });
  });
});
