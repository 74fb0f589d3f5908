import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, UsageError } from '../errors.js';
import type { OutputFormat } from './render.js';
import { planResume, type ResumePlan } from './run.js';

export interface OutputSink {
  write(text: string): void | Promise<void>;
  close(): void;
}

/** Where results go, decided before any question is asked; nothing touches the file until `open`. */
export interface PreparedOutput {
  /** Ids finished by an earlier run into the same file. */
  doneIds: ReadonlySet<string>;
  /** Set when an existing JSONL file is being continued. */
  resume: ResumePlan | null;
  /** `preamble` (the CSV header) goes only into a fresh output, never after an earlier run's lines. */
  open(preamble: string): OutputSink;
}

export function stdoutOutput(): PreparedOutput {
  return {
    doneIds: new Set(),
    resume: null,
    open(preamble) {
      // Without a listener a closed pipe (`| head`) crashes the process with a stack trace; the
      // failed write's callback reports it instead, which stops the batch.
      process.stdout.on('error', () => {});
      // Stream writes are queued in order, so the preamble cannot overtake or trail the first line.
      if (preamble) process.stdout.write(preamble);
      return {
        write: (text) =>
          new Promise<void>((resolve, reject) => {
            process.stdout.write(text, (err) =>
              err ? reject(new AppError(`Standard output was closed (${(err as NodeJS.ErrnoException).code ?? err.message}); stopping the batch.`)) : resolve(),
            );
          }),
        close() {},
      };
    },
  };
}

/**
 * An existing JSONL file is continued (resume); CSV and Markdown cannot be continued, so an existing
 * one is only replaced with `force`. Opening happens after the index loaded, so a run that cannot
 * start leaves the file as it was.
 */
export function prepareOutputFile(file: string, format: OutputFormat, options: { force?: boolean; inputFile?: string } = {}): PreparedOutput {
  if (options.inputFile && path.resolve(options.inputFile) === path.resolve(file)) {
    throw new UsageError(`--out ${file} is the input file; choose another output file.`);
  }
  const exists = existsSync(file);
  if (exists && !options.force && format !== 'jsonl') {
    throw new UsageError(
      `${file} already exists. ${format === 'csv' ? 'CSV' : 'Markdown'} output cannot be resumed: pass --force to overwrite it, ` +
        'or write JSONL (--out FILE.jsonl), which continues where an interrupted run stopped.',
    );
  }
  let resume: ResumePlan | null = null;
  if (exists && !options.force) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`Cannot read ${file} to resume: ${(err as Error).message}`);
    }
    resume = planResume(file, text);
  }
  return {
    doneIds: resume?.doneIds ?? new Set(),
    resume,
    open(preamble) {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      if (resume?.changed) {
        // Rewrite through a rename so a crash here leaves either the old file or the cleaned one, never half of each.
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, resume.keep);
        renameSync(tmp, file);
      }
      const fd = openSync(file, resume ? 'a' : 'w');
      if (!resume && preamble) writeAll(fd, preamble);
      return {
        // One synchronous write per line: an interrupted run leaves at most the last line cut short.
        write: (text) => writeAll(fd, text),
        close: () => closeSync(fd),
      };
    },
  };
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}
