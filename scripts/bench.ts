import { parseArgs } from 'node:util';
import { configOrExit, exitWithError } from '../src/cli/common.js';
import { DEFAULT_ARTICLES, formatTable, QUICK_ARTICLES, runBench, targetsOf } from '../src/bench/run.js';
import { UsageError } from '../src/errors.js';

const USAGE = `用法：npm run bench -- [--json] [--quick | --articles N] [--questions N] [--seed N] [--keep] [--budget SECONDS] [--cpu-prof]

  --json           print one JSON object instead of the table
  --articles N     synthetic articles to generate (default ${DEFAULT_ARTICLES.toLocaleString('en')}, about 5 passages each)
  --quick          ${QUICK_ARTICLES.toLocaleString('en')} articles
  --questions N    questions timed on the large index and sent through the batch runner (default 200)
  --seed N         generator seed (default 1); the same seed gives the same corpus
  --keep           keep the generated corpus and indexes (the path is printed)
  --budget S       wall-clock budget for the whole run in seconds (default 540); phases are cut short rather than overrun it
  --cpu-prof       write a CPU profile of the ingest process (.cpuprofile in the current directory)

The small corpus is CORPUS_DIR (the seed articles). Progress goes to stderr.`;

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

  const result = await runBench({
    articles,
    questions: whole('questions', values.questions, 1),
    seed: whole('seed', values.seed, 0),
    keep: values.keep,
    budgetSeconds: whole('budget', values.budget, 30),
    seedCorpusDir: config.CORPUS_DIR,
    ingestExecArgv: values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir=.'] : [],
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (values.json) process.stdout.write(`${JSON.stringify({ ...result, targets: targetsOf(result) })}\n`);
  else process.stdout.write(`${formatTable(result)}\n`);
} catch (err) {
  exitWithError(err, err instanceof UsageError ? 2 : 1);
}
