import { configOrExit, exitQuietlyOnClosedStdout, exitWithError, parseCliArgs } from '../src/cli/common.js';
import { createQaService } from '../src/app/qa-service.js';
import { renderAnswerText } from '../src/render/text.js';
import { UsageError } from '../src/errors.js';

const config = configOrExit(process.env);
exitQuietlyOnClosedStdout();
const USAGE = '用法：npm run ask -- "问题" [--json]，例如 npm run ask -- "岳阳经开区今年的GDP目标是多少？"';

try {
  const { values, positionals } = parseCliArgs({ json: { type: 'boolean', default: false } }, USAGE);
  const question = positionals.join(' ');
  if (!question.trim()) throw new UsageError(USAGE);
  const qa = await createQaService(config, (line) => process.stderr.write(`${line}\n`));
  const answer = await qa.ask(question);
  if (values.json) process.stdout.write(JSON.stringify(answer) + '\n');
  else process.stdout.write(renderAnswerText(answer) + '\n');
} catch (err) {
  exitWithError(err, err instanceof UsageError ? 2 : 1);
}
