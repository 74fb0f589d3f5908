import { configOrExit, exitQuietlyOnClosedStdout, exitWithError, parseCliArgs } from '../src/cli/common.js';
import { UsageError } from '../src/errors.js';
import { readEnsuredIndex } from '../src/app/ensure-index.js';
import { BriefBook } from '../src/knowledge/brief-book.js';

const config = configOrExit(process.env);
exitQuietlyOnClosedStdout();
const USAGE = '用法：npm run brief -- [docId|地区|人名] [--json]，例如 npm run brief -- 岳阳经开区';

try {
  const { values, positionals } = parseCliArgs({ json: { type: 'boolean', default: false } }, USAGE);
  const query = positionals.join(' ').trim();
  const book = BriefBook.from((await readEnsuredIndex(config, (line) => process.stderr.write(`${line}\n`))).facts);
  const selected = book.select(query);
  if (selected.length === 0) {
    process.stderr.write(`没有找到与“${query}”相关的会议简报（可用 docId、地区或人名查询）。\n`);
    process.exit(1);
  }
  if (values.json) process.stdout.write(JSON.stringify(selected, null, 2) + '\n');
  else process.stdout.write(book.markdown(query) + '\n');
} catch (err) {
  exitWithError(err, err instanceof UsageError ? 2 : 1);
}
