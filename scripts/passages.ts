import { configOrExit, exitQuietlyOnClosedStdout, exitWithError, parseCliArgs } from '../src/cli/common.js';
import { readEnsuredIndex } from '../src/app/ensure-index.js';
import { UsageError } from '../src/errors.js';

const USAGE = '用法：npm run passages -- [docId]\n  以 JSONL 输出索引中的段落（docId, passageId, title, date, source, zone, text）；给出 docId 时只输出该文章的。';
exitQuietlyOnClosedStdout();

try {
  const { positionals } = parseCliArgs({}, USAGE);
  if (positionals.length > 1) throw new UsageError(USAGE);
  const docId = positionals[0];
  const config = configOrExit(process.env);
  const index = await readEnsuredIndex(config, (line) => process.stderr.write(`${line}\n`));
  const selected = docId ? index.passages.filter((p) => p.docId === docId) : index.passages;
  if (docId && selected.length === 0) {
    // A large index has tens of thousands of ids: name the closest few, not all of them.
    const near = index.articles.map((a) => a.docId).filter((id) => id.includes(docId) || docId.includes(id)).slice(0, 10);
    const some = near.length ? near : index.articles.slice(0, 10).map((a) => a.docId);
    process.stderr.write(`No article with docId ${docId} (${index.articles.length} articles). ${near.length ? 'Similar' : 'For example'}: ${some.join(', ')}\n`);
    process.exit(1);
  }
  for (const p of selected) {
    process.stdout.write(
      JSON.stringify({ docId: p.docId, passageId: p.passageId, title: p.title, date: p.date, source: p.source, zone: p.zone, text: p.text }) + '\n',
    );
  }
} catch (err) {
  exitWithError(err, err instanceof UsageError ? 2 : 1);
}
