/**
 * Child process for the benchmark. Each phase runs in a fresh process, as it would in use (an
 * ingest run, a bot starting up), so its peak memory and its timings are its own and not mixed up
 * with the generator's or another phase's. The job arrives over IPC; the report goes back the same way.
 */
import { answerWith, loadQa, type LoadedQa } from '../app/qa-service.js';
import { runBatch } from '../batch/run.js';
import { loadConfig, type Config } from '../config.js';
import { ingest } from '../index/ingest.js';

export interface Dirs {
  corpusDir: string;
  indexDir: string;
  modelsDir: string;
}

export interface IngestJob extends Dirs {
  kind: 'ingest';
}

export interface ServeJob extends Dirs {
  kind: 'serve';
  /** Untimed first, so that timings are of a warm process. */
  warmUp: string[];
  /** Timed one at a time, twice: on first sight, then again with everything cached. */
  questions: string[];
  /** Timed once more each, after the others. */
  extra: string[];
  /** Sent through the batch runner at these concurrencies. */
  batchConcurrency: number[];
  /** Wall-clock time (ms since the epoch) after which timing loops stop early. */
  deadline: number;
  /** Build the index in this process first (the small corpus). */
  ingestFirst?: boolean;
}

export type Job = IngestJob | ServeJob;

export interface IngestReport {
  kind: 'ingest';
  seconds: number;
  articles: number;
  passages: number;
  skipped: number;
  embedderId: string;
  maxRssMb: number;
}

export interface TimedAnswer {
  ms: number;
  answer: string;
  abstained: boolean;
}

export interface ServeReport {
  kind: 'serve';
  loadMs: number;
  firstPass: TimedAnswer[];
  warmPass: TimedAnswer[];
  extra: TimedAnswer[];
  /** Questions per second, by concurrency. */
  batchQps: Record<number, number>;
  maxRssMb: number;
}

export type Reply = { ok: true; report: IngestReport | ServeReport } | { ok: false; error: string };

function configFor(dirs: Dirs): Config {
  return loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir, EMBEDDER: 'hash', MODELS_DIR: dirs.modelsDir, ALLOW_REMOTE_MODELS: 'false' });
}

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

async function runIngest(job: IngestJob): Promise<IngestReport> {
  const started = performance.now();
  const summary = await ingest({ config: configFor(job), force: true, log: (line) => process.stderr.write(`  ingest: ${line}\n`) });
  return {
    kind: 'ingest',
    seconds: (performance.now() - started) / 1000,
    articles: summary.articles.length,
    passages: summary.passages,
    skipped: summary.skipped.length,
    embedderId: summary.embedderId,
    maxRssMb: maxRssMb(),
  };
}

async function timed(qa: LoadedQa, questions: string[], deadline: number): Promise<TimedAnswer[]> {
  const out: TimedAnswer[] = [];
  for (const q of questions) {
    if (Date.now() > deadline) break;
    const started = performance.now();
    const a = await answerWith(qa, q);
    out.push({ ms: performance.now() - started, answer: a.answer, abstained: a.abstained });
  }
  return out;
}

async function runServe(job: ServeJob): Promise<ServeReport> {
  const config = configFor(job);
  if (job.ingestFirst) await ingest({ config, force: true });
  const started = performance.now();
  const qa = await loadQa(config);
  const loadMs = performance.now() - started;
  await timed(qa, job.warmUp, Infinity);
  const firstPass = await timed(qa, job.questions, job.deadline);
  const warmPass = await timed(qa, job.questions, job.deadline);
  const extra = await timed(qa, job.extra, job.deadline);
  const batchQps: Record<number, number> = {};
  for (const concurrency of job.batchConcurrency) {
    if (Date.now() > job.deadline) break;
    const summary = await runBatch({
      items: job.questions.map((question, i) => ({ id: `b${i}`, question })),
      ask: (q) => answerWith(qa, q),
      write: () => undefined,
      concurrency,
    });
    if (summary.errors > 0) throw new Error(`${summary.errors} batch question(s) failed`);
    batchQps[concurrency] = summary.totalSeconds > 0 ? job.questions.length / summary.totalSeconds : 0;
  }
  return { kind: 'serve', loadMs, firstPass, warmPass, extra, batchQps, maxRssMb: maxRssMb() };
}

process.once('message', (job: Job) => {
  void (async () => {
    let reply: Reply;
    try {
      reply = { ok: true, report: job.kind === 'ingest' ? await runIngest(job) : await runServe(job) };
    } catch (err) {
      reply = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    process.send!(reply, () => process.exit(reply.ok ? 0 : 1));
  })();
});
