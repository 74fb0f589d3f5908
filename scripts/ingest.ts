import cliProgress from 'cli-progress';
import { configOrExit, exitWithError, parseCliArgs } from '../src/cli/common.js';
import { UsageError } from '../src/errors.js';
import { ingest, type IngestStage } from '../src/index/ingest.js';

const USAGE = '用法：npm run ingest [-- --force] [--verbose]\n  从 CORPUS_DIR 构建或更新索引（INDEX_DIR）；--force 全部重建；--verbose 列出每篇文章。';
// Without --verbose, the first few articles and a count: a large corpus is not 20,000 lines.
const SHOWN_ARTICLES = 10;
let bar: cliProgress.SingleBar | null = null;
const started = performance.now();
const STAGES: Record<IngestStage, (detail: string) => string> = {
  read: (dir) => `读取 ${dir} …`,
  clean: (n) => `清洗文章、抽取人物与数字：${n} 个文件 …`,
  index: (n) => `建立关键词索引：${n} 个段落 …`,
  embed: (n) => `计算向量：${n} 个段落 …`,
  write: (dir) => `写入新索引 ${dir} …`,
};

try {
  const { values, positionals } = parseCliArgs({ force: { type: 'boolean', default: false }, verbose: { type: 'boolean', short: 'v', default: false } }, USAGE);
  if (positionals.length > 0) throw new UsageError(`Unexpected argument: ${positionals[0]}\n\n${USAGE}`);
  const force = values.force;
  const config = configOrExit(process.env);
  const summary = await ingest({
    config,
    force,
    log: (line) => process.stderr.write(`${line}\n`),
    // Each stage says itself as it starts: a large corpus spends minutes before embedding begins.
    stage: (stage, detail) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${STAGES[stage](detail)}\n`),
    progress: (done, total) => {
      if (!process.stderr.isTTY) return;
      if (!bar) {
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'embedding {bar} {value}/{total} passages' }, cliProgress.Presets.shades_classic);
        bar.start(total, 0);
      }
      bar.update(done);
    },
  });
  (bar as cliProgress.SingleBar | null)?.stop();
  const out = process.stderr;
  out.write(summary.upToDate ? `Index is up to date (${config.INDEX_DIR}).\n` : `Index written to ${config.INDEX_DIR} with ${summary.embedderId}.\n`);
  out.write(`Articles: ${summary.articles.length}, passages: ${summary.passages}` + (summary.upToDate ? '' : ` (new or changed: ${summary.embedded}, unchanged: ${summary.reused})`) + '\n');
  const shown = values.verbose ? summary.articles : summary.articles.slice(0, SHOWN_ARTICLES);
  for (const a of shown) out.write(`  ${a.docId}  ${a.passages} passages  ${a.title}\n`);
  if (shown.length < summary.articles.length) out.write(`  … and ${summary.articles.length - shown.length} more (--verbose lists them all)\n`);
  if (summary.skipped.length > 0) {
    out.write(`Skipped ${summary.skipped.length} file(s):\n`);
    for (const s of summary.skipped) out.write(`  ${s.path}: ${s.reason}\n`);
  }
  out.write(`Done in ${summary.seconds.toFixed(2)} s.\n`);
} catch (err) {
  (bar as cliProgress.SingleBar | null)?.stop();
  exitWithError(err, err instanceof UsageError ? 2 : 1);
}
