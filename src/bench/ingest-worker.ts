/**
 * Child process for the benchmark: one ingest from scratch, measured on its own, so its peak
 * memory is not mixed up with the generator's or the query phase's. Receives its directories over
 * IPC and replies with the timings.
 */
import { loadConfig } from '../config.js';
import { ingest } from '../index/ingest.js';

export interface IngestJob {
  corpusDir: string;
  indexDir: string;
  modelsDir: string;
}

export interface IngestReport {
  ok: true;
  seconds: number;
  articles: number;
  passages: number;
  skipped: number;
  embedderId: string;
  maxRssMb: number;
}

export interface IngestFailure {
  ok: false;
  error: string;
}

process.once('message', (job: IngestJob) => {
  void run(job);
});

async function run(job: IngestJob): Promise<void> {
  const config = loadConfig({ CORPUS_DIR: job.corpusDir, INDEX_DIR: job.indexDir, EMBEDDER: 'hash', MODELS_DIR: job.modelsDir, ALLOW_REMOTE_MODELS: 'false' });
  let reply: IngestReport | IngestFailure;
  try {
    const started = performance.now();
    const summary = await ingest({ config, force: true, log: (line) => process.stderr.write(`  ingest: ${line}\n`) });
    reply = {
      ok: true,
      seconds: (performance.now() - started) / 1000,
      articles: summary.articles.length,
      passages: summary.passages,
      skipped: summary.skipped.length,
      embedderId: summary.embedderId,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } catch (err) {
    reply = { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  process.send!(reply, () => process.exit(reply.ok ? 0 : 1));
}
