import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config.js';
import { ingest, type IngestSummary } from '../../src/index/ingest.js';
import { readIndex } from '../../src/index/store.js';
import { extractDocx, extractPdf } from '../../src/io/documents.js';
import { buildDocx, buildPdf } from '../fixtures/office-files.js';

const HEADLINE = '九江经开区召开一季度经济运行调度会';
const LEAD = '3月20日上午,九江经开区召开一季度经济运行调度会,部署下阶段重点工作。管委会主任邵文斌主持会议。';

describe('Word and PDF files', () => {
  it('a .docx gives its paragraphs', async () => {
    const r = await extractDocx(await buildDocx([HEADLINE, LEAD]));
    expect(r).toMatchObject({ ok: true, format: 'docx' });
    expect(r.ok && r.text.split('\n').filter(Boolean)).toEqual([HEADLINE, LEAD]);
  });

  it('a .pdf gives its text layer, one paragraph a line', async () => {
    const r = await extractPdf(buildPdf([HEADLINE, LEAD]));
    expect(r).toMatchObject({ ok: true, format: 'pdf' });
    expect(r.ok && r.text.split('\n')).toEqual([HEADLINE, LEAD]);
  });

  it('a PDF without a text layer, or a broken one, is refused with the reason', async () => {
    expect(await extractPdf(buildPdf([]))).toEqual({ ok: false, reason: expect.stringContaining('no text layer') });
    expect(await extractPdf(Buffer.from('%PDF-1.4 not really'))).toEqual({ ok: false, reason: expect.stringContaining('not a readable PDF') });
    expect(await extractDocx(Buffer.from('PK\u0003\u0004 not a zip'))).toEqual({ ok: false, reason: expect.stringContaining('not a readable Word document') });
  });
});

describe('ingesting a corpus of folders, Word and PDF files', () => {
  let root: string;
  let summary: IngestSummary;
  let index: ReturnType<typeof readIndex>;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'woyaowen-office-'));
    const corpus = path.join(root, 'corpus');
    await mkdir(path.join(corpus, '2024', 'jiujiang'), { recursive: true });
    await writeFile(path.join(corpus, '2024', 'jiujiang', 'meeting.docx'), await buildDocx([HEADLINE, '2024-03-21', LEAD]));
    await writeFile(path.join(corpus, '2024', 'report.pdf'), buildPdf(['萍乡经开区召开经济工作会议', '2024-02-02', '2月1日,萍乡经开区召开经济工作会议。党工委书记谢春生主持会议并讲话。']));
    await writeFile(path.join(corpus, '2024', 'scan.pdf'), buildPdf([]));
    const config = loadConfig({ CORPUS_DIR: corpus, INDEX_DIR: path.join(root, 'index'), EMBEDDER: 'hash', MODELS_DIR: path.join(root, 'models') });
    summary = await ingest({ config });
    index = readIndex(config.INDEX_DIR);
  }, 60_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('reads both formats from subfolders, each docId the relative path', () => {
    expect(index.articles.map((a) => a.docId).sort()).toEqual(['2024/jiujiang/meeting', '2024/report']);
    const docx = index.articles.find((a) => a.docId === '2024/jiujiang/meeting')!;
    expect(docx).toMatchObject({ title: HEADLINE, date: '2024-03-21', zone: '九江经开区', meetingDate: '2024-03-20' });
    const pdf = index.articles.find((a) => a.docId === '2024/report')!;
    expect(pdf).toMatchObject({ title: '萍乡经开区召开经济工作会议', date: '2024-02-02', zone: '萍乡经开区' });
    expect(index.passages.some((p) => p.docId === '2024/report' && p.norm.includes('谢春生主持会议'))).toBe(true);
  });

  it('lists the scanned PDF as skipped, with why', () => {
    expect(summary.skipped).toEqual([{ path: expect.stringContaining('scan.pdf'), reason: expect.stringContaining('no text layer') }]);
  });
});
