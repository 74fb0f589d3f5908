import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createQaService } from '../src/app/qa-service.js';
import { parseBatchInput } from '../src/batch/input.js';
import { prepareOutputFile, stdoutOutput, type OutputSink } from '../src/batch/output.js';
import { createProgress, type Progress } from '../src/batch/progress.js';
import { outputFormatOf, parseOutputFormat, rendererFor, type OutputFormat } from '../src/batch/render.js';
import { DEFAULT_CONCURRENCY, formatSummary, runBatch } from '../src/batch/run.js';
import { configOrExit, exitWithError } from '../src/cli/common.js';
import { UsageError } from '../src/errors.js';

const USAGE = `用法：npm run batch -- FILE [--out PATH] [--format jsonl|csv|md] [--concurrency N] [--force]

  FILE               .txt  一行一个问题；空行和以 # 开头的行跳过；id 为 q<行号>
                     .jsonl 每行 {"question": "…", "id": "…"}（也接受 eval 金标文件的 "q"）
                     .csv  需有 question 或 问题 列，id 列可选
  --out PATH         写入文件而不是标准输出
  --format FMT       jsonl（默认）、csv 或 md；未指定时按 --out 的扩展名决定
  --concurrency N    同时回答的问题数（默认 ${DEFAULT_CONCURRENCY}）
  --force            覆盖已存在的输出文件（JSONL 也从头开始，不续跑）

续跑：使用 --out FILE.jsonl 时，再次运行同一命令会跳过 FILE.jsonl 中已回答的 id，把其余结果追加到
文件末尾；出错的问题会重新回答，中断时只写了一半的最后一行会被丢弃。CSV 和 Markdown 输出不能续跑：
已存在的文件只有加 --force 才会被覆盖，所以耗时长的批量任务请输出 JSONL。

退出码：0 表示批量已运行（即使部分问题出错）；2 表示用法错误；1 表示无法运行
（例如索引无法构建，或者所有问题都出错）；130 表示被 Ctrl-C 中断（已写入的答案保留，JSONL 可续跑）。`;

const startedAt = performance.now();
const config = configOrExit(process.env);
const log = (line: string) => process.stderr.write(`${line}\n`);

let progress: Progress | null = null;
let sink: OutputSink | null = null;

try {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        out: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f' },
        concurrency: { type: 'string', short: 'c' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const file = positionals[0];

  const concurrency = values.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number of at least 1 (got "${values.concurrency}").`);

  let format: OutputFormat = 'jsonl';
  if (values.format !== undefined) format = parseOutputFormat(values.format);
  else if (values.out !== undefined) {
    const implied = outputFormatOf(values.out);
    if (!implied) throw new UsageError(`Cannot tell the output format from ${values.out}; add --format jsonl, csv or md.`);
    format = implied;
  }

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  const items = parseBatchInput(file, text);
  if (items.length === 0) throw new UsageError(`${file} contains no questions.`);

  const output = values.out === undefined ? stdoutOutput() : prepareOutputFile(values.out, format, { force: values.force, inputFile: file });
  // Ids are line numbers for plain question files: another file's answers under the same ids are
  // not this file's, and skipping them would silently leave its questions unanswered.
  const clash = output.resume ? items.find((item) => output.resume!.doneQuestions.has(item.id) && output.resume!.doneQuestions.get(item.id) !== item.question) : undefined;
  if (clash) {
    throw new UsageError(
      `${values.out} holds answers to other questions (id ${clash.id}: “${output.resume!.doneQuestions.get(clash.id)}”, not “${clash.question}”). Choose another --out, or pass --force to overwrite it.`,
    );
  }
  const remaining = items.filter((item) => !output.doneIds.has(item.id)).length;
  if (output.resume) {
    const { droppedErrors, droppedPartial } = output.resume;
    const redo = [droppedErrors ? `${droppedErrors} failed answer(s) to retry` : '', droppedPartial ? 'a cut-off last line' : ''].filter(Boolean).join(' and ');
    log(`Resuming ${values.out}: ${items.length - remaining} of ${items.length} already answered${redo ? `; dropping ${redo}` : ''}.`);
  }

  // Everything answered already: no reason to load (or build) the index.
  let summary;
  if (remaining === 0) {
    summary = await runBatch({ items, ask: () => Promise.reject(new Error('unreachable')), write: () => {}, skipIds: output.doneIds, startedAt });
  } else {
    const qa = await createQaService(config, log);
    const renderer = rendererFor(format, { excelBom: values.out !== undefined });
    sink = output.open(renderer.preamble);
    const openSink = sink;
    progress = createProgress(process.stderr, remaining);
    const bar = progress;
    let written = 0;
    // Ctrl-C: the bar gives the cursor back, what was written stays, and the user is told how to go on.
    process.once('SIGINT', () => {
      progress?.stop();
      sink?.close();
      const done = items.length - remaining + written;
      const resume = values.out !== undefined && format === 'jsonl';
      log(
        `\n已中断：本次写入 ${written} 条答案${values.out ? `到 ${values.out}` : ''}（共 ${done}/${items.length} 条已完成）。` +
          (resume ? `再次运行同一命令即可从未完成的问题继续：npm run batch -- ${file} --out ${values.out}` : values.out ? '这种输出格式不能续跑；要续跑请用 --out FILE.jsonl。' : ''),
      );
      process.exit(130);
    });
    summary = await runBatch({
      items,
      ask: (question) => qa.ask(question),
      write: async (line) => {
        await openSink.write(renderer.render(line));
        written += 1;
      },
      concurrency,
      skipIds: output.doneIds,
      errorMode: config.OPENAI_API_KEY ? 'llm' : 'extractive',
      onProgress: (done) => bar.update(done),
      startedAt,
    });
    progress.stop();
    progress = null;
    sink.close();
    sink = null;
  }

  log(formatSummary(summary));
  const attempted = summary.total - summary.skipped;
  if (attempted > 0 && summary.errors === attempted) {
    log('Every question failed; see the error field of each line.');
    process.exit(1);
  }
} catch (err) {
  progress?.stop();
  sink?.close();
  exitWithError(err, err instanceof UsageError ? 2 : 1);
}
