import path from 'node:path';
import { UsageError } from '../errors.js';
import type { Answer, Citation } from '../qa/types.js';

/** One batch result, in the shape DESIGN §4 gives for `ask --json` plus id and latency. */
export interface BatchLine extends Answer {
  id: string;
  latencyMs: number;
  /** Set instead of an answer when this question failed; the batch goes on. */
  error?: string;
}

export type OutputFormat = 'jsonl' | 'csv' | 'md';

const OUTPUT_FORMATS: readonly OutputFormat[] = ['jsonl', 'csv', 'md'];

const FORMAT_BY_EXT: Record<string, OutputFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.md': 'md',
  '.markdown': 'md',
};

export function parseOutputFormat(value: string): OutputFormat {
  const format = value.trim().toLowerCase();
  if ((OUTPUT_FORMATS as readonly string[]).includes(format)) return format as OutputFormat;
  throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')} (got "${value}").`);
}

/** The format an output file's extension implies, or null when it implies none. */
export function outputFormatOf(fileName: string): OutputFormat | null {
  return FORMAT_BY_EXT[path.extname(fileName).toLowerCase()] ?? null;
}

export function sourceLine(c: Citation): string {
  return `[${c.n}] ${c.title} · ${c.source ?? '来源不详'} · ${c.date ?? '日期不详'}`;
}

/** One JSON object, keys in the documented order; `note` and `error` only when present. */
export function jsonLine(line: BatchLine): string {
  const out: Record<string, unknown> = {
    id: line.id,
    question: line.question,
    answer: line.answer,
    abstained: line.abstained,
    mode: line.mode,
    citations: line.citations,
    retrieved: line.retrieved,
    latencyMs: line.latencyMs,
  };
  if (line.note) out.note = line.note;
  if (line.error !== undefined) out.error = line.error;
  return JSON.stringify(out);
}

export const CSV_COLUMNS = ['id', 'question', 'answer', 'abstained', 'mode', 'sources', 'latencyMs', 'error'] as const;

/** RFC 4180 quoting: only when needed, with inner quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(line: BatchLine): string {
  const cells = [
    line.id,
    line.question,
    line.answer,
    String(line.abstained),
    line.mode,
    line.citations.map(sourceLine).join('\n'),
    String(line.latencyMs),
    line.error ?? '',
  ];
  return cells.map(csvField).join(',');
}

export function markdownEntry(line: BatchLine): string {
  const parts = [`## ${line.id} · ${line.question}`];
  if (line.error !== undefined) parts.push(`> 出错：${line.error}`);
  else parts.push(line.answer);
  if (line.note) parts.push(`（${line.note}）`);
  if (line.citations.length) parts.push(['来源：', ...line.citations.map((c) => `- ${sourceLine(c)}`)].join('\n'));
  return parts.join('\n\n');
}

/** Text written once before the first line, and the text for each line (each ends with its own newline). */
export interface Renderer {
  preamble: string;
  render(line: BatchLine): string;
}

/**
 * `excelBom` prefixes CSV with a byte-order mark, which Excel needs to read UTF-8 Chinese
 * instead of showing mojibake; it is only wanted for files, not for piped stdout.
 */
export function rendererFor(format: OutputFormat, options: { excelBom?: boolean } = {}): Renderer {
  switch (format) {
    case 'jsonl':
      return { preamble: '', render: (line) => `${jsonLine(line)}\n` };
    case 'csv':
      return { preamble: `${options.excelBom ? '\ufeff' : ''}${CSV_COLUMNS.join(',')}\r\n`, render: (line) => `${csvRow(line)}\r\n` };
    case 'md':
      return { preamble: '', render: (line) => `${markdownEntry(line)}\n\n` };
  }
}
