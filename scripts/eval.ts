import { readFileSync } from 'node:fs';
import { configOrExit, exitQuietlyOnClosedStdout, exitWithError, parseCliArgs } from '../src/cli/common.js';
import { createQaService } from '../src/app/qa-service.js';
import { UsageError } from '../src/errors.js';
import { readIndexSummary } from '../src/index/store.js';
import { parseGold, scoreGold, summarize, summarizeByType, type Metrics } from '../src/qa/eval.js';

const config = configOrExit(process.env);
exitQuietlyOnClosedStdout();
const USAGE = '用法：npm run eval -- FILE.jsonl [--json] [--verbose]';

const fmt = (x: number | null, digits = 3) => (x === null ? '—' : x.toFixed(digits));

function row(name: string, m: Metrics): string {
  return [name.padEnd(14), String(m.questions).padStart(3), fmt(m.factAccuracy), fmt(m.citationAccuracy), fmt(m.docRecallAt5), fmt(m.abstentionAccuracy), fmt(m.confidentlyWrong), fmt(m.latencyP50Ms, 1), fmt(m.latencyP95Ms, 1)].join('  ');
}

try {
  const { values, positionals } = parseCliArgs({ json: { type: 'boolean', default: false }, verbose: { type: 'boolean', short: 'v', default: false } }, USAGE);
  const file = positionals[0];
  if (!file) throw new UsageError(USAGE);
  let gold;
  try {
    gold = parseGold(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`Cannot read gold file ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (gold.length === 0) throw new UsageError(`${file} has no questions.`);
  const qa = await createQaService(config, (line) => process.stderr.write(`${line}\n`));
  // Scores over articles the index does not hold measure nothing: say so before the table.
  const indexed = new Set(readIndexSummary(config.INDEX_DIR).articles.map((a) => a.docId));
  const absent = [...new Set(gold.flatMap((g) => g.docs))].filter((d) => !indexed.has(d));
  if (absent.length) process.stderr.write(`Warning: ${absent.length} article(s) the gold file cites are not in the index (${config.INDEX_DIR}): ${absent.slice(0, 10).join(', ')}${absent.length > 10 ? ' …' : ''}\n`);
  const scored = await scoreGold(qa, gold, (item, s, answer) => {
    if (values.verbose && !(s.answerable ? s.factOk && s.citationOk && s.recallOk : s.abstainOk)) {
      process.stderr.write(`✗ ${item.id} [${item.type}] ${item.q}\n  missing: ${s.missingFacts.join(', ') || '-'} cite:${s.citationOk} recall:${s.recallOk}\n  ${answer.replace(/\n/g, '\n  ')}\n`);
    }
  });
  const overall = summarize(scored);
  const byType = summarizeByType(scored);
  if (values.json) {
    process.stdout.write(JSON.stringify({ overall, byType, questions: scored }, null, 2) + '\n');
  } else {
    process.stdout.write(['type'.padEnd(14), '  n', ' fact', ' cite', '  r@5', 'abst.', 'c.wrong', '  p50ms', 'p95ms'].join('  ') + '\n');
    for (const [type, m] of Object.entries(byType)) process.stdout.write(row(type, m) + '\n');
    process.stdout.write(row('overall', overall) + '\n');
  }
} catch (err) {
  exitWithError(err, err instanceof UsageError ? 2 : 1);
}
