import { describe, expect, it } from 'vitest';
import { inputFormatOf, parseBatchInput } from '../../src/batch/input.js';
import { UsageError } from '../../src/errors.js';

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('txt input', () => {
  it('takes one question a line, skipping blank lines and # comments, with ids from line numbers', () => {
    const text = '# 经开区问题\n岳阳经开区上半年新开工项目有多少个？\n\n   \n  # indented comment\n  谭勇要求以什么倒逼进度？  \n北京亦庄经开区的主任是谁？';
    expect(parseBatchInput('questions.txt', text)).toEqual([
      { id: 'q2', question: '岳阳经开区上半年新开工项目有多少个？' },
      { id: 'q6', question: '谭勇要求以什么倒逼进度？' },
      { id: 'q7', question: '北京亦庄经开区的主任是谁？' },
    ]);
  });

  it('tolerates a BOM and Windows line endings without shifting line numbers', () => {
    expect(parseBatchInput('Q.TXT', '\ufeff问题一\r\n\r\n问题二\r\n')).toEqual([
      { id: 'q1', question: '问题一' },
      { id: 'q3', question: '问题二' },
    ]);
  });

  it('yields nothing for a file of comments only', () => {
    expect(parseBatchInput('a.txt', '# nothing yet\n\n')).toEqual([]);
  });
});

describe('jsonl input', () => {
  it('reads question and optional id; numeric ids become strings; missing ids come from the line', () => {
    const text = '{"id":"a1","question":"问题一"}\n\n{"question":"问题二"}\n{"id":7,"question":" 问题三 "}\n';
    expect(parseBatchInput('b.jsonl', text)).toEqual([
      { id: 'a1', question: '问题一' },
      { id: 'q3', question: '问题二' },
      { id: '7', question: '问题三' },
    ]);
  });

  it('accepts gold files, which name the question q', () => {
    const gold = '\ufeff{"id":"d01","type":"general","q":"湘江新区经济工作讲评会议为表现优异的单位颁发了什么？","docs":["000_902f0bdd42ed5ca0"],"facts":[["流动红旗"]]}\n';
    expect(parseBatchInput('dev.jsonl', gold)).toEqual([{ id: 'd01', question: '湘江新区经济工作讲评会议为表现优异的单位颁发了什么？' }]);
  });

  it('names the line of broken JSON, a missing question, or a non-object', () => {
    expect(usageError(() => parseBatchInput('b.jsonl', '{"question":"ok"}\n{"question": "oops"\n')).message).toMatch(/b\.jsonl:2: not valid JSON/);
    expect(usageError(() => parseBatchInput('b.jsonl', '{"id":"x","text":"问题"}')).message).toMatch(/b\.jsonl:1: no "question"/);
    expect(usageError(() => parseBatchInput('b.jsonl', '["问题"]')).message).toMatch(/b\.jsonl:1: expected a JSON object/);
    expect(usageError(() => parseBatchInput('b.jsonl', '{"question":"问题","id":{"a":1}}')).message).toMatch(/"id" must be a string or a number/);
    expect(usageError(() => parseBatchInput('b.jsonl', '{"question":"   "}')).message).toMatch(/b\.jsonl:1: the question is empty/);
  });
});

describe('csv input', () => {
  it('reads a question column with an optional id column; other columns are ignored', () => {
    const text = 'id,question,note\nx1,岳阳经开区上半年新开工项目有多少个？,seed\n,北京亦庄经开区的主任是谁？,\n';
    expect(parseBatchInput('c.csv', text)).toEqual([
      { id: 'x1', question: '岳阳经开区上半年新开工项目有多少个？' },
      { id: 'q3', question: '北京亦庄经开区的主任是谁？' },
    ]);
  });

  it('accepts a 问题 column behind a BOM, as Excel saves it', () => {
    expect(parseBatchInput('c.csv', '\ufeff序号,问题\r\n1,问题一\r\n2,问题二\r\n')).toEqual([
      { id: 'q2', question: '问题一' },
      { id: 'q3', question: '问题二' },
    ]);
  });

  it('matches the header case-insensitively and keeps quoted commas, quotes and newlines', () => {
    const text = 'Question,ID\n"问题一,带逗号",a\n"多行\n问题","b"\n"他说""你好""",c\n';
    expect(parseBatchInput('c.csv', text)).toEqual([
      { id: 'a', question: '问题一,带逗号' },
      { id: 'b', question: '多行\n问题' },
      { id: 'c', question: '他说"你好"' },
    ]);
  });

  it('numbers default ids by the line a record starts on, even after a multi-line cell', () => {
    expect(parseBatchInput('c.csv', 'question\n"第一\n行"\n第二\n').map((i) => i.id)).toEqual(['q2', 'q4']);
  });

  it('rejects a missing question column, broken quoting, and an empty question', () => {
    expect(usageError(() => parseBatchInput('c.csv', 'id,text\n1,问题\n')).message).toMatch(/no "question" or "问题" column.*"id", "text"/);
    expect(usageError(() => parseBatchInput('c.csv', 'question\n"unclosed\n')).message).toMatch(/c\.csv: not valid CSV/);
    expect(usageError(() => parseBatchInput('c.csv', 'id,question\na,\n')).message).toMatch(/c\.csv:2: the question is empty/);
  });

  it('yields nothing for an empty file', () => {
    expect(parseBatchInput('c.csv', '')).toEqual([]);
  });
});

describe('any input', () => {
  it('rejects an unknown extension and says which formats work', () => {
    const err = usageError(() => parseBatchInput('questions.xlsx', '问题'));
    expect(err.message).toMatch(/unknown input format "\.xlsx"/);
    expect(err.message).toMatch(/\.txt.*\.jsonl.*\.csv/);
    expect(usageError(() => inputFormatOf('questions')).message).toMatch(/no extension/);
  });

  it('rejects duplicate ids, which would make resuming skip an unanswered question', () => {
    const err = usageError(() => parseBatchInput('b.jsonl', '{"id":"q3","question":"一"}\n{"question":"二"}\n{"question":"三"}\n'));
    expect(err.message).toMatch(/b\.jsonl:3: id "q3" is already used on line 1/);
  });
});
