import path from 'node:path';
import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import { UsageError } from '../errors.js';

/** One question of a batch; `id` keys the output line and resuming. */
export interface BatchItem {
  id: string;
  question: string;
}

export type InputFormat = 'txt' | 'jsonl' | 'csv';

const INPUT_FORMATS: Record<string, InputFormat> = { '.txt': 'txt', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.csv': 'csv' };

export function inputFormatOf(fileName: string): InputFormat {
  const ext = path.extname(fileName).toLowerCase();
  const format = INPUT_FORMATS[ext];
  if (!format) {
    throw new UsageError(
      `Cannot read ${fileName}: unknown input format "${ext || '(no extension)'}". ` +
        'Use .txt (one question a line), .jsonl ({"question": …, "id": …}) or .csv (a "question" or "问题" column).',
    );
  }
  return format;
}

/** Parse a batch file's text; the format comes from the file name's extension. */
export function parseBatchInput(fileName: string, text: string): BatchItem[] {
  // Editors on Windows save UTF-8 with a BOM; it would otherwise stick to the first question or header.
  const body = text.replace(/^\ufeff/, '');
  const format = inputFormatOf(fileName);
  const items = format === 'txt' ? parseTxt(body) : format === 'jsonl' ? parseJsonl(fileName, body) : parseCsvText(fileName, body);
  checkUniqueIds(fileName, items);
  return items.map(({ id, question }) => ({ id, question }));
}

type Located = BatchItem & { line: number };

function parseTxt(text: string): Located[] {
  const items: Located[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const question = raw.trim();
    if (!question || question.startsWith('#')) return;
    items.push({ id: `q${i + 1}`, question, line: i + 1 });
  });
  return items;
}

function parseJsonl(fileName: string, text: string): Located[] {
  const items: Located[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new UsageError(`${fileName}:${line}: not valid JSON (${(err as Error).message}).`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${fileName}:${line}: expected a JSON object with a "question".`);
    const obj = value as Record<string, unknown>;
    // Gold files for eval name the question `q`, so they can be batched as they are.
    const question = typeof obj.question === 'string' ? obj.question : typeof obj.q === 'string' ? obj.q : undefined;
    if (question === undefined) throw new UsageError(`${fileName}:${line}: no "question" (or "q") text field.`);
    items.push({ id: idOf(fileName, line, obj.id), question: requireText(fileName, line, question), line });
  });
  return items;
}

function parseCsvText(fileName: string, text: string): Located[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof rows;
  } catch (err) {
    if (err instanceof CsvError) throw new UsageError(`${fileName}: not valid CSV (${err.message}).`);
    throw err;
  }
  if (rows.length === 0) return [];
  const header = rows[0].record.map((h) => h.trim().toLowerCase());
  const qCol = header.findIndex((h) => h === 'question' || h === '问题');
  if (qCol < 0) {
    throw new UsageError(`${fileName}: no "question" or "问题" column in the header (found: ${rows[0].record.map((h) => JSON.stringify(h)).join(', ') || 'nothing'}).`);
  }
  const idCol = header.indexOf('id');
  return rows.slice(1).map(({ record, info }) => {
    // info.lines is where the record ends; a quoted multi-line cell would otherwise shift every id after it.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const question = record[qCol] ?? '';
    const id = idCol >= 0 && record[idCol]?.trim() ? record[idCol] : undefined;
    return { id: idOf(fileName, line, id), question: requireText(fileName, line, question), line };
  });
}

function idOf(fileName: string, line: number, raw: unknown): string {
  if (raw === undefined || raw === null || raw === '') return `q${line}`;
  if (typeof raw === 'string' || typeof raw === 'number') return String(raw).trim();
  throw new UsageError(`${fileName}:${line}: "id" must be a string or a number.`);
}

// A blank question is a mistake in the file, cheaper to fix before answering hundreds of others.
function requireText(fileName: string, line: number, question: string): string {
  const trimmed = question.trim();
  if (!trimmed) throw new UsageError(`${fileName}:${line}: the question is empty.`);
  return trimmed;
}

// Ids key both the output and resuming; a repeated id would make a resumed run skip a question it never answered.
function checkUniqueIds(fileName: string, items: Located[]): void {
  const seen = new Map<string, number>();
  for (const item of items) {
    const first = seen.get(item.id);
    if (first !== undefined) throw new UsageError(`${fileName}:${item.line}: id "${item.id}" is already used on line ${first}; ids must be unique.`);
    seen.set(item.id, item.line);
  }
}
