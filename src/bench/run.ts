import { fork } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerWith, loadQa, type LoadedQa } from '../app/qa-service.js';
import { runBatch } from '../batch/run.js';
import { loadConfig } from '../config.js';
import { normalizeText } from '../corpus/normalize.js';
import { ingest } from '../index/ingest.js';
import { currentVersionDir } from '../index/store.js';
import { ACCEPTED_EXTENSIONS } from '../io/read-corpus.js';
import type { IngestFailure, IngestJob, IngestReport } from './ingest-worker.js';
import { SEED_QUESTIONS } from './seed-questions.js';
import { syntheticCorpus, syntheticQuestions, type BenchQuestion, type SyntheticFacts } from './synthetic.js';

export const DEFAULT_ARTICLES = 20_000;
export const QUICK_ARTICLES = 2_000;

export interface BenchOptions {
  articles: number;
  seed: number;
  /** Questions timed on the large index (also the batch input). */
  questions: number;
  /** The small corpus: the seed articles. */
  seedCorpusDir: string;
  /** Keep the generated corpus and indexes instead of deleting them. */
  keep: boolean;
  /** Wall-clock budget for the whole run; phases are cut short rather than overrun it. */
  budgetSeconds: number;
  /** Extra node flags for the ingest child, e.g. `--cpu-prof`. */
  ingestExecArgv?: string[];
  log: (line: string) => void;
}

export interface BenchResult {
  articles: number;
  passages: number;
  corpusMb: number;
  generateSeconds: number;
  ingestSeconds: number;
  ingestPeakRssMb: number;
  loadMs: number;
  queryP50Ms: number;
  queryP95Ms: number;
  queryMaxMs: number;
  /** Seed questions on the large index (the seeds are part of it), for a like-for-like comparison. */
  queryP95MsSeedsLarge: number;
  queryP50MsSmall: number;
  queryP95MsSmall: number;
  questionsAsked: number;
  /** Answerable synthetic questions whose known answer appears in the answer. */
  answerHitRate: number;
  /** Unanswerable synthetic questions answered with an abstention. */
  abstentionRate: number;
  batchQps1: number;
  batchQps4: number;
  servePeakRssMb: number;
  peakRssMb: number;
  indexBytes: number;
  totalSeconds: number;
  truncated: string[];
  workDir: string | null;
}

export interface Target {
  name: string;
  value: number;
  limit: number;
  unit: string;
  ok: boolean;
}

/** The performance targets of this machine class, checked against a result. */
export function targetsOf(r: BenchResult): Target[] {
  const t = (name: string, value: number, limit: number, unit: string): Target => ({ name, value, limit, unit, ok: value <= limit });
  const ingestPer100k = r.passages > 0 ? (r.ingestSeconds * 100_000) / r.passages : 0;
  return [
    t('ingest (per 100k passages)', round(ingestPer100k, 1), 120, 's'),
    t('index load', r.loadMs, 3000, 'ms'),
    t('query p95', r.queryP95Ms, 30, 'ms'),
    t('query p95 large / small', r.queryP95MsSmall > 0 ? round(r.queryP95Ms / r.queryP95MsSmall, 2) : 0, 3, '×'),
    t('peak RSS', r.peakRssMb, 1536, 'MB'),
  ];
}

const WORKER = fileURLToPath(new URL('./ingest-worker.ts', import.meta.url));
const WARM_UP_QUESTIONS = 5;

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? await dirBytes(full) : (await stat(full)).size;
  }
  return total;
}

function maxRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Ask each question once, in order, and time it. Stops early at the deadline. */
async function timeQuestions(qa: LoadedQa, questions: readonly string[], deadline: number): Promise<{ latencies: number[]; answers: { answer: string; abstained: boolean }[] }> {
  const latencies: number[] = [];
  const answers: { answer: string; abstained: boolean }[] = [];
  for (const q of questions) {
    if (Date.now() > deadline) break;
    const started = performance.now();
    const a = await answerWith(qa, q);
    latencies.push(performance.now() - started);
    answers.push({ answer: a.answer, abstained: a.abstained });
  }
  return { latencies, answers };
}

async function batchQps(qa: LoadedQa, questions: readonly string[], concurrency: number): Promise<number> {
  const summary = await runBatch({
    items: questions.map((question, i) => ({ id: `b${i}`, question })),
    ask: (q) => answerWith(qa, q),
    write: () => undefined,
    concurrency,
  });
  if (summary.errors > 0) throw new Error(`${summary.errors} batch question(s) failed`);
  return summary.totalSeconds > 0 ? round(questions.length / summary.totalSeconds, 1) : 0;
}

function runIngestWorker(job: IngestJob, timeoutMs: number, execArgv: string[]): Promise<IngestReport> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { execArgv: [...process.execArgv, ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`ingest did not finish within ${Math.round(timeoutMs / 1000)} s (the run's time budget)`));
    }, timeoutMs);
    child.on('message', (reply: IngestReport | IngestFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (reply.ok) resolve(reply);
      else reject(new Error(`ingest failed: ${reply.error}`));
    });
    child.on('exit', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`ingest process exited (${signal ?? code}) without a report`));
    });
    child.send(job);
  });
}

function matches(answer: string, expected: string[]): boolean {
  const norm = normalizeText(answer);
  return expected.some((e) => norm.includes(normalizeText(e)));
}

/**
 * The whole benchmark: generate a synthetic corpus in a temp dir, ingest it from scratch in a
 * child process, load the index, time questions one by one and through the batch runner, and do
 * the same on the small seed corpus for comparison.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const started = Date.now();
  const deadline = started + options.budgetSeconds * 1000;
  const { log } = options;
  const truncated: string[] = [];
  const work = await mkdtemp(path.join(os.tmpdir(), 'woyaowen-bench-'));
  const corpusDir = path.join(work, 'corpus');
  const indexDir = path.join(work, 'index');
  const modelsDir = path.join(work, 'models');
  await mkdir(corpusDir, { recursive: true });

  try {
    // 1. The corpus: the seeds plus the synthetic articles.
    log(`Generating ${options.articles.toLocaleString('en')} synthetic articles (seed ${options.seed}) in ${corpusDir} …`);
    const genStarted = performance.now();
    const seedFiles = (await readdir(options.seedCorpusDir)).filter((f) => ACCEPTED_EXTENSIONS.includes(path.extname(f).toLowerCase()));
    for (const f of seedFiles) await copyFile(path.join(options.seedCorpusDir, f), path.join(corpusDir, f));
    const facts: SyntheticFacts[] = [];
    let corpusBytes = 0;
    let written = 0;
    const step = Math.max(1000, Math.floor(options.articles / 10));
    for (const a of syntheticCorpus(options.articles, { seed: options.seed })) {
      const bytes = Buffer.from(a.text);
      corpusBytes += bytes.byteLength;
      await writeFile(path.join(corpusDir, `${a.docId}.txt`), bytes);
      facts.push(a.facts);
      if (++written % step === 0) log(`  ${written.toLocaleString('en')} / ${options.articles.toLocaleString('en')} articles`);
    }
    const generateSeconds = (performance.now() - genStarted) / 1000;
    log(`  ${(corpusBytes / 1e6).toFixed(1)} MB in ${generateSeconds.toFixed(1)} s`);

    // 2. Ingest from scratch, on its own, with the hash embedder.
    log('Ingesting from scratch (EMBEDDER=hash) in a separate process …');
    const report = await runIngestWorker({ corpusDir, indexDir, modelsDir }, Math.max(1000, deadline - Date.now()), options.ingestExecArgv ?? []);
    log(`  ${report.articles.toLocaleString('en')} articles, ${report.passages.toLocaleString('en')} passages in ${report.seconds.toFixed(1)} s (peak RSS ${Math.round(report.maxRssMb)} MB)`);
    const versionDir = currentVersionDir(indexDir);
    const indexBytes = versionDir ? await dirBytes(versionDir) : 0;

    // 3. Load the index as the bot does.
    const config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDER: 'hash', MODELS_DIR: modelsDir, ALLOW_REMOTE_MODELS: 'false' });
    log('Loading the index …');
    const loadStarted = performance.now();
    const qa = await loadQa(config);
    const loadMs = round(performance.now() - loadStarted);
    log(`  loaded in ${loadMs} ms`);

    // 4. Questions one at a time, warm.
    const questions: BenchQuestion[] = syntheticQuestions(facts, options.questions, options.seed);
    await timeQuestions(qa, questions.slice(0, WARM_UP_QUESTIONS).map((q) => q.q), Infinity);
    log(`Asking ${questions.length} questions one by one …`);
    const large = await timeQuestions(qa, questions.map((q) => q.q), deadline - 60_000);
    if (large.latencies.length < questions.length) truncated.push(`timed questions (${large.latencies.length} of ${questions.length})`);
    let answerable = 0;
    let hits = 0;
    let unanswerable = 0;
    let abstained = 0;
    large.answers.forEach((a, i) => {
      const q = questions[i];
      if (q.type === 'unanswerable') {
        unanswerable++;
        if (a.abstained) abstained++;
      } else {
        answerable++;
        if (!a.abstained && matches(a.answer, q.expect)) hits++;
      }
    });
    const seedsLarge = await timeQuestions(qa, SEED_QUESTIONS, deadline - 45_000);
    log(`  p50 ${percentile(large.latencies, 50).toFixed(1)} ms, p95 ${percentile(large.latencies, 95).toFixed(1)} ms`);

    // 5. Throughput through the batch runner.
    let batchQps1 = 0;
    let batchQps4 = 0;
    if (Date.now() < deadline - 30_000) {
      log('Batch throughput at concurrency 1 and 4 …');
      const batchQuestions = questions.map((q) => q.q);
      batchQps1 = await batchQps(qa, batchQuestions, 1);
      batchQps4 = await batchQps(qa, batchQuestions, 4);
      log(`  ${batchQps1} and ${batchQps4} questions/s`);
    } else truncated.push('batch throughput (out of time)');
    const servePeakRssMb = maxRssMb();

    // 6. The small corpus: the seeds alone, same questions style.
    log('Seed corpus: ingest, load and ask …');
    const smallDir = path.join(work, 'small');
    const smallConfig = loadConfig({ CORPUS_DIR: options.seedCorpusDir, INDEX_DIR: path.join(smallDir, 'index'), EMBEDDER: 'hash', MODELS_DIR: modelsDir, ALLOW_REMOTE_MODELS: 'false' });
    await ingest({ config: smallConfig, force: true });
    const smallQa = await loadQa(smallConfig);
    await timeQuestions(smallQa, SEED_QUESTIONS.slice(0, WARM_UP_QUESTIONS), Infinity);
    // Several rounds: one round of ~20 questions is too few for a stable p95.
    const rounds = [...SEED_QUESTIONS, ...SEED_QUESTIONS, ...SEED_QUESTIONS, ...SEED_QUESTIONS, ...SEED_QUESTIONS];
    const small = await timeQuestions(smallQa, rounds, Infinity);
    log(`  p50 ${percentile(small.latencies, 50).toFixed(1)} ms, p95 ${percentile(small.latencies, 95).toFixed(1)} ms`);

    return {
      articles: report.articles,
      passages: report.passages,
      corpusMb: round(corpusBytes / 1e6),
      generateSeconds: round(generateSeconds),
      ingestSeconds: round(report.seconds),
      ingestPeakRssMb: Math.round(report.maxRssMb),
      loadMs,
      queryP50Ms: round(percentile(large.latencies, 50), 2),
      queryP95Ms: round(percentile(large.latencies, 95), 2),
      queryMaxMs: round(Math.max(0, ...large.latencies), 2),
      queryP95MsSeedsLarge: round(percentile(seedsLarge.latencies, 95), 2),
      queryP50MsSmall: round(percentile(small.latencies, 50), 2),
      queryP95MsSmall: round(percentile(small.latencies, 95), 2),
      questionsAsked: large.latencies.length,
      answerHitRate: answerable ? round(hits / answerable, 3) : 0,
      abstentionRate: unanswerable ? round(abstained / unanswerable, 3) : 0,
      batchQps1,
      batchQps4,
      servePeakRssMb: Math.round(servePeakRssMb),
      peakRssMb: Math.round(Math.max(report.maxRssMb, servePeakRssMb)),
      indexBytes,
      totalSeconds: round((Date.now() - started) / 1000),
      truncated,
      workDir: options.keep ? work : null,
    };
  } finally {
    if (!options.keep) await rm(work, { recursive: true, force: true });
  }
}

/** The result as an aligned two-column table, with the targets checked. */
export function formatTable(r: BenchResult): string {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  const rows: [string, string][] = [
    ['articles', r.articles.toLocaleString('en')],
    ['passages', r.passages.toLocaleString('en')],
    ['corpus size', `${r.corpusMb} MB`],
    ['generate', `${r.generateSeconds} s`],
    ['ingest (from scratch)', `${r.ingestSeconds} s`],
    ['ingest peak RSS', `${r.ingestPeakRssMb} MB`],
    ['index on disk', mb(r.indexBytes)],
    ['index load', `${r.loadMs} ms`],
    ['query p50 / p95 / max', `${r.queryP50Ms} / ${r.queryP95Ms} / ${r.queryMaxMs} ms (${r.questionsAsked} questions)`],
    ['seed questions p95, large', `${r.queryP95MsSeedsLarge} ms`],
    ['seed questions p50 / p95, small', `${r.queryP50MsSmall} / ${r.queryP95MsSmall} ms`],
    ['answer hit rate', `${(r.answerHitRate * 100).toFixed(1)}% answerable, ${(r.abstentionRate * 100).toFixed(1)}% unanswerable abstained`],
    ['batch concurrency 1 / 4', `${r.batchQps1} / ${r.batchQps4} questions/s`],
    ['serving peak RSS', `${r.servePeakRssMb} MB`],
    ['peak RSS', `${r.peakRssMb} MB`],
    ['total run', `${r.totalSeconds} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  lines.push('', 'targets:');
  for (const t of targetsOf(r)) lines.push(`  ${t.ok ? 'ok  ' : 'MISS'}  ${t.name.padEnd(width - 2)}  ${t.value} ${t.unit} (≤ ${t.limit} ${t.unit})`);
  if (r.truncated.length) lines.push('', `cut short to stay within the time budget: ${r.truncated.join('; ')}`);
  if (r.workDir) lines.push('', `kept: ${r.workDir}`);
  return lines.join('\n');
}
