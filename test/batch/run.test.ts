import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchItem } from '../../src/batch/input.js';
import { prepareOutputFile } from '../../src/batch/output.js';
import { createProgress } from '../../src/batch/progress.js';
import { jsonLine, rendererFor, type BatchLine } from '../../src/batch/render.js';
import { formatSummary, planResume, runBatch, type AskFn } from '../../src/batch/run.js';
import { UsageError } from '../../src/errors.js';
import type { Answer } from '../../src/qa/types.js';

const items = (n: number): BatchItem[] => Array.from({ length: n }, (_, i) => ({ id: `q${i + 1}`, question: `问题${i + 1}` }));

function answerFor(question: string, extra: Partial<Answer & { latencyMs: number }> = {}): Answer & { latencyMs?: number } {
  return { question, answer: `答：${question}`, abstained: false, mode: 'extractive', citations: [], retrieved: [], ...extra };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Two turns of the event loop: the batch yields one before each question (so Ctrl-C is heard).
const tick = () => new Promise((r) => setImmediate(() => setImmediate(r)));

describe('runBatch', () => {
  it('writes in input order when answers arrive out of order, with at most N in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const ask: AskFn = async (q) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const i = Number(q.replace('问题', ''));
      // Later questions finish first, and irregularly, so completion order is far from input order.
      await sleep(((12 - i) % 5) * 4 + (i % 3));
      inFlight--;
      return answerFor(q);
    };
    const written: string[] = [];
    const summary = await runBatch({ items: items(12), ask, concurrency: 4, write: (l) => void written.push(l.id) });
    expect(written).toEqual(items(12).map((i) => i.id));
    expect(maxInFlight).toBe(4);
    expect(summary.answered).toBe(12);
  });

  it('holds back finished answers until every earlier one is written', async () => {
    const pending = new Map<string, (a: Answer) => void>();
    const ask: AskFn = (q) => new Promise((resolve) => pending.set(q, resolve));
    const written: string[] = [];
    const run = runBatch({ items: items(4), ask, concurrency: 4, write: (l) => void written.push(l.id) });
    await tick();
    expect([...pending.keys()]).toEqual(['问题1', '问题2', '问题3', '问题4']);

    pending.get('问题4')!(answerFor('问题4'));
    pending.get('问题2')!(answerFor('问题2'));
    await tick();
    expect(written).toEqual([]);

    pending.get('问题1')!(answerFor('问题1'));
    await tick();
    expect(written).toEqual(['q1', 'q2']);

    pending.get('问题3')!(answerFor('问题3'));
    await run;
    expect(written).toEqual(['q1', 'q2', 'q3', 'q4']);
  });

  it('turns a throwing question into an error line and answers the rest', async () => {
    const ask: AskFn = async (q) => {
      if (q === '问题2') throw new Error('embedder crashed');
      return answerFor(q);
    };
    const written: BatchLine[] = [];
    const summary = await runBatch({ items: items(3), ask, write: (l) => void written.push(l) });
    expect(written.map((l) => l.id)).toEqual(['q1', 'q2', 'q3']);
    expect(written[1]).toMatchObject({ id: 'q2', question: '问题2', answer: '', abstained: false, mode: 'extractive', citations: [], retrieved: [], error: 'embedder crashed' });
    expect(typeof written[1].latencyMs).toBe('number');
    expect(written[0].error).toBeUndefined();
    expect(summary).toMatchObject({ answered: 2, errors: 1 });
  });

  it('reports the configured mode on error lines', async () => {
    const written: BatchLine[] = [];
    await runBatch({ items: items(1), ask: () => Promise.reject(new Error('x')), errorMode: 'llm', write: (l) => void written.push(l) });
    expect(written[0].mode).toBe('llm');
  });

  it('neither asks nor writes skipped ids', async () => {
    const asked: string[] = [];
    const written: string[] = [];
    const ask: AskFn = async (q) => (asked.push(q), answerFor(q));
    const summary = await runBatch({ items: items(4), ask, skipIds: new Set(['q1', 'q3', 'elsewhere']), write: (l) => void written.push(l.id) });
    expect(asked.sort()).toEqual(['问题2', '问题4']);
    expect(written).toEqual(['q2', 'q4']);
    expect(summary).toMatchObject({ total: 4, skipped: 2, answered: 2 });
  });

  it('sums up answered, abstained, errors, skipped, latency percentiles and total time', async () => {
    // Latencies 10..100 ms for answers; error lines must not count towards percentiles.
    const ask: AskFn = async (q) => {
      const i = Number(q.replace('问题', ''));
      if (i === 11) throw new Error('boom');
      return answerFor(q, { abstained: i % 4 === 0, latencyMs: i * 10 });
    };
    let clock = 1_000;
    const summary = await runBatch({
      items: items(12),
      ask,
      skipIds: new Set(['q12']),
      write: () => {},
      now: () => (clock += 250),
    });
    expect(summary).toMatchObject({ total: 12, answered: 8, abstained: 2, errors: 1, skipped: 1, latencyP50Ms: 50, latencyP95Ms: 100 });
    expect(summary.totalSeconds).toBeGreaterThan(0);
    const text = formatSummary(summary);
    expect(text).toContain('answered 8, abstained 2, errors 1, skipped 1 (already in the output file)');
    expect(text).toContain('p50 50.0 ms, p95 100.0 ms');
    expect(text).toMatch(/Done in \d+\.\d\d s\./);
  });

  it('measures latency itself when the answer carries none, and counts total time from startedAt', async () => {
    let clock = 0;
    const now = () => clock;
    const ask: AskFn = async (q) => {
      clock += 40;
      return answerFor(q);
    };
    const written: BatchLine[] = [];
    const summary = await runBatch({ items: items(1), ask, write: (l) => void written.push(l), now, startedAt: -2_000 });
    expect(written[0].latencyMs).toBe(40);
    expect(summary.totalSeconds).toBe(2.04);
  });

  it('reports no latency for an all-skipped run', async () => {
    const summary = await runBatch({ items: items(2), ask: () => Promise.reject(new Error('not called')), skipIds: new Set(['q1', 'q2']), write: () => {} });
    expect(summary).toMatchObject({ skipped: 2, answered: 0, errors: 0, latencyP50Ms: null });
    expect(formatSummary(summary)).toContain('p50 —');
  });

  it('stops asking once output cannot be written', async () => {
    const asked: string[] = [];
    const ask: AskFn = async (q) => (asked.push(q), answerFor(q));
    const run = runBatch({
      items: items(10),
      ask,
      concurrency: 1,
      write: () => {
        throw new Error('ENOSPC');
      },
    });
    await expect(run).rejects.toThrow('ENOSPC');
    await sleep(5);
    expect(asked.length).toBeLessThan(3);
  });

  it('rejects a concurrency below 1', async () => {
    await expect(runBatch({ items: items(1), ask: async (q) => answerFor(q), write: () => {}, concurrency: 0 })).rejects.toThrow(UsageError);
  });
});

const line = (id: string, extra: Partial<BatchLine> = {}) =>
  jsonLine({ id, question: `问题-${id}`, answer: `答-${id}`, abstained: false, mode: 'extractive', citations: [], retrieved: [], latencyMs: 1, ...extra });

describe('planResume', () => {
  it('takes finished ids and keeps a clean file as it is', () => {
    const text = `${line('q1')}\n${line('q2', { abstained: true })}\n`;
    const plan = planResume('out.jsonl', text);
    expect([...plan.doneIds]).toEqual(['q1', 'q2']);
    expect(plan).toMatchObject({ changed: false, keep: text, droppedErrors: 0, droppedPartial: false });
  });

  it('drops a last line cut off mid-write', () => {
    const whole = `${line('q1')}\n`;
    const cut = line('q2').slice(0, 37);
    const plan = planResume('out.jsonl', whole + cut);
    expect([...plan.doneIds]).toEqual(['q1']);
    expect(plan).toMatchObject({ keep: whole, changed: true, droppedPartial: true });
  });

  it('keeps a complete last line that only lacks its newline', () => {
    const plan = planResume('out.jsonl', `${line('q1')}\n${line('q2')}`);
    expect([...plan.doneIds]).toEqual(['q1', 'q2']);
    expect(plan.keep).toBe(`${line('q1')}\n${line('q2')}\n`);
    expect(plan.droppedPartial).toBe(false);
  });

  it('drops error lines (to be asked again) and duplicate ids, and ignores blank lines', () => {
    const plan = planResume('out.jsonl', `${line('q1', { error: 'boom', answer: '' })}\n\n${line('q2')}\n${line('q2')}\r\n`);
    expect([...plan.doneIds]).toEqual(['q2']);
    expect(plan).toMatchObject({ keep: `${line('q2')}\n`, droppedErrors: 1, changed: true });
  });

  it('refuses a file that is not batch output rather than rewrite it', () => {
    expect(() => planResume('notes.jsonl', 'some notes\n')).toThrow(/notes\.jsonl:1 is not a batch result line.*--force/);
    // A question file has ids too, but no answers.
    expect(() => planResume('q.jsonl', '{"id":"a","question":"问题"}\n')).toThrow(UsageError);
    expect(() => planResume('q.jsonl', `${line('q1')}\n{"question":"问题"}`)).toThrow(/q\.jsonl:2 is not/);
    expect(() => planResume('q.jsonl', `${line('q1')}\nhalf a sentence`)).toThrow(UsageError);
  });
});

describe('output files and resuming', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'woyaowen-batch-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function runInto(file: string, batch: BatchItem[], ask: AskFn, force = false) {
    const output = prepareOutputFile(file, 'jsonl', { force });
    const renderer = rendererFor('jsonl');
    const sink = output.open(renderer.preamble);
    try {
      return await runBatch({ items: batch, ask, skipIds: output.doneIds, concurrency: 3, write: (l) => sink.write(renderer.render(l)) });
    } finally {
      sink.close();
    }
  }

  const readLines = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as BatchLine);

  it('skips ids already answered, retries failed ones, and repairs a cut-off last line', async () => {
    const out = path.join(dir, 'nested', 'answers.jsonl');
    const batch = items(6);
    const first = await runInto(out, batch.slice(0, 4), async (q) => {
      if (q === '问题2') throw new Error('temporary');
      return answerFor(q);
    });
    expect(first).toMatchObject({ answered: 3, errors: 1 });
    // A crash while writing q5 leaves half a line behind.
    appendFileSync(out, line('q5').slice(0, 30));

    const asked: string[] = [];
    const second = await runInto(out, batch, async (q) => (asked.push(q), answerFor(q)));
    expect(asked.sort()).toEqual(['问题2', '问题5', '问题6']);
    expect(second).toMatchObject({ skipped: 3, answered: 3, errors: 0 });

    const lines = readLines(out);
    expect(lines.map((l) => l.id)).toEqual(['q1', 'q3', 'q4', 'q2', 'q5', 'q6']);
    expect(lines.every((l) => l.error === undefined)).toBe(true);
  });

  it('appends after a last line that lacked only its newline', async () => {
    const out = path.join(dir, 'a.jsonl');
    writeFileSync(out, line('q1'));
    await runInto(out, items(2), async (q) => answerFor(q));
    expect(readLines(out).map((l) => l.id)).toEqual(['q1', 'q2']);
  });

  it('starts over with force', async () => {
    const out = path.join(dir, 'a.jsonl');
    writeFileSync(out, `${line('q1')}\n`);
    const summary = await runInto(out, items(2), async (q) => answerFor(q), true);
    expect(summary.skipped).toBe(0);
    expect(readLines(out).map((l) => l.id)).toEqual(['q1', 'q2']);
  });

  it('leaves the file untouched until it is opened', () => {
    const out = path.join(dir, 'a.jsonl');
    const before = `${line('q1', { error: 'x', answer: '' })}\n${line('q2').slice(0, 20)}`;
    writeFileSync(out, before);
    const prepared = prepareOutputFile(out, 'jsonl');
    expect(prepared.resume).toMatchObject({ droppedErrors: 1, droppedPartial: true });
    expect(readFileSync(out, 'utf8')).toBe(before);
    prepared.open('').close();
    expect(readFileSync(out, 'utf8')).toBe('');
    expect(existsSync(`${out}.${process.pid}.tmp`)).toBe(false);
  });

  it('refuses to overwrite existing CSV or Markdown without force, pointing to JSONL', () => {
    for (const [name, format] of [
      ['a.csv', 'csv'],
      ['a.md', 'md'],
    ] as const) {
      const out = path.join(dir, name);
      writeFileSync(out, 'previous run');
      expect(() => prepareOutputFile(out, format)).toThrow(/already exists.*cannot be resumed.*--force.*JSONL/);
      const sink = prepareOutputFile(out, format, { force: true }).open(rendererFor(format).preamble);
      sink.close();
      expect(readFileSync(out, 'utf8')).toBe(rendererFor(format).preamble);
    }
  });

  it('writes the CSV header once into a new file', () => {
    const out = path.join(dir, 'new.csv');
    const sink = prepareOutputFile(out, 'csv').open('id,question\r\n');
    sink.write('q1,问题\r\n');
    sink.close();
    expect(readFileSync(out, 'utf8')).toBe('id,question\r\nq1,问题\r\n');
  });

  it('refuses to write over the input file', () => {
    const input = path.join(dir, 'q.jsonl');
    expect(() => prepareOutputFile(input, 'jsonl', { inputFile: path.relative(process.cwd(), input) })).toThrow(/is the input file/);
  });
});

describe('progress without a terminal', () => {
  it('prints a line each tenth instead of a bar', () => {
    const lines: string[] = [];
    const stream = { write: (s: string) => lines.push(s), isTTY: false } as unknown as NodeJS.WriteStream;
    const progress = createProgress(stream, 20);
    for (let done = 1; done <= 20; done++) progress.update(done);
    progress.stop();
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('Answered 2/20 (10%)\n');
    expect(lines[9]).toBe('Answered 20/20 (100%)\n');
  });
});

describe('resuming keeps each id’s question', () => {
  it('records the question each finished id answered, so another file under the same ids is caught', () => {
    const line = (id: string, question: string) => JSON.stringify({ id, question, answer: 'x', abstained: false, citations: [], retrieved: [] });
    const plan = planResume('out.jsonl', `${line('q1', '岳阳经开区今年的GDP目标是多少？')}\n${line('q2', '萍乡经开区会议谁主持？')}\n`);
    expect([...plan.doneIds]).toEqual(['q1', 'q2']);
    expect(plan.doneQuestions.get('q1')).toBe('岳阳经开区今年的GDP目标是多少？');
    expect(plan.doneQuestions.get('q2')).not.toBe('天门市会议谁讲话？');
  });
});
