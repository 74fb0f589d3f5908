import { copyFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQa, type LoadedQa } from '../../src/app/qa-service.js';
import { indexingText } from '../../src/corpus/passages.js';
import { normalizeText } from '../../src/corpus/normalize.js';
import { Bm25Index } from '../../src/index/bm25.js';
import { embedderForIndex } from '../../src/index/embedders.js';
import { HnswVectorIndex } from '../../src/index/hnsw-index.js';
import { ingest, type IngestSummary } from '../../src/index/ingest.js';
import { createJiebaTokenizer } from '../../src/index/jieba-tokenizer.js';
import { indexVersion, readIndex, type IndexContents } from '../../src/index/store.js';
import { analyze } from '../../src/qa/terms.js';
import { makeWorkspace, SEED_IDS, syntheticArticle, type Workspace } from '../fixtures/index-workspace.js';

const TONE_MARKS = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]/;
const CHROME = ['責編', '一審', '我要問', '鮮花', '掃描二維碼', '<span', '發布者'];

async function topDoc(qa: LoadedQa, question: string): Promise<string | undefined> {
  const evidence = await qa.engine.evidence(question);
  return evidence.hits[0]?.passage.docId;
}

function passagesByDoc(contents: IndexContents): Map<string, { passageId: string; text: string }[]> {
  const out = new Map<string, { passageId: string; text: string }[]>();
  for (const p of contents.passages) {
    if (!out.has(p.docId)) out.set(p.docId, []);
    out.get(p.docId)!.push({ passageId: p.passageId, text: p.text });
  }
  return out;
}

describe('ingest: the seed corpus round trip', () => {
  let ws: Workspace;
  let summary: IngestSummary;
  let contents: IndexContents;
  let qa: LoadedQa;

  beforeAll(async () => {
    ws = await makeWorkspace();
    summary = await ingest({ config: ws.config });
    contents = readIndex(ws.indexDir);
    qa = await loadQa(ws.config);
  });
  afterAll(() => ws.cleanup());

  it('summarizes the five seed articles with their passage counts', () => {
    expect(summary.upToDate).toBe(false);
    expect(summary.articles.map((a) => a.docId)).toEqual([...SEED_IDS]);
    for (const a of summary.articles) {
      expect(a.passages).toBeGreaterThan(0);
      expect(a.title.length).toBeGreaterThan(5);
    }
    expect(summary.passages).toBe(summary.articles.reduce((n, a) => n + a.passages, 0));
    expect(summary.skipped).toEqual([]);
    // A first build has nothing to reuse.
    expect(summary.embedded).toBe(summary.passages);
    expect(summary.reused).toBe(0);
    expect(summary.embedderId).toBe('hash-v1-512');
  });

  it('publishes an index that reads back and agrees with the summary', () => {
    expect(contents.manifest.embedder).toEqual({ id: 'hash-v1-512', dim: 512 });
    expect(contents.manifest.counts).toEqual({ articles: 5, passages: summary.passages });
    expect(contents.passages).toHaveLength(summary.passages);
    expect(contents.vectors.length).toBe(summary.passages * 512);
    expect(contents.bm25.lengths.length).toBe(summary.passages);
    expect(contents.articles.map((a) => [a.docId, a.passageCount])).toEqual(summary.articles.map((a) => [a.docId, a.passages]));
    // Stored vectors are unit length (cosine search depends on it).
    for (let i = 0; i < contents.passages.length; i++) {
      const v = contents.vectors.subarray(i * 512, (i + 1) * 512);
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    }
  });

  it('keeps passages between 50 and 700 characters (the seeds give 133–493)', () => {
    const lengths = contents.passages.map((p) => p.text.length);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(700);
  });

  it('numbers passages docId#0, docId#1, … with no gaps', () => {
    for (const [docId, list] of passagesByDoc(contents)) {
      expect(list.map((p) => p.passageId)).toEqual(list.map((_, n) => `${docId}#${n}`));
    }
    const positions = contents.passages.map((p) => `${p.docId}#${p.position}`);
    expect(positions).toEqual(contents.passages.map((p) => p.passageId));
  });

  it('leaves no mojibake, pinyin or page chrome in passage text', () => {
    for (const p of contents.passages) {
      const where = `${p.passageId}: ${p.text}`;
      expect(p.text, where).not.toContain('?');
      expect(p.text, where).not.toContain('\ufffd');
      expect(p.text, where).not.toMatch(TONE_MARKS);
      for (const chrome of CHROME) expect(p.text, where).not.toContain(chrome);
      expect(p.norm, where).not.toMatch(TONE_MARKS);
    }
    for (const a of contents.articles) {
      expect(a.title).not.toContain('?');
      expect(a.title).not.toMatch(TONE_MARKS);
    }
  });

  it.each([
    ['流动红旗', '000_902f0bdd42ed5ca0'],
    ['低效闲置工业用地', '001_a624ff9043f746f6'],
    ['钢琴', '002_1760d61299c6fb71'],
    ['四化同步发展示范区', '004_5ee2db205d9c59b6'],
  ])('hybrid retrieval puts the article about %s first', async (question, docId) => {
    expect(await topDoc(qa, question)).toBe(docId);
  });

  it('finds the only article that mentions 续建项目 (first by keywords, top two after fusion)', async () => {
    // With 512 hashed dimensions 吴桂英 (003's title, so every 003 passage) lands in the bucket
    // of 续建 with the same sign, which lifts 003 on the vector side; BM25 must still win it back.
    const evidence = await qa.engine.evidence('续建项目');
    expect(evidence.gap).toBeNull();
    expect(evidence.hits.slice(0, 2).map((h) => h.passage.passageId)).toContain('001_a624ff9043f746f6#1');
  });

  describe('each retriever on its own', () => {
    const tokenizer = () => createJiebaTokenizer(contents.userWords);

    it.each([
      ['续建项目', '001_a624ff9043f746f6#1'],
      ['流动红旗', '000_902f0bdd42ed5ca0#1'],
      ['钢琴', '002_1760d61299c6fb71#1'],
      ['四化同步发展示范区', '004_5ee2db205d9c59b6#3'],
    ])('BM25 ranks %s → %s first', (question, passageId) => {
      const bm25 = new Bm25Index(contents.bm25);
      const hits = bm25.search(analyze(tokenizer(), normalizeText(question)), 5);
      expect(contents.passages[hits[0].id].passageId).toBe(passageId);
      expect(hits[0].score).toBeGreaterThan(hits[1]?.score ?? 0);
      // A word in no passage scores nothing.
      expect(bm25.search(analyze(tokenizer(), '量子纠缠'), 5)).toEqual([]);
    });

    it.each([
      ['流动红旗', '000_902f0bdd42ed5ca0#1'],
      ['四化同步发展示范区', '004_5ee2db205d9c59b6#3'],
      ['低效闲置工业用地', '001_a624ff9043f746f6#2'],
    ])('vectors rank %s → %s first', async (question, passageId) => {
      const embedder = await embedderForIndex(contents.manifest.embedder, ws.config, tokenizer());
      const vectors = HnswVectorIndex.load(contents.hnswFile, contents.manifest.embedder.dim);
      expect(vectors.size).toBe(contents.passages.length);
      const [query] = await embedder.embed([normalizeText(question)], 'query');
      const hits = vectors.search(query, 5);
      expect(contents.passages[hits[0].label].passageId).toBe(passageId);
      expect(hits[0].score).toBeGreaterThan(hits[1].score);
    });

    it('finds every passage as its own nearest vector', async () => {
      const embedder = await embedderForIndex(contents.manifest.embedder, ws.config, tokenizer());
      const vectors = HnswVectorIndex.load(contents.hnswFile, contents.manifest.embedder.dim);
      const queries = await embedder.embed(contents.passages.map(indexingText), 'passage');
      queries.forEach((q, i) => {
        const [best] = vectors.search(q, 1);
        expect(best.label).toBe(i);
        expect(best.score).toBeCloseTo(1, 4);
      });
    });
  });
});

describe('ingest: incremental updates', () => {
  let ws: Workspace;
  let first: IngestSummary;
  let firstContents: IndexContents;
  const seedPath = (docId: string) => path.join(ws.corpusDir, `${docId}.txt`);

  beforeAll(async () => {
    ws = await makeWorkspace();
    first = await ingest({ config: ws.config });
    firstContents = readIndex(ws.indexDir);
  });
  afterAll(() => ws.cleanup());

  /** Unchanged articles keep their passage ids and texts. */
  function expectUnchanged(before: IndexContents, after: IndexContents, docIds: string[]) {
    const a = passagesByDoc(before);
    const b = passagesByDoc(after);
    for (const docId of docIds) expect(b.get(docId), docId).toEqual(a.get(docId));
  }

  it('1. reports an unchanged corpus as up to date and publishes nothing', async () => {
    const pointer = await readFile(path.join(ws.indexDir, 'CURRENT'), 'utf8');
    const entries = (await readdir(ws.indexDir)).sort();
    const again = await ingest({ config: ws.config });
    expect(again.upToDate).toBe(true);
    expect(again.embedded).toBe(0);
    expect(again.reused).toBe(first.passages);
    expect(again.articles).toEqual(first.articles);
    expect(await readFile(path.join(ws.indexDir, 'CURRENT'), 'utf8')).toBe(pointer);
    expect((await readdir(ws.indexDir)).sort()).toEqual(entries);
  });

  it('2. rebuilds on force, reusing every vector and keeping every passage id', async () => {
    const before = indexVersion(ws.indexDir);
    const forced = await ingest({ config: ws.config, force: true });
    expect(forced.upToDate).toBe(false);
    expect(indexVersion(ws.indexDir)).not.toBe(before);
    expect(forced.embedded).toBe(0);
    expect(forced.reused).toBe(first.passages);
    const after = readIndex(ws.indexDir);
    expectUnchanged(firstContents, after, [...SEED_IDS]);
    expect(Buffer.from(after.vectors.buffer).equals(Buffer.from(firstContents.vectors.buffer))).toBe(true);
  });

  it('3. re-embeds only the passages of an article that gained a paragraph', async () => {
    const docId = '001_a624ff9043f746f6';
    const original = await readFile(seedPath(docId), 'utf8');
    const marker = '\n\n責(zé)編:周磊';
    expect(original).toContain(marker);
    const paragraph = '會議還明確,經開區將新建智慧物流園區,計劃引進冷鏈倉儲企業12家,年內建成冷庫容量8萬噸。';
    await writeFile(seedPath(docId), original.replace(marker, `\n\n${paragraph}${marker}`));

    const summary = await ingest({ config: ws.config });
    const after = readIndex(ws.indexDir);
    const changed = summary.articles.find((a) => a.docId === docId)!;
    const others = summary.articles.filter((a) => a.docId !== docId);
    expect(summary.upToDate).toBe(false);
    expect(summary.embedded).toBeGreaterThan(0);
    expect(summary.embedded).toBeLessThanOrEqual(changed.passages);
    expect(summary.reused).toBeGreaterThanOrEqual(others.reduce((n, a) => n + a.passages, 0));
    expect(summary.embedded + summary.reused).toBe(summary.passages);
    expectUnchanged(
      firstContents,
      after,
      others.map((a) => a.docId),
    );
    expect(after.passages.filter((p) => p.docId === docId).some((p) => p.text.includes('冷鏈倉儲企業12家'))).toBe(true);

    const qa = await loadQa(ws.config);
    const evidence = await qa.engine.evidence('冷链仓储企业计划引进多少家');
    expect(evidence.hits[0]?.passage.docId).toBe(docId);
  });

  it('4. drops a deleted article from the index', async () => {
    const before = readIndex(ws.indexDir);
    await rm(seedPath('002_1760d61299c6fb71'));
    const summary = await ingest({ config: ws.config });
    expect(summary.articles.map((a) => a.docId)).not.toContain('002_1760d61299c6fb71');
    expect(summary.embedded).toBe(0);
    const after = readIndex(ws.indexDir);
    expect(after.passages.some((p) => p.docId === '002_1760d61299c6fb71')).toBe(false);
    expect(after.articles.some((a) => a.docId === '002_1760d61299c6fb71')).toBe(false);
    expectUnchanged(before, after, ['000_902f0bdd42ed5ca0', '001_a624ff9043f746f6', '003_1d37a2b9fcb118f4', '004_5ee2db205d9c59b6']);
    const qa = await loadQa(ws.config);
    const evidence = await qa.engine.evidence('钢琴');
    expect([...evidence.hits, ...evidence.nearest].some((h) => h.passage.docId === '002_1760d61299c6fb71')).toBe(false);
  });

  it('5. skips a byte-identical copy as a duplicate, and stays up to date', async () => {
    await copyFile(seedPath('003_1d37a2b9fcb118f4'), path.join(ws.corpusDir, 'zz_copy_of_003.txt'));
    const summary = await ingest({ config: ws.config });
    expect(summary.upToDate).toBe(true);
    expect(summary.articles.map((a) => a.docId)).not.toContain('zz_copy_of_003');
    const skip = summary.skipped.find((s) => s.path.endsWith('zz_copy_of_003.txt'));
    expect(skip?.reason).toMatch(/duplicate/);
    expect(skip?.reason).toContain('003_1d37a2b9fcb118f4');
    expect(readIndex(ws.indexDir).passages.some((p) => p.docId === 'zz_copy_of_003')).toBe(false);
  });

  it('6. ingests a GBK article, an empty file and a binary file without losing the rest', async () => {
    const before = readIndex(ws.indexDir);
    const gbk = syntheticArticle({
      title: '茶陵县召开油茶产业发展大会',
      date: '2023-10-12',
      paragraphs: [
        '10月11日,茶陵县召开油茶产业发展大会,县委书记刘卫东出席会议并讲话。会议提出,全县新造油茶林面积达到五万亩,油茶综合产值突破三十亿元。',
        '刘卫东强调,要抓好油茶低产林改造,推进油茶精深加工,培育油茶龙头企业,让油茶产业成为乡村振兴的支柱产业。',
      ],
    });
    const bytes = iconv.encode(gbk, 'gbk');
    // Not valid UTF-8: the reader has to detect the encoding.
    expect(bytes.toString('utf8')).toContain('\ufffd');
    await writeFile(path.join(ws.corpusDir, '010_chaling_gbk.txt'), bytes);
    await writeFile(path.join(ws.corpusDir, '011_empty.txt'), '');
    await writeFile(path.join(ws.corpusDir, '012_scan.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));

    const summary = await ingest({ config: ws.config });
    expect(summary.articles.map((a) => a.docId)).toEqual([
      '000_902f0bdd42ed5ca0',
      '001_a624ff9043f746f6',
      '003_1d37a2b9fcb118f4',
      '004_5ee2db205d9c59b6',
      '010_chaling_gbk',
    ]);
    const reasons = Object.fromEntries(summary.skipped.map((s) => [path.basename(s.path), s.reason]));
    expect(reasons['011_empty.txt']).toMatch(/empty/);
    expect(reasons['012_scan.txt']).toMatch(/binary/);
    expect(reasons['zz_copy_of_003.txt']).toMatch(/duplicate/);
    expect(summary.embedded).toBe(summary.articles.find((a) => a.docId === '010_chaling_gbk')!.passages);

    const after = readIndex(ws.indexDir);
    expect(after.articles.find((a) => a.docId === '010_chaling_gbk')?.title).toBe('茶陵县召开油茶产业发展大会');
    expect(after.passages.find((p) => p.docId === '010_chaling_gbk')?.text).toContain('油茶综合产值突破三十亿元');
    expectUnchanged(before, after, ['000_902f0bdd42ed5ca0', '001_a624ff9043f746f6', '003_1d37a2b9fcb118f4', '004_5ee2db205d9c59b6']);

    const qa = await loadQa(ws.config);
    expect(await topDoc(qa, '油茶综合产值')).toBe('010_chaling_gbk');
    // The older articles still answer.
    expect(await topDoc(qa, '流动红旗')).toBe('000_902f0bdd42ed5ca0');
  });
});

describe('ingest says each stage as it starts', () => {
  it('read, clean, index, embed, write, in order, with what each works on', async () => {
    const ws = await makeWorkspace('woyaowen-stages-');
    try {
      const stages: string[] = [];
      await ingest({ config: ws.config, force: true, stage: (stage, detail) => stages.push(`${stage}:${detail}`) });
      expect(stages.map((s) => s.split(':')[0])).toEqual(['read', 'clean', 'index', 'embed', 'write']);
      expect(stages[1]).toBe('clean:5');
      expect(stages[2]).toMatch(/^index:\d+$/);
    } finally {
      await ws.cleanup();
    }
  });
});
