import { configOrExit, exitQuietlyOnClosedStdout, exitWithError } from '../src/cli/common.js';
import { readEnsuredIndex } from '../src/app/ensure-index.js';

const config = configOrExit(process.env);
exitQuietlyOnClosedStdout();
const docId = process.argv.slice(2).find((a) => !a.startsWith('-'));

try {
  const index = await readEnsuredIndex(config, (line) => process.stderr.write(`${line}\n`));
  const selected = docId ? index.passages.filter((p) => p.docId === docId) : index.passages;
  if (docId && selected.length === 0) {
    process.stderr.write(`No article with docId ${docId}. Known: ${index.articles.map((a) => a.docId).join(', ')}\n`);
    process.exit(1);
  }
  for (const p of selected) {
    process.stdout.write(
      JSON.stringify({ docId: p.docId, passageId: p.passageId, title: p.title, date: p.date, source: p.source, zone: p.zone, text: p.text }) + '\n',
    );
  }
} catch (err) {
  exitWithError(err);
}
