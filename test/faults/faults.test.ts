/**
 * Faults a running installation meets: the index replaced under a bot that is answering, the
 * language model unreachable or slow, the Slack API rate-limiting and then failing, and a corpus
 * with files that are not articles. (An ingest killed mid-write is covered by
 * test/index/store-atomicity.test.ts; Slack 429 and persistent 500 on their own by
 * test/slack/app.http.test.ts.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { answerWith, createQaService, loadQa } from '../../src/app/qa-service.js';
import { ingest } from '../../src/index/ingest.js';
import { indexVersion, readIndex } from '../../src/index/store.js';
import { LLM_UNAVAILABLE_NOTE } from '../../src/llm/openai-answerer.js';
import type { Answer } from '../../src/qa/types.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js';
import { FIREWORKS_ARTICLE, makeWorkspace, SEED_IDS, syntheticArticle, type Workspace } from '../fixtures/index-workspace.js';
import { startHarness, type Harness } from '../slack/harness.js';

const CHILD = fileURLToPath(new URL('../fixtures/ingest-child.ts', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GDP_QUESTION = '岳阳经开区今年GDP目标是多少？';

let ws: Workspace | undefined;
let child: ChildProcess | null = null;
let fake: FakeOpenAi | undefined;
let harness: Harness | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = null;
  await fake?.close();
  fake = undefined;
  await harness?.close();
  harness = undefined;
  await ws?.cleanup();
  ws = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the index is replaced while the bot is answering', () => {
  it('answers every question while another process re-ingests a changing corpus again and again', async () => {
    ws = await makeWorkspace('woyaowen-faults-reload-');
    const logs: string[] = [];
    const service = await createQaService(ws.config, (line) => logs.push(line));
    const first = service.current().version;

    // Another process rebuilds and publishes the index in a loop, as `npm run ingest` would.
    let published = 0;
    const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CORPUS_DIR: ws.corpusDir, INDEX_DIR: ws.indexDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout!.on('data', (d: Buffer) => (published += (d.toString().match(/^published /gm) ?? []).length));
    let childErr = '';
    proc.stderr!.on('data', (d: Buffer) => (childErr += d.toString()));

    const questions = [GDP_QUESTION, '流动红旗', '烟花爆竹产业集群今年的总产值目标是多少', '杨博强调要牢固树立什么理念？', '易先荣是什么职务？'];
    const answers: Answer[] = [];
    const failures: unknown[] = [];
    let stop = false;
    const askers = [0, 1, 2].map(async (k) => {
      for (let i = k; !stop; i++) {
        try {
          answers.push(await service.ask(questions[i % questions.length]));
        } catch (err) {
          failures.push(err);
        }
        await sleep(5);
      }
    });

    // The corpus changes between publishes: an article appears, a seed is edited, the article goes.
    const fireworks = path.join(ws.corpusDir, '005_liuyang_fireworks.txt');
    const edits = [
      () => writeFile(fireworks, FIREWORKS_ARTICLE),
      () => writeFile(path.join(ws!.corpusDir, `${SEED_IDS[2]}.txt`), syntheticArticle({ title: '萍乡经开区召开重点项目推进会', date: '2022-05-19', paragraphs: ['5月18日下午,萍乡经开区召开重点项目推进会。区党工委书记杨博主持并讲话。杨博强调,要牢固树立“项目为王”理念,始终把项目建设作为头等大事抓紧抓实。'] })),
      () => rm(fireworks),
    ];
    const deadline = Date.now() + 20_000;
    for (const edit of edits) {
      const before = published;
      await edit();
      while (published < before + 2 && Date.now() < deadline) await sleep(20);
    }
    stop = true;
    await Promise.all(askers);
    proc.kill('SIGKILL');

    expect(childErr).not.toMatch(/Error/);
    expect(published).toBeGreaterThanOrEqual(6);
    expect(failures).toEqual([]);
    expect(answers.length).toBeGreaterThan(30);
    expect(answers.every((a) => typeof a.answer === 'string' && a.answer.length > 0)).toBe(true);
    // The bot moved on to newer versions as they were published.
    expect(logs.some((l) => /Index reloaded/.test(l))).toBe(true);
    expect(service.current().version).not.toBe(first);
    // Whatever version it holds now, it answers from it.
    const final = await service.ask('流动红旗');
    expect(final.citations[0]?.docId).toBe(SEED_IDS[0]);
    expect(indexVersion(ws.indexDir)).toMatch(/^v-\d+-[0-9a-f]{6}$/);
  }, 30_000);
});

describe('the language model is down or slow', () => {
  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  function expectExtractiveFallback(answer: Answer): void {
    expect(answer.mode).toBe('extractive');
    expect(answer.note).toContain(LLM_UNAVAILABLE_NOTE);
    expect(answer.abstained).toBe(false);
    expect(answer.answer).toContain('440亿元');
    expect(answer.citations.map((c) => c.docId)).toContain(SEED_IDS[1]);
  }

  it('answers extractively, with a note, when nothing listens at OPENAI_BASE_URL', async () => {
    const port = await freePort();
    ws = await makeWorkspace('woyaowen-faults-llm-down-', {
      OPENAI_API_KEY: 'sk-faults-test-key',
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      OPENAI_MAX_RETRIES: '0',
      OPENAI_TIMEOUT_MS: '8000',
    });
    const logs: string[] = [];
    const service = await createQaService(ws.config, (line) => logs.push(line));
    const started = Date.now();
    expectExtractiveFallback(await service.ask(GDP_QUESTION));
    // A refused connection is known at once: no waiting out the 8 s timeout.
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(logs.join('\n')).toMatch(/llm unavailable/);
    expect(logs.join('\n')).not.toContain('sk-faults-test-key');
  });

  it('answers extractively, with a note, when the model takes longer than OPENAI_TIMEOUT_MS', async () => {
    fake = await startFakeOpenAi({ text: '岳阳经开区GDP目标为440亿元。[1]', delayMs: 5_000 });
    ws = await makeWorkspace('woyaowen-faults-llm-slow-', {
      OPENAI_API_KEY: 'sk-faults-test-key',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_MAX_RETRIES: '0',
      OPENAI_TIMEOUT_MS: '300',
    });
    const service = await createQaService(ws.config);
    const started = Date.now();
    const answer = await service.ask(GDP_QUESTION);
    const elapsed = Date.now() - started;
    expectExtractiveFallback(answer);
    expect(fake.requests).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    // Well under the model's 5 s: it did not wait for it (a busy machine adds seconds, not 5).
    expect(elapsed).toBeLessThan(4_500);
  });
});

describe('the Slack API rate-limits, then fails', () => {
  it('waits out the 429, retries the 500s, logs the failure, and keeps serving', async () => {
    harness = await startHarness();
    const h = harness;
    h.api.fail('chat.postMessage', { status: 429, retryAfterSeconds: 1, times: 1 });
    const res = await h.event({ type: 'app_mention', user: 'U0001', text: '<@UBOT> 岳阳经开区今年GDP目标是多少？', ts: '1700000300.000100', channel: 'C0001' });
    expect(res.status).toBe(200);
    // After the 429 the retry (a second later) meets a server error instead.
    await h.api.waitFor((c) => c.method === 'chat.postMessage' && c.status === 429);
    h.api.fail('chat.postMessage', { status: 500, times: Infinity });
    await h.api.waitFor((c) => c.method === 'chat.postMessage' && c.status === 500, 8_000);
    await h.api.waitFor(() => h.logger.entries.some((e) => e.level === 'error' && e.text.includes('chat.postMessage')), 8_000);
    const attempts = h.api.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.status);
    expect(attempts[0]).toBe(429);
    expect(attempts.slice(1).length).toBeGreaterThanOrEqual(1);
    expect(attempts.slice(1).every((s) => s === 500)).toBe(true);
    // The working reaction does not stay behind.
    await h.api.waitFor((c) => c.method === 'reactions.remove');

    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    h.api.fail('chat.postMessage', { status: 500, times: 0 });
    await h.event({ type: 'app_mention', user: 'U0002', text: '<@UBOT> 岳阳经开区税收目标？', ts: '1700000300.000200', channel: 'C0001' });
    const answered = await h.api.waitFor((c) => c.method === 'chat.postMessage' && c.status === 200);
    expect(answered.args.thread_ts).toBe('1700000300.000200');
  }, 20_000);
});

describe('a corpus with files that are not (ordinary) articles', () => {
  /** About `bytes` of UTF-8 article text: a title, a meta line and paragraphs of ordinary sentences. */
  function hugeArticle(bytes: number): string {
    const places = ['岳阳', '株洲', '湘潭', '衡阳', '常德', '益阳', '郴州', '永州'];
    const verbs = ['推进', '落实', '部署', '统筹', '优化', '强化', '完善', '提升'];
    const things = ['重点项目建设', '营商环境', '招商引资工作', '产业链协同', '科技创新平台', '园区基础设施', '民生实事', '安全生产责任'];
    const lines = ['岳阳经开区年度重点工作汇编全文', '', '  湖南日报·新湖南客户端   2024-12-30 09:00:00', ''];
    let size = 0;
    for (let i = 0; size < bytes; ) {
      const sentences: string[] = [];
      for (let s = 0; s < 8; s++, i++) {
        sentences.push(`第${i}项工作中,${places[i % 8]}经开区${verbs[(i >> 3) % 8]}${things[(i >> 6) % 8]},完成投资${(i % 97) + 3}.${i % 10}亿元,同比增长${(i % 23) + 1}.${i % 7}%。`);
      }
      const paragraph = sentences.join('');
      lines.push(paragraph, '');
      size += Buffer.byteLength(paragraph) + 2;
    }
    return lines.join('\n');
  }

  it('ingests the GBK and the 5 MB article, skips the empty and the binary file with reasons, and loses nothing else', async () => {
    ws = await makeWorkspace('woyaowen-faults-corpus-');
    const gbk = syntheticArticle({
      title: '茶陵县召开油茶产业发展大会',
      date: '2023-10-12',
      paragraphs: ['10月11日,茶陵县召开油茶产业发展大会,县委书记刘卫东出席会议并讲话。会议提出,全县新造油茶林面积达到五万亩,油茶综合产值突破三十亿元。'],
    });
    await writeFile(path.join(ws.corpusDir, '010_chaling_gbk.txt'), iconv.encode(gbk, 'gbk'));
    await writeFile(path.join(ws.corpusDir, '011_empty.txt'), '');
    await writeFile(path.join(ws.corpusDir, '012_scan.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]));
    const huge = hugeArticle(5 * 1024 * 1024);
    expect(Buffer.byteLength(huge)).toBeGreaterThan(5 * 1024 * 1024);
    await writeFile(path.join(ws.corpusDir, '013_huge.txt'), huge);

    const summary = await ingest({ config: ws.config });

    const reasons = Object.fromEntries(summary.skipped.map((s) => [path.basename(s.path), s.reason]));
    expect(reasons).toEqual({ '011_empty.txt': expect.stringMatching(/empty/), '012_scan.txt': expect.stringMatching(/binary/) });
    expect(summary.articles.map((a) => a.docId)).toEqual([...SEED_IDS, '010_chaling_gbk', '013_huge']);
    const hugePassages = summary.articles.find((a) => a.docId === '013_huge')!.passages;
    // Passages stay passage-sized however long the article is.
    expect(hugePassages).toBeGreaterThan(5_000);
    const contents = readIndex(ws.indexDir);
    expect(Math.max(...contents.passages.filter((p) => p.docId === '013_huge').map((p) => p.text.length))).toBeLessThanOrEqual(700);

    // Nothing else was lost: the seeds answer as before, the GBK article answers too.
    const qa = await loadQa(ws.config);
    expect((await qa.engine.evidence('流动红旗')).hits[0]?.passage.docId).toBe(SEED_IDS[0]);
    const gdp = await answerWith(qa, GDP_QUESTION);
    expect(gdp.answer).toContain('440亿元');
    expect(gdp.citations.map((c) => c.docId)).toContain(SEED_IDS[1]);
    expect(contents.passages.find((p) => p.docId === '010_chaling_gbk')?.text).toContain('油茶综合产值突破三十亿元');
    expect((await qa.engine.evidence('新造油茶林面积')).hits[0]?.passage.docId).toBe('010_chaling_gbk');
    const item = await answerWith(qa, '第123456项工作完成投资多少亿元？');
    expect(item.citations.map((c) => c.docId)).toContain('013_huge');
  }, 30_000);
});
