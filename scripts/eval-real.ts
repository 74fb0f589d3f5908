/**
 * Scores the real-article collection in eval/real/: metadata and cleaning against labels.jsonl,
 * and answers against questions-NN.jsonl, for one batch. The index holds the project's corpus
 * plus every real batch up to the one scored, as a user's collection would.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { configOrExit, exitQuietlyOnClosedStdout, exitWithError, parseCliArgs } from '../src/cli/common.js';
import { createQaService } from '../src/app/qa-service.js';
import { checkArticle, parseLabels, summarizeMeta, type ArticleUnderTest, type MetaScores } from '../src/corpus/meta-eval.js';
import { UsageError } from '../src/errors.js';
import { ingest } from '../src/index/ingest.js';
import { readIndex } from '../src/index/store.js';
import { parseGold, scoreGold, summarize, summarizeByType, type Metrics, type Scored } from '../src/qa/eval.js';

exitQuietlyOnClosedStdout();
const USAGE = '用法：npm run eval:real -- [--batch NN | --all] [--meta-only] [--json] [--verbose]';
const REAL = 'eval/real';
const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(3));

try {
  const { values } = parseCliArgs(
    {
      batch: { type: 'string' },
      all: { type: 'boolean', default: false },
      'meta-only': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
    },
    USAGE,
  );
  const batches = readdirSync(path.join(REAL, 'corpus'))
    .map((f) => /^b(\d+)_/.exec(f)?.[1])
    .filter((b): b is string => Boolean(b));
  const latest = [...new Set(batches)].sort().at(-1);
  if (values.all && values.batch) throw new UsageError(`--all and --batch exclude each other.\n${USAGE}`);
  const batch = values.batch ? values.batch.padStart(2, '0') : latest;
  if (!batch || !batches.includes(batch)) throw new UsageError(`No articles of batch ${values.batch ?? '?'} in ${REAL}/corpus.\n${USAGE}`);
  // --all scores every batch up to the latest together, as one collection.
  const scoredBatches = values.all ? [...new Set(batches)].sort() : [batch];

  const base = configOrExit(process.env);
  const workDir = path.join('data', 'real-eval');
  const corpusDir = path.join(workDir, `corpus-${batch}`);
  rmSync(corpusDir, { recursive: true, force: true });
  mkdirSync(corpusDir, { recursive: true });
  const link = (dir: string, name: string) => symlinkSync(path.resolve(dir, name), path.join(corpusDir, name));
  for (const name of readdirSync(base.CORPUS_DIR)) link(base.CORPUS_DIR, name);
  for (const name of readdirSync(path.join(REAL, 'corpus'))) {
    const b = /^b(\d+)_/.exec(name)?.[1];
    if (b && b <= batch) link(path.join(REAL, 'corpus'), name);
  }
  const config = configOrExit({ ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: path.join(workDir, `index-${batch}`), EMBEDDER: process.env.EMBEDDER ?? 'hash' });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const summary = await ingest({ config, log, force: true });
  for (const s of summary.skipped) log(`skipped ${s.path}: ${s.reason}`);

  // Metadata and cleaning, for this batch's articles.
  const index = readIndex(config.INDEX_DIR);
  const byDoc = new Map<string, ArticleUnderTest>();
  for (const a of index.articles) byDoc.set(a.docId, { meta: a, passages: [] });
  for (const p of index.passages) byDoc.get(p.docId)?.passages.push(p.norm);
  const labels = parseLabels(readFileSync(path.join(REAL, 'labels.jsonl'), 'utf8')).filter((l) => scoredBatches.some((b) => l.docId.startsWith(`b${b}_`)));
  const checks = labels.map((l) => checkArticle(l, byDoc.get(l.docId)));
  const meta = summarizeMeta(checks);

  let answers: { overall: Metrics; byType: Record<string, Metrics>; questions: Scored[] } | null = null;
  const questionFiles = scoredBatches.map((b) => path.join(REAL, `questions-${b}.jsonl`)).filter((f) => existsSync(f));
  if (!values['meta-only'] && questionFiles.length) {
    const gold = questionFiles.flatMap((f) => parseGold(readFileSync(f, 'utf8')));
    const qa = await createQaService(config, log);
    const scored = await scoreGold(qa, gold, (item, s, answer) => {
      const ok = s.answerable ? s.factOk && s.citationOk : s.abstainOk;
      if (values.verbose && !ok) {
        log(`✗ ${item.id} [${item.type}] ${item.q}\n  want: ${JSON.stringify(item.facts)} ${item.docs.join(',')}\n  missing: ${s.missingFacts.join(', ') || '-'} cite:${s.citationOk} recall:${s.recallOk}\n  ${answer.replace(/\n/g, '\n  ')}`);
      }
    });
    answers = { overall: summarize(scored), byType: summarizeByType(scored), questions: scored };
  }

  if (values.verbose) {
    for (const c of checks) {
      const bad = [!c.titleOk && 'title', c.dateOk === false && 'date', !c.zoneOk && 'zone', c.meetingDateOk === false && 'meetingDate', !c.leadOk && 'lead', !c.chromeFree && 'chrome', c.dropped && 'DROPPED'].filter(Boolean);
      if (bad.length) log(`✗ ${c.docId} ${bad.join(' ')}  got ${JSON.stringify(c.got)}${c.missingLead.length ? ` lost lead ${JSON.stringify(c.missingLead)}` : ''}${c.keptChrome.length ? ` kept ${JSON.stringify(c.keptChrome)}` : ''}`);
    }
  }
  if (values.json) {
    process.stdout.write(JSON.stringify({ batch: values.all ? 'all' : batch, meta, checks, answers }, null, 2) + '\n');
  } else {
    process.stdout.write(metaTable(values.all ? `01–${batch}` : batch, meta));
    if (answers) process.stdout.write(answerTable(answers.byType, answers.overall));
  }
} catch (err) {
  exitWithError(err, err instanceof UsageError ? 2 : 1);
}

function metaTable(batch: string, m: MetaScores): string {
  return [
    `batch ${batch}: ${m.articles} articles`,
    `  headline ${fmt(m.headline)}  date ${fmt(m.date)}  zone ${fmt(m.zone)}  meeting date ${fmt(m.meetingDate)}  lead kept ${fmt(m.leadKept)}  chrome-free ${fmt(m.chromeFree)}  dropped ${m.dropped}`,
    '',
  ].join('\n');
}

function answerTable(byType: Record<string, Metrics>, overall: Metrics): string {
  const row = (name: string, m: Metrics) =>
    [name.padEnd(14), String(m.questions).padStart(3), fmt(m.factAccuracy), fmt(m.citationAccuracy), fmt(m.docRecallAt5), fmt(m.abstentionAccuracy), fmt(m.confidentlyWrong)].join('  ');
  const lines = [['type'.padEnd(14), '  n', ' fact', ' cite', '  r@5', 'abst.', 'c.wrong'].join('  ')];
  for (const [type, m] of Object.entries(byType)) lines.push(row(type, m));
  lines.push(row('overall', overall));
  return lines.join('\n') + '\n';
}
