import { parseArgs } from 'node:util';
import { configOrExit, exitQuietlyOnClosedStdout, exitWithError } from '../src/cli/common.js';
import { readEnsuredIndex } from '../src/app/ensure-index.js';
import { BriefBook } from '../src/knowledge/brief-book.js';

const config = configOrExit(process.env);
exitQuietlyOnClosedStdout();
const { values, positionals } = parseArgs({ options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
const query = positionals.join(' ').trim();

try {
  const book = BriefBook.from((await readEnsuredIndex(config, (line) => process.stderr.write(`${line}\n`))).facts);
  const selected = book.select(query);
  if (selected.length === 0) {
    process.stderr.write(`没有找到与“${query}”相关的会议简报（可用 docId、地区或人名查询）。\n`);
    process.exit(1);
  }
  if (values.json) process.stdout.write(JSON.stringify(selected, null, 2) + '\n');
  else process.stdout.write(book.markdown(query) + '\n');
} catch (err) {
  exitWithError(err);
}
