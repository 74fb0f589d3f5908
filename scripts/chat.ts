/**
 * `npm run chat`: a conversation in the terminal. Each line is a question; earlier
 * questions are passed as history so follow-ups ("那税收目标呢？") keep their subject.
 * `/new` starts a new conversation, `/quit` or end of input leaves.
 */
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { configOrExit, parseCliArgs } from '../src/cli/common.js';
import { ConfigError } from '../src/config.js';
import { UsageError } from '../src/errors.js';
import type { QaService } from '../src/qa/types.js';
import { renderAnswerText } from '../src/render/text.js';

const HELP = '输入问题后回车。/new 开始新的对话，exit、quit 或 退出 离开。';

export async function runChat(qa: QaService, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const rl = createInterface({ input, output, terminal: Boolean((input as { isTTY?: boolean }).isTTY), prompt: '问> ' });
  let history: string[] = [];
  output.write(`我要问 ${HELP}\n`);
  rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    // Leaving is said many ways; none of them is a question.
    if (/^\/?(?:quit|exit|q)$|^退出$|^再见$/i.test(line)) break;
    if (line === '/new') {
      history = [];
      output.write('（新的对话）\n');
    } else if (line === '/help') {
      output.write(`${HELP}\n`);
    } else if (line) {
      try {
        const answer = await qa.ask(line, { history: [...history] });
        history.push(line);
        output.write(`\n${renderAnswerText(answer)}\n\n`);
      } catch (error) {
        output.write(`抱歉，处理这个问题时出错了：${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    rl.prompt();
  }
  rl.close();
  output.write('\n');
}

async function main(): Promise<void> {
  parseCliArgs({}, '用法：npm run chat\n  在终端里对话；追问沿用上一问的地区、会议和年份。');
  const config = configOrExit(process.env);
  // Imported here so runChat can be reused (and tested) without loading the index.
  const { createQaService } = await import('../src/app/qa-service.js');
  const qa = await createQaService(config);
  await runChat(qa, process.stdin, process.stdout);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = error instanceof ConfigError || error instanceof UsageError ? 2 : 1;
  });
}
