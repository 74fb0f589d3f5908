import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { configOrExit, exitWithError } from '../src/cli/common.js';
import { DEFAULT_ARTICLES, formatTable, QUICK_ARTICLES, runBench, targetsOf } from '../src/bench/run.js';
import { UsageError } from '../src/errors.js';

const USAGE = `用法：npm run bench -- [--json] [--quick | --articles N] [--questions N] [--seed N] [--keep] [--budget 秒] [--cpu-prof]

  --json           输出一个 JSON 对象，而不是表格
  --articles N     生成的合成文章数（默认 ${DEFAULT_ARTICLES.toLocaleString('en')}，每篇约 5 个段落）
  --quick          快速模式：${QUICK_ARTICLES.toLocaleString('en')} 篇
  --questions N    在大索引上逐个计时、并送入批量运行器的问题数（默认 200）
  --seed N         生成器种子（默认 1）；种子相同，语料相同
  --keep           保留生成的语料和索引（会打印路径）
  --budget 秒      整个运行的时间上限（默认 540）；超时的阶段会提前结束，而不是拖长运行
  --cpu-prof       为入库进程写 CPU profile（.cpuprofile，放在临时目录，结束时打印路径）

小语料是 CORPUS_DIR（种子文章）。进度输出到标准错误。`;

const config = configOrExit(process.env);

try {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        json: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        articles: { type: 'string' },
        questions: { type: 'string', default: '200' },
        seed: { type: 'string', default: '1' },
        keep: { type: 'boolean', default: false },
        budget: { type: 'string', default: '540' },
        'cpu-prof': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const whole = (name: string, raw: string, min: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min} (got ${raw}).\n\n${USAGE}`);
    return n;
  };
  if (values.quick && values.articles !== undefined) throw new UsageError(`--quick and --articles exclude each other.\n\n${USAGE}`);
  const articles = values.articles !== undefined ? whole('articles', values.articles, 1) : values.quick ? QUICK_ARTICLES : DEFAULT_ARTICLES;

  const profileDir = values['cpu-prof'] ? mkdtempSync(path.join(os.tmpdir(), 'woyaowen-bench-profile-')) : null;
  const result = await runBench({
    articles,
    questions: whole('questions', values.questions, 1),
    seed: whole('seed', values.seed, 0),
    keep: values.keep,
    budgetSeconds: whole('budget', values.budget, 30),
    seedCorpusDir: config.CORPUS_DIR,
    ingestExecArgv: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (values.json) process.stdout.write(`${JSON.stringify({ ...result, targets: targetsOf(result) })}\n`);
  else process.stdout.write(`${formatTable(result)}\n`);
  if (profileDir) process.stderr.write(`CPU profile of the ingest process: ${profileDir}\n`);
} catch (err) {
  exitWithError(err, err instanceof UsageError ? 2 : 1);
}
