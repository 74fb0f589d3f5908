import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, jsonLine, markdownEntry, outputFormatOf, parseOutputFormat, rendererFor, sourceLine, type BatchLine } from '../../src/batch/render.js';
import { UsageError } from '../../src/errors.js';

const answered: BatchLine = {
  id: 'q1',
  question: '岳阳经开区上半年新开工项目有多少个？',
  answer: '上半年新开工项目11个,续建项目20个。[1]\n另见 "调度会"。[2]',
  abstained: false,
  mode: 'extractive',
  citations: [
    { n: 1, docId: '001_a624ff9043f746f6', passageId: '001_a624ff9043f746f6#1', title: '經開區工作會議召開', source: '湖南日報·新湖南客戶端', date: '2022-05-26', quote: '上半年新開工項目11個' },
    { n: 2, docId: '002_1760d61299c6fb71', passageId: '002_1760d61299c6fb71#0', title: '经开区推进会', source: null, date: null, quote: '…' },
  ],
  retrieved: [{ docId: '001_a624ff9043f746f6', passageId: '001_a624ff9043f746f6#1', score: 0.91 }],
  latencyMs: 12.5,
};

const failed: BatchLine = {
  id: 'q2',
  question: '问题二',
  answer: '',
  abstained: false,
  mode: 'extractive',
  citations: [],
  retrieved: [],
  latencyMs: 3,
  error: 'index went away, try again',
};

describe('jsonLine', () => {
  it('writes exactly the documented keys, in order', () => {
    const obj = JSON.parse(jsonLine(answered));
    expect(Object.keys(obj)).toEqual(['id', 'question', 'answer', 'abstained', 'mode', 'citations', 'retrieved', 'latencyMs']);
    expect(obj.citations[0]).toMatchObject({ n: 1, docId: '001_a624ff9043f746f6', title: '經開區工作會議召開', source: '湖南日報·新湖南客戶端', date: '2022-05-26' });
    expect(jsonLine(answered)).not.toContain('\n');
  });

  it('adds note and error only when present', () => {
    expect(Object.keys(JSON.parse(jsonLine({ ...answered, note: '问题过长' })))).toContain('note');
    const err = JSON.parse(jsonLine(failed));
    expect(err).toMatchObject({ id: 'q2', answer: '', abstained: false, citations: [], retrieved: [], error: 'index went away, try again' });
    expect(Object.keys(err).at(-1)).toBe('error');
  });
});

describe('csv', () => {
  it('quotes only fields that need it and doubles inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('round-trips answers with commas, newlines and quotes through a CSV parser', () => {
    const r = rendererFor('csv');
    const text = r.preamble + r.render(answered) + r.render(failed);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    expect(rows[0]).toEqual({
      id: 'q1',
      question: answered.question,
      answer: answered.answer,
      abstained: 'false',
      mode: 'extractive',
      sources: '[1] 經開區工作會議召開 · 湖南日報·新湖南客戶端 · 2022-05-26\n[2] 经开区推进会 · 来源不详 · 日期不详',
      latencyMs: '12.5',
      error: '',
    });
    expect(rows[1]).toMatchObject({ id: 'q2', answer: '', sources: '', error: 'index went away, try again' });
  });

  it('starts with a BOM only when asked, for Excel', () => {
    expect(rendererFor('csv', { excelBom: true }).preamble.startsWith('\ufeffid,question,')).toBe(true);
    expect(rendererFor('csv').preamble).toBe('id,question,answer,abstained,mode,sources,latencyMs,error\r\n');
  });
});

describe('markdown', () => {
  it('gives each question a heading, the answer, and a list of sources', () => {
    expect(markdownEntry({ ...answered, note: '语言模型暂不可用' })).toBe(
      [
        `## q1 · ${answered.question}`,
        answered.answer,
        '（语言模型暂不可用）',
        `来源：\n- ${sourceLine(answered.citations[0])}\n- [2] 经开区推进会 · 来源不详 · 日期不详`,
      ].join('\n\n'),
    );
  });

  it('shows a failed question as an error and separates entries by a blank line', () => {
    const text = rendererFor('md').render(failed);
    expect(text).toBe('## q2 · 问题二\n\n> 出错：index went away, try again\n\n');
  });
});

describe('formats', () => {
  it('follows the output file extension, and nothing for unknown ones', () => {
    expect(outputFormatOf('out/answers.JSONL')).toBe('jsonl');
    expect(outputFormatOf('answers.csv')).toBe('csv');
    expect(outputFormatOf('answers.md')).toBe('md');
    expect(outputFormatOf('answers.xlsx')).toBeNull();
  });

  it('validates --format', () => {
    expect(parseOutputFormat('CSV')).toBe('csv');
    expect(() => parseOutputFormat('xml')).toThrow(UsageError);
  });
});
