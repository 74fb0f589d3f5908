import { readdir, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerWith, createQaService, loadQa, MAX_QUESTION_CHARS, sanitizeQuestion, type LoadedQa } from '../../src/app/qa-service.js';
import { EmptyCorpusError, UsageError } from '../../src/errors.js';
import { ingest } from '../../src/index/ingest.js';
import { currentVersionDir, indexVersion, readManifest } from '../../src/index/store.js';
import { FIREWORKS_ARTICLE, makeWorkspace, type Workspace } from '../fixtures/index-workspace.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\ufeff]/;
const FIREWORKS_QUESTION = '烟花爆竹产业集群今年的总产值目标是多少';
const FIREWORKS_DOC = '005_liuyang_fireworks';

describe('sanitizeQuestion', () => {
  it.each(['', '   ', '\n\t  \r\n', '\u0000\u0007\u200b\ufeff', '\u3000'])('rejects %j as a usage error', (input) => {
    expect(() => sanitizeQuestion(input)).toThrow(UsageError);
  });

  it('keeps an ordinary question as it is', () => {
    expect(sanitizeQuestion('  岳阳经开区今年GDP目标是多少？ ')).toEqual({ question: '岳阳经开区今年GDP目标是多少？', truncated: false });
  });

  it('removes control and zero-width characters and folds whitespace', () => {
    const { question, truncated } = sanitizeQuestion('\ufeff谭勇\u0000在\u200b会上\u0007强调了\n\n\t什么\u001b？');
    expect(question).toBe('谭勇在会上强调了 什么？');
    expect(question).not.toMatch(CONTROL);
    expect(truncated).toBe(false);
  });

  it(`truncates a 10,000-character question to ${MAX_QUESTION_CHARS} characters`, () => {
    const { question, truncated } = sanitizeQuestion('经济'.repeat(5000));
    expect(truncated).toBe(true);
    expect(question).toBe('经济'.repeat(MAX_QUESTION_CHARS / 2));
  });

  it('truncates by characters, never splitting an emoji into a lone surrogate', () => {
    const { question, truncated } = sanitizeQuestion('😀'.repeat(10_000));
    expect(truncated).toBe(true);
    expect([...question]).toHaveLength(MAX_QUESTION_CHARS);
    // A lone surrogate would not survive a UTF-8 round trip.
    expect(Buffer.from(question, 'utf8').toString('utf8')).toBe(question);
  });

  it('keeps a question of exactly the limit whole', () => {
    const input = '问'.repeat(MAX_QUESTION_CHARS);
    expect(sanitizeQuestion(input)).toEqual({ question: input, truncated: false });
  });
});

describe('answerWith on hostile input', () => {
  let ws: Workspace;
  let qa: LoadedQa;

  beforeAll(async () => {
    ws = await makeWorkspace('woyaowen-qa-');
    await ingest({ config: ws.config });
    qa = await loadQa(ws.config);
  });
  afterAll(() => ws.cleanup());

  it('answers despite control characters and emoji, and cites the right article', async () => {
    const result = await answerWith(qa, '\u0000湘江新区😀经济工作讲评会议\u0007为表现优异单位颁发了什么\u200b？🚩');
    expect(result.question).not.toMatch(CONTROL);
    expect(result.abstained).toBe(false);
    expect(result.answer).toContain('流动红旗');
    expect(result.citations.map((c) => c.docId)).toContain('000_902f0bdd42ed5ca0');
    expect(result.answer).not.toMatch(CONTROL);
  });

  it('answers a 10,000-character question from its first 500 characters and says so', async () => {
    const result = await answerWith(qa, '流动红旗'.repeat(2500));
    expect([...result.question].length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(result.note).toMatch(/问题过长/);
    expect(result.citations.map((c) => c.docId)).toContain('000_902f0bdd42ed5ca0');
  });

  it('answers a question that is nothing but emoji without throwing', async () => {
    const result = await answerWith(qa, '😀🚩🎉');
    expect(typeof result.answer).toBe('string');
    expect(result.answer.length).toBeGreaterThan(0);
  });

  it('rejects a question that is only control characters', async () => {
    await expect(answerWith(qa, '\u0000\u0001\u200b')).rejects.toBeInstanceOf(UsageError);
  });
});

describe('createQaService', () => {
  let ws: Workspace | undefined;
  let logs: string[] = [];
  const log = (line: string) => logs.push(line);

  afterEach(async () => {
    logs = [];
    await ws?.cleanup();
  });

  it('builds a missing index before answering', async () => {
    ws = await makeWorkspace('woyaowen-service-');
    expect(indexVersion(ws.indexDir)).toBeNull();
    const service = await createQaService(ws.config, log);
    expect(logs.some((l) => /No index yet/.test(l))).toBe(true);
    expect(readManifest(ws.indexDir).counts.articles).toBe(5);
    expect(service.current().version).toBe(indexVersion(ws.indexDir));
    const answer = await service.ask('钢琴');
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0].docId).toBe('002_1760d61299c6fb71');
  });

  it('fails with EmptyCorpusError when there is nothing to index', async () => {
    ws = await makeWorkspace('woyaowen-service-empty-');
    for (const name of await readdir(ws.corpusDir)) await rm(path.join(ws.corpusDir, name));
    await expect(createQaService(ws.config, log)).rejects.toBeInstanceOf(EmptyCorpusError);
  });

  it('picks up a newly published index on the next question', async () => {
    ws = await makeWorkspace('woyaowen-service-reload-');
    await ingest({ config: ws.config });
    const service = await createQaService(ws.config, log);
    const first = service.current().version;

    const before = await service.ask(FIREWORKS_QUESTION);
    expect(before.abstained).toBe(true);
    expect(before.citations.map((c) => c.docId)).not.toContain(FIREWORKS_DOC);

    await writeFile(path.join(ws.corpusDir, `${FIREWORKS_DOC}.txt`), FIREWORKS_ARTICLE);
    const summary = await ingest({ config: ws.config });
    expect(summary.articles.map((a) => a.docId)).toContain(FIREWORKS_DOC);

    const after = await service.ask(FIREWORKS_QUESTION);
    expect(service.current().version).not.toBe(first);
    expect(service.current().version).toBe(indexVersion(ws.indexDir));
    expect(logs.some((l) => /Index reloaded/.test(l))).toBe(true);
    expect(after.abstained).toBe(false);
    expect(after.citations.map((c) => c.docId)).toContain(FIREWORKS_DOC);
    expect(after.answer).toContain('320亿元');
    // Briefs come from the reloaded index too.
    expect(await service.brief(FIREWORKS_DOC)).toContain('浏阳');
  });

  it('keeps answering from the old index when the new one is corrupt, and recovers on a good one', async () => {
    ws = await makeWorkspace('woyaowen-service-corrupt-');
    await ingest({ config: ws.config });
    const service = await createQaService(ws.config, log);
    const first = service.current().version;

    await writeFile(path.join(ws.corpusDir, `${FIREWORKS_DOC}.txt`), FIREWORKS_ARTICLE);
    await ingest({ config: ws.config });
    const broken = indexVersion(ws.indexDir);
    expect(broken).not.toBe(first);
    await truncate(path.join(currentVersionDir(ws.indexDir)!, 'vectors.f32'), 100);

    const answer = await service.ask('钢琴');
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0].docId).toBe('002_1760d61299c6fb71');
    expect(service.current().version).toBe(first);
    expect(logs.some((l) => /still serving the previous one/.test(l) && l.includes('vectors.f32'))).toBe(true);
    // Still the old corpus: the new article is not there.
    expect((await service.ask(FIREWORKS_QUESTION)).abstained).toBe(true);

    // The next ingest sees the damage, rebuilds, and the service moves on.
    const repaired = await ingest({ config: ws.config });
    expect(repaired.upToDate).toBe(false);
    const after = await service.ask(FIREWORKS_QUESTION);
    expect(service.current().version).toBe(indexVersion(ws.indexDir));
    expect(service.current().version).not.toBe(broken);
    expect(after.citations.map((c) => c.docId)).toContain(FIREWORKS_DOC);
  });
});
