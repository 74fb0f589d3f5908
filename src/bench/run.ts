import { fork } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { BenchError } from '../errors.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeText } from '../corpus/normalize.js';
import { currentVersionDir } from '../index/store.js';
import { ACCEPTED_EXTENSIONS } from '../io/read-corpus.js';
import { SEED_QUESTIONS } from './seed-questions.js';
import { syntheticCorpus, syntheticQuestions, type SyntheticFacts } from './synthetic.js';
import type { IngestReport, Job, Reply, ServeReport, TimedAnswer } from './worker.js';

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
  /** Extra node flags for the ingest process, e.g. `--cpu-prof`. */
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
  /** Warm: each question asked a second time, with the process and its caches warm. */
  queryP50Ms: number;
  queryP95Ms: number;
  queryMaxMs: number;
  /** Each question on first sight (only a few warm-up questions before). */
  queryP50MsFirstPass: number;
  queryP95MsFirstPass: number;
  /** Seed questions on the large index (the seeds are part of it), for a like-for-like comparison. */
  queryP95MsSeedsLarge: number;
  loadMsSmall: number;
  queryP50MsSmall: number;
  queryP95MsSmall: number;
  queryP95MsSmallFirstPass: number;
  questionsAsked: number;
  /** Answerable synthetic questions whose known answer appears in the answer. */
  answerHitRate: number;
  /** Unanswerable synthetic questions answered with an abstention. */
  abstentionRate: number;
  batchQps1: number;
  batchQps4: number;
  /** The process that loads the large index and answers: what a bot would use. */
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
    t('query p95 large / small', r.queryP95MsSmall > 0 ? round(r.queryP95Ms / r.queryP95MsSmall, 2) : Infinity, 3, '×'),
    t('peak RSS', r.peakRssMb, 1536, 'MB'),
  ];
}

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const WARM_UP_QUESTIONS = 5;
/** The seed questions are few: asked in several rounds for a steadier p95. */
const SMALL_ROUNDS = 5;
const BATCH_CONCURRENCY = [1, 4];

/** Nearest-rank percentile, as eval and batch report them. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const ms = (answers: TimedAnswer[], p: number) => round(percentile(answers.map((a) => a.ms), p), 2);

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? await dirBytes(full) : (await stat(full)).size;
  }
  return total;
}

/** Runs one job in a fresh child process; it is killed when it outlives `timeoutMs`. */
function runWorker<R extends IngestReport | ServeReport>(job: Job, timeoutMs: number, execArgv: string[] = []): Promise<R> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { execArgv: [...process.execArgv, ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(
      () =>
        settle(() => {
          child.kill('SIGKILL');
          reject(new BenchError(`${job.kind} did not finish within ${Math.round(timeoutMs / 1000)} s (the run's time budget)`));
        }),
      timeoutMs,
    );
    child.on('message', (reply: Reply) => settle(() => (reply.ok ? resolve(reply.report as R) : reject(new BenchError(`${job.kind} failed: ${reply.error}`)))));
    child.on('exit', (code, signal) => settle(() => reject(new BenchError(`${job.kind} process exited (${signal ?? code}) without a report`))));
    child.send(job);
  });
}

function matches(answer: string, expected: string[]): boolean {
  const norm = normalizeText(answer);
  return expected.some((e) => norm.includes(normalizeText(e)));
}

/**
 * The whole benchmark: generate a synthetic corpus in a temp dir, ingest it from scratch in a
 * child process, load it and answer questions in another (one at a time, then through the batch
 * runner), and do the same on the small seed corpus in a third, for comparison.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const started = Date.now();
  const deadline = started + options.budgetSeconds * 1000;
  const left = (reserveMs = 0) => Math.max(1_000, deadline - reserveMs - Date.now());
  const { log } = options;
  const truncated: string[] = [];
  const work = await mkdtemp(path.join(os.tmpdir(), 'woyaowen-bench-'));
  const dirs = { corpusDir: path.join(work, 'corpus'), indexDir: path.join(work, 'index'), modelsDir: path.join(work, 'models') };
  await mkdir(dirs.corpusDir, { recursive: true });

  try {
    // 1. The corpus: the seeds plus the synthetic articles.
    log(`Generating ${options.articles.toLocaleString('en')} synthetic articles (seed ${options.seed}) in ${dirs.corpusDir} …`);
    const genStarted = performance.now();
    const seedFiles = (await readdir(options.seedCorpusDir)).filter((f) => ACCEPTED_EXTENSIONS.includes(path.extname(f).toLowerCase()));
    for (const f of seedFiles) await copyFile(path.join(options.seedCorpusDir, f), path.join(dirs.corpusDir, f));
    const facts: SyntheticFacts[] = [];
    let corpusBytes = 0;
    let written = 0;
    const step = Math.max(1000, Math.floor(options.articles / 10));
    for (const a of syntheticCorpus(options.articles, { seed: options.seed })) {
      const bytes = Buffer.from(a.text);
      corpusBytes += bytes.byteLength;
      await writeFile(path.join(dirs.corpusDir, `${a.docId}.txt`), bytes);
      facts.push(a.facts);
      if (++written % step === 0) log(`  ${written.toLocaleString('en')} / ${options.articles.toLocaleString('en')} articles`);
    }
    const generateSeconds = (performance.now() - genStarted) / 1000;
    log(`  ${(corpusBytes / 1e6).toFixed(1)} MB in ${generateSeconds.toFixed(1)} s`);

    // 2. Ingest from scratch, on its own, with the hash embedder.
    log('Ingesting from scratch (EMBEDDER=hash) in a fresh process …');
    const ingested = await runWorker<IngestReport>({ kind: 'ingest', ...dirs }, left(60_000), options.ingestExecArgv);
    log(`  ${ingested.articles.toLocaleString('en')} articles, ${ingested.passages.toLocaleString('en')} passages in ${ingested.seconds.toFixed(1)} s (peak RSS ${Math.round(ingested.maxRssMb)} MB)`);
    const versionDir = currentVersionDir(dirs.indexDir);
    const indexBytes = versionDir ? await dirBytes(versionDir) : 0;

    // 3. Load the index and answer, as a bot process would.
    const questions = syntheticQuestions(facts, options.questions, options.seed);
    log(`Loading the index and asking ${questions.length} questions (twice), then through the batch runner, in a fresh process …`);
    const served = await runWorker<ServeReport>(
      {
        kind: 'serve',
        ...dirs,
        warmUp: questions.slice(0, WARM_UP_QUESTIONS).map((q) => q.q),
        questions: questions.map((q) => q.q),
        extra: [...SEED_QUESTIONS],
        batchConcurrency: BATCH_CONCURRENCY,
        deadline: deadline - 30_000,
      },
      left(20_000),
    );
    if (served.warmPass.length < questions.length) truncated.push(`timed questions (${served.warmPass.length} of ${questions.length} warm)`);
    if (Object.keys(served.batchQps).length < BATCH_CONCURRENCY.length) truncated.push('batch throughput');
    log(`  loaded in ${Math.round(served.loadMs)} ms; p95 ${ms(served.firstPass, 95)} ms on first sight, ${ms(served.warmPass, 95)} ms warm`);
    let answerable = 0;
    let hits = 0;
    let unanswerable = 0;
    let abstained = 0;
    served.warmPass.forEach((a, i) => {
      const q = questions[i];
      if (q.type === 'unanswerable') {
        unanswerable++;
        if (a.abstained) abstained++;
      } else {
        answerable++;
        if (!a.abstained && matches(a.answer, q.expect)) hits++;
      }
    });

    // 4. The small corpus: the seeds alone, in a process of its own.
    log('Seed corpus: ingest, load and ask in a fresh process …');
    const rounds = Array.from({ length: SMALL_ROUNDS }, () => SEED_QUESTIONS).flat();
    const small = await runWorker<ServeReport>(
      {
        kind: 'serve',
        corpusDir: options.seedCorpusDir,
        indexDir: path.join(work, 'small', 'index'),
        modelsDir: dirs.modelsDir,
        ingestFirst: true,
        warmUp: SEED_QUESTIONS.slice(0, WARM_UP_QUESTIONS),
        questions: rounds,
        extra: [],
        batchConcurrency: [],
        // Small and quick: no need to cut it short (and Infinity does not survive IPC).
        deadline: Number.MAX_SAFE_INTEGER,
      },
      left(),
    );
    log(`  p95 ${ms(small.firstPass, 95)} ms on first sight, ${ms(small.warmPass, 95)} ms warm`);

    return {
      articles: ingested.articles,
      passages: ingested.passages,
      corpusMb: round(corpusBytes / 1e6),
      generateSeconds: round(generateSeconds),
      ingestSeconds: round(ingested.seconds),
      ingestPeakRssMb: Math.round(ingested.maxRssMb),
      loadMs: round(served.loadMs),
      queryP50Ms: ms(served.warmPass, 50),
      queryP95Ms: ms(served.warmPass, 95),
      queryMaxMs: round(Math.max(0, ...served.warmPass.map((a) => a.ms)), 2),
      queryP50MsFirstPass: ms(served.firstPass, 50),
      queryP95MsFirstPass: ms(served.firstPass, 95),
      queryP95MsSeedsLarge: ms(served.extra, 95),
      loadMsSmall: round(small.loadMs),
      queryP50MsSmall: ms(small.warmPass, 50),
      queryP95MsSmall: ms(small.warmPass, 95),
      queryP95MsSmallFirstPass: ms(small.firstPass, 95),
      questionsAsked: served.warmPass.length,
      answerHitRate: answerable ? round(hits / answerable, 3) : 0,
      abstentionRate: unanswerable ? round(abstained / unanswerable, 3) : 0,
      batchQps1: round(served.batchQps[1] ?? 0),
      batchQps4: round(served.batchQps[4] ?? 0),
      servePeakRssMb: Math.round(served.maxRssMb),
      peakRssMb: Math.round(Math.max(ingested.maxRssMb, served.maxRssMb)),
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
    ['query p50 / p95 / max, warm', `${r.queryP50Ms} / ${r.queryP95Ms} / ${r.queryMaxMs} ms (${r.questionsAsked} questions)`],
    ['query p50 / p95, first sight', `${r.queryP50MsFirstPass} / ${r.queryP95MsFirstPass} ms`],
    ['seed questions p95, large', `${r.queryP95MsSeedsLarge} ms`],
    ['small corpus: load', `${r.loadMsSmall} ms`],
    ['small corpus: p50 / p95, warm', `${r.queryP50MsSmall} / ${r.queryP95MsSmall} ms`],
    ['small corpus: p95, first sight', `${r.queryP95MsSmallFirstPass} ms`],
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
