import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWith, loadQa, type LoadedQa } from '../../src/app/qa-service.js';
import { syntheticArticle, syntheticCorpus, syntheticQuestions, type SyntheticArticle } from '../../src/bench/synthetic.js';
import { loadConfig } from '../../src/config.js';
import { normalizeText } from '../../src/corpus/normalize.js';
import { ingest, type IngestSummary } from '../../src/index/ingest.js';
import { readIndex, type IndexContents } from '../../src/index/store.js';
import type { Brief } from '../../src/knowledge/briefs.js';

describe('synthetic corpus generator', () => {
  it('gives the same articles for the same seed, and other articles for another seed', () => {
    const a = [...syntheticCorpus(30, { seed: 7 })];
    const b = [...syntheticCorpus(30, { seed: 7 })];
    const c = [...syntheticCorpus(30, { seed: 8 })];
    expect(b).toEqual(a);
    expect(c.map((x) => x.text)).not.toEqual(a.map((x) => x.text));
  });

  it('produces the requested number of articles with distinct ids, and slices agree with the whole', () => {
    const all = [...syntheticCorpus(40, { seed: 3 })];
    expect(all).toHaveLength(40);
    expect(new Set(all.map((a) => a.docId)).size).toBe(40);
    expect([...syntheticCorpus(5, { seed: 3, start: 20 })]).toEqual(all.slice(20, 25));
    expect(syntheticArticle(33, 3)).toEqual(all[33]);
  });

  it('varies like the seeds: traditional script, page furniture, several meta-line layouts', () => {
    const sample = [...syntheticCorpus(300, { seed: 1 })];
    const traditional = sample.filter((a) => a.facts.traditional);
    expect(traditional.length).toBeGreaterThan(20);
    expect(traditional.length).toBeLessThan(100);
    expect(traditional.some((a) => /經開區|區黨工委書記|區工委書記/.test(a.text))).toBe(true);
    const has = (re: RegExp) => sample.filter((a) => re.test(a.text)).length;
    expect(has(/^(责编|責編):/m)).toBeGreaterThan(30);
    expect(has(/^(鲜花|鮮花)$/m)).toBeGreaterThan(10);
    expect(has(/^(扫描二维码|掃描二維碼)$/m)).toBeGreaterThan(10);
    expect(has(/查看(内容|內容)$/m)).toBeGreaterThan(10);
    expect(has(/^(发布时间|發佈時間|發布時間):\d{4}年/m)).toBeGreaterThan(10);
    expect(has(/^ {2}\S+ {3}\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/m)).toBeGreaterThan(30);
    // Leaders with titles, figures and directives in the shape of the real articles.
    const first = sample.find((a) => !a.facts.traditional)!;
    expect(first.text).toContain(`${first.facts.secretary.title}${first.facts.secretary.name}出席并讲话`);
    expect(first.text).toMatch(/全区实现GDP\d+(\.\d+)?亿元,同比增长\d+(\.\d+)?%/);
    expect(first.text).toMatch(new RegExp(`${first.facts.secretary.name}(强调|要求|指出),要`));
    expect(first.text).toMatch(/\d{1,2}月\d{1,2}日/);
  });

  it('builds questions of every kind from the facts, unanswerable ones without an expected answer', () => {
    const facts = [...syntheticCorpus(50, { seed: 2 })].map((a) => a.facts);
    const questions = syntheticQuestions(facts, 40, 2);
    expect(questions).toHaveLength(40);
    expect(new Set(questions.map((q) => q.type))).toEqual(new Set(['leader', 'target', 'directive', 'unanswerable']));
    for (const q of questions) {
      if (q.type === 'unanswerable') expect(q.expect).toEqual([]);
      else expect(q.expect.length).toBeGreaterThan(0);
    }
    expect(syntheticQuestions(facts, 40, 2)).toEqual(questions);
  });
});

describe('synthetic articles through ingest', () => {
  let root: string;
  let articles: SyntheticArticle[];
  let summary: IngestSummary;
  let contents: IndexContents;
  let qa: LoadedQa;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'woyaowen-synthetic-'));
    const corpusDir = path.join(root, 'corpus');
    articles = [...syntheticCorpus(20, { seed: 5 })];
    await mkdir(corpusDir);
    for (const a of articles) await writeFile(path.join(corpusDir, `${a.docId}.txt`), a.text);
    const config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: path.join(root, 'index'), EMBEDDER: 'hash', MODELS_DIR: path.join(root, 'models') });
    summary = await ingest({ config });
    contents = readIndex(config.INDEX_DIR);
    qa = await loadQa(config);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('ingests every article, about five passages each', () => {
    expect(summary.skipped).toEqual([]);
    expect(summary.articles.map((a) => a.docId)).toEqual(articles.map((a) => a.docId).sort());
    const perArticle = summary.passages / articles.length;
    expect(perArticle).toBeGreaterThan(3.5);
    expect(perArticle).toBeLessThan(7);
    for (const p of contents.passages) expect(p.text.length).toBeLessThanOrEqual(700);
  });

  it('detects each article’s zone and date, and leaves no page furniture in the passages', () => {
    for (const a of articles) {
      const stored = contents.articles.find((x) => x.docId === a.docId)!;
      expect(stored.zone).toBe(a.facts.zone);
      expect(stored.date).toBe(a.facts.date);
      expect(stored.meetingDate).toBe(a.facts.date);
    }
    const text = contents.passages.map((p) => p.norm).join('\n');
    for (const chrome of ['责编', '鲜花', '扫描二维码', '发布者', '<span', '我要问']) expect(text).not.toContain(chrome);
  });

  it('extracts the leaders with their titles and roles, the targets and the directives', () => {
    const briefs = contents.facts as Brief[];
    for (const a of articles) {
      const brief = briefs.find((b) => b.docId === a.docId)!;
      const secretary = brief.people.find((p) => p.name === a.facts.secretary.name);
      expect(secretary?.title).toContain(normalizeText(a.facts.secretary.title).split('、').pop());
      expect(secretary?.roles).toContain('讲话');
      expect(brief.people.find((p) => p.name === a.facts.director.name)?.roles).toContain('主持');
      expect(brief.directives.some((d) => d.speaker === a.facts.secretary.name)).toBe(true);
      if (normalizeText(a.text).includes(`地区生产总值目标为${a.facts.gdpTarget}亿元`)) {
        expect(brief.figures.some((f) => f.value === a.facts.gdpTarget && f.kind === 'target')).toBe(true);
      }
    }
  });

  it('answers the generated leader questions with the chair', async () => {
    const questions = syntheticQuestions(
      articles.map((a) => a.facts),
      16,
      5,
    ).filter((q) => q.type === 'leader');
    expect(questions.length).toBeGreaterThan(0);
    for (const q of questions) {
      const answer = await answerWith(qa, q.q);
      expect(answer.abstained).toBe(false);
      expect(q.expect.some((e) => normalizeText(answer.answer).includes(normalizeText(e)))).toBe(true);
    }
  });
});
