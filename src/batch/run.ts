import pLimit from 'p-limit';
import { UsageError } from '../errors.js';
import type { Answer } from '../qa/types.js';
import type { BatchItem } from './input.js';
import type { BatchLine } from './render.js';

export const DEFAULT_CONCURRENCY = 4;

/** What a batch needs from the answering side; QaService.ask fits, tests pass a fake. */
export type AskFn = (question: string) => Promise<Answer & { latencyMs?: number }>;

export interface RunOptions {
  items: readonly BatchItem[];
  ask: AskFn;
  /** Receives results strictly in input order, one at a time; a throw stops the batch. */
  write: (line: BatchLine) => void | Promise<void>;
  concurrency?: number;
  /** Ids answered by an earlier run (resume); they are neither asked nor written. */
  skipIds?: ReadonlySet<string>;
  /** `mode` reported on error lines, where no answerer produced anything. */
  errorMode?: BatchLine['mode'];
  /** Called as each question finishes, in completion order; `total` excludes skipped ids. */
  onProgress?: (done: number, total: number) => void;
  /** Milliseconds; injectable so tests can pin the summary's total time. */
  now?: () => number;
  /** When the run began by `now`'s clock, so the total can include loading the index; defaults to the call. */
  startedAt?: number;
}

export interface BatchSummary {
  /** Questions in the input. */
  total: number;
  /** Answered without abstaining. */
  answered: number;
  abstained: number;
  errors: number;
  /** Already present in the output file from an earlier run. */
  skipped: number;
  /** Over questions that produced an answer (abstentions included, errors not). */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  totalSeconds: number;
}

/**
 * Answer every item with at most `concurrency` questions in flight. Results are buffered until
 * all earlier ones are written, so the output follows input order whatever order answers arrive in.
 * A question that throws becomes an error line; only a failing `write` stops the batch.
 */
export async function runBatch(options: RunOptions): Promise<BatchSummary> {
  const now = options.now ?? (() => performance.now());
  const started = options.startedAt ?? now();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`Concurrency must be a whole number of at least 1 (got ${concurrency}).`);
  const skip = options.skipIds ?? new Set<string>();
  const todo = options.items.filter((item) => !skip.has(item.id));
  const summary: BatchSummary = {
    total: options.items.length,
    answered: 0,
    abstained: 0,
    errors: 0,
    skipped: options.items.length - todo.length,
    latencyP50Ms: null,
    latencyP95Ms: null,
    totalSeconds: 0,
  };
  const latencies: number[] = [];

  const ready: (BatchLine | undefined)[] = new Array(todo.length);
  let nextToWrite = 0;
  let finished = 0;
  let writeFailed = false;
  let writing: Promise<void> = Promise.resolve();

  // Chained so that two completions never interleave their writes, even when `write` is async.
  const flush = () => {
    writing = writing.then(async () => {
      while (nextToWrite < todo.length && ready[nextToWrite]) {
        const line = ready[nextToWrite] as BatchLine;
        ready[nextToWrite] = undefined;
        nextToWrite++;
        try {
          await options.write(line);
        } catch (err) {
          writeFailed = true;
          throw err;
        }
      }
    });
    return writing;
  };

  const limit = pLimit(concurrency);
  await Promise.all(
    todo.map((item, i) =>
      limit(async () => {
        // Once output is broken (disk full, closed pipe) further answers would only be thrown away.
        if (writeFailed) return;
        // Answers are computed without waiting on I/O: yield to the event loop between them, or a
        // Ctrl-C (and every other event) would wait for the whole batch.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const line = await answerOne(item, options.ask, options.errorMode ?? 'extractive', now);
        if (line.error !== undefined) summary.errors++;
        else {
          latencies.push(line.latencyMs);
          if (line.abstained) summary.abstained++;
          else summary.answered++;
        }
        ready[i] = line;
        options.onProgress?.(++finished, todo.length);
        await flush();
      }),
    ),
  );
  await writing;

  summary.latencyP50Ms = percentile(latencies, 50);
  summary.latencyP95Ms = percentile(latencies, 95);
  summary.totalSeconds = Math.round((now() - started) / 10) / 100;
  return summary;
}

async function answerOne(item: BatchItem, ask: AskFn, errorMode: BatchLine['mode'], now: () => number): Promise<BatchLine> {
  const started = now();
  const measured = () => Math.round((now() - started) * 10) / 10;
  try {
    const result = await ask(item.question);
    const line: BatchLine = {
      id: item.id,
      question: item.question,
      answer: result.answer,
      abstained: result.abstained,
      mode: result.mode,
      citations: result.citations,
      retrieved: result.retrieved,
      latencyMs: typeof result.latencyMs === 'number' ? result.latencyMs : measured(),
    };
    if (result.note) line.note = result.note;
    return line;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { id: item.id, question: item.question, answer: '', abstained: false, mode: errorMode, citations: [], retrieved: [], latencyMs: measured(), error: message || 'Unknown error' };
  }
}

// Nearest-rank, the same definition eval reports, so batch and eval figures compare.
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function formatSummary(s: BatchSummary): string {
  const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} ms`);
  return [
    `Questions: ${s.total} — answered ${s.answered}, abstained ${s.abstained}, errors ${s.errors}, skipped ${s.skipped}${s.skipped ? ' (already in the output file)' : ''}`,
    `Latency: p50 ${ms(s.latencyP50Ms)}, p95 ${ms(s.latencyP95Ms)}`,
    `Done in ${s.totalSeconds.toFixed(2)} s.`,
  ].join('\n');
}

/** How to continue a JSONL output file left by an earlier (possibly interrupted) run. */
export interface ResumePlan {
  /** Ids with a finished answer; a rerun skips them. */
  doneIds: Set<string>;
  /** The question each finished id answered: a rerun with other questions under those ids is refused. */
  doneQuestions: Map<string, string>;
  /** The file's content to keep before appending. */
  keep: string;
  /** True when `keep` differs from the file, which must then be rewritten before appending. */
  changed: boolean;
  /** Earlier error lines dropped so those questions are asked again without leaving duplicate ids. */
  droppedErrors: number;
  /** A last line cut off mid-write was dropped. */
  droppedPartial: boolean;
}

/**
 * Read an earlier JSONL output. Lines are written whole, so only the last one can be cut off by
 * a crash; any other line that is not a batch result means the file is not ours to append to.
 */
export function planResume(fileName: string, text: string): ResumePlan {
  const doneIds = new Set<string>();
  const doneQuestions = new Map<string, string>();
  const kept: string[] = [];
  let droppedErrors = 0;
  let droppedPartial = false;
  const segments = text.split('\n');
  // The segment after the last newline is empty for a cleanly finished file.
  const tail = segments.pop() ?? '';

  const take = (raw: string, line: number | null): void => {
    const parsed = parseBatchLine(raw);
    if (!parsed) {
      // Every line this tool writes starts this way; anything else is someone else's file, not a cut-off line.
      if (line === null && raw.startsWith('{"id":') && !isJson(raw)) {
        droppedPartial = true;
        return;
      }
      throw new UsageError(
        `${fileName}:${line ?? segments.length + 1} is not a batch result line, so ${fileName} cannot be resumed. ` + 'Choose another --out, or pass --force to overwrite it.',
      );
    }
    if (parsed.error !== undefined) droppedErrors++;
    else if (!doneIds.has(parsed.id)) {
      doneIds.add(parsed.id);
      if (parsed.question !== undefined) doneQuestions.set(parsed.id, parsed.question);
      kept.push(raw.replace(/\r$/, ''));
    }
  };

  segments.forEach((raw, i) => {
    if (raw.trim()) take(raw, i + 1);
  });
  // A complete JSON object with no newline after it was written in full; only the newline is missing.
  if (tail.trim()) take(tail, null);

  const keep = kept.map((l) => `${l}\n`).join('');
  return { doneIds, doneQuestions, keep, changed: keep !== text, droppedErrors, droppedPartial };
}

function isJson(raw: string): boolean {
  try {
    JSON.parse(raw);
    return true;
  } catch {
    return false;
  }
}

function parseBatchLine(raw: string): { id: string; question?: string; error?: unknown } | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const obj = value as Record<string, unknown>;
  // Requiring `answer` keeps a question file (which has ids too) from passing as finished results.
  if (typeof obj.id !== 'string' || typeof obj.answer !== 'string') return null;
  return { id: obj.id, question: typeof obj.question === 'string' ? obj.question : undefined, error: obj.error };
}
