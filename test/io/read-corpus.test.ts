import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { EmptyCorpusError } from '../../src/errors.js';
import { MAX_FILE_BYTES, readCorpusDir, type CorpusReadResult } from '../../src/io/read-corpus.js';

// Many file systems already list small directories in name order, which would hide a
// missing sort; reversing the listing makes the reader's own ordering observable.
// Root (typical in containers) reads any file whatever its mode, so a permission error is
// simulated: reading a file named denied-* fails as the system would.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    readdir: async (...args: Parameters<typeof actual.readdir>) => ((await actual.readdir(...args)) as unknown as string[]).reverse(),
    readFile: async (...args: Parameters<typeof actual.readFile>) => {
      const file = String(args[0]);
      if (path.basename(file).startsWith('denied-')) throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
      return actual.readFile(...args);
    },
  };
});

// Paragraphs from corpus/001_a624ff9043f746f6.txt and corpus/003_1d37a2b9fcb118f4.txt,
// with the seed's inline pinyin annotations removed.
const SEED_TRAD =
  '今年,全區計劃鋪排重大項目59個(其中省重點項目2個,市重大建設項目22個),項目計劃總投資487億元,年度計劃投資139.9億,1—4月份已完成投資40.02億元。上半年新開工項目11個,續建項目20個,一季度項目開工率100%,位列全市第一。';
const SEED_SIMP =
  '今年,全区计划铺排重大项目59个(其中省重点项目2个,市重大建设项目22个),项目计划总投资487亿元,年度计划投资139.9亿,1—4月份已完成投资40.02亿元。上半年新开工项目11个,续建项目20个,一季度项目开工率100%,位列全市第一。';
const SEED_003_SIMP =
  '湘潭市委书记胡贺波,市委副书记、代市长李永亮参加有关调研。长沙市级领导谭勇、何朝晖、彭华松、罗缵吉、邹特、周志凯、彭涛,湘潭市领导丁诚、李国大参加有关活动。';
const SEED_003_TRAD =
  '11月13日,省委常委、長沙市委書記吳桂英,副省長、市長周海兵調研湖南湘江新區,來到湘江新區九華興隆湖片區科創中心項目現場。';

let dir: string;
let result: CorpusReadResult;

function file(docId: string) {
  const f = result.files.find((x) => x.docId === docId);
  if (!f) throw new Error(`${docId} was not read; skipped: ${JSON.stringify(result.skipped)}`);
  return f;
}

function reasonFor(name: string): string | undefined {
  return result.skipped.find((s) => s.path === path.join(dir, name))?.reason;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'woyaowen-corpus-'));
  const put = (name: string, data: string | Uint8Array) => writeFile(path.join(dir, name), data);

  const big5 = iconv.encode(SEED_TRAD, 'big5');
  // Guard the fixture itself: a character Big5 lacks would silently become '?'.
  expect(iconv.decode(big5, 'big5')).toBe(SEED_TRAD);

  await put('gbk-article.txt', iconv.encode(`经开区工作会议\r\n\r\n${SEED_SIMP}\r\n`, 'gbk'));
  await put('gb18030-article.txt', iconv.encode(`${SEED_003_SIMP}\n𠮷野家`, 'gb18030'));
  await put('big5-article.txt', big5);
  await put('bom-article.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SEED_003_TRAD)]));
  await put(
    'page.html',
    `<!DOCTYPE html><html><head><title>t</title><style>body { font-family: serif }</style>
<script>window.tracker = "统计代码";</script></head><body>
<p>${SEED_SIMP}</p>
<script>document.write("广告内容")</script>
<p>第二段:稳住经济大盘。</p></body></html>`,
  );
  await put('notes.md', `# 会议纪要\n\n**重点**:[稳住经济大盘](https://example.com)。\n\n- 优化营商环境\n`);
  await put('empty.txt', '');
  await put('blank.txt', '  \n\t\n   ');
  const png = Buffer.alloc(2048);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
  for (let i = 8, x = 7; i < png.length; i++) png[i] = x = (x * 1103515245 + 12345) >>> 0 >>> 24;
  await put('photo.txt', png);
  await put('nul.txt', Buffer.concat([Buffer.from('看起来像文本'), Buffer.alloc(16), Buffer.from('但不是')]));
  await put('data.csv', '标题,日期\n会议,2024-01-01\n');
  await put('README', '没有扩展名');
  await put('.hidden.txt', SEED_SIMP);
  await mkdir(path.join(dir, 'archive'));
  await writeFile(path.join(dir, 'archive', 'nested.txt'), SEED_SIMP);
  await put('dup.md', '先读到的版本');
  await put('dup.txt', '后读到的版本');
  // Sparse, so the test costs no disk: only the size reported by stat matters.
  await put('huge.txt', '');
  await truncate(path.join(dir, 'huge.txt'), MAX_FILE_BYTES + 1);
  // A dangling link fails on access even for root, unlike chmod 000.
  await symlink(path.join(dir, 'no-such-target.txt'), path.join(dir, 'dangling.txt'));

  result = await readCorpusDir(dir);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('readCorpusDir', () => {
  it('returns the readable articles sorted by path, docId without extension', () => {
    expect(result.files.map((f) => f.docId)).toEqual([
      'archive/nested',
      'big5-article',
      'bom-article',
      'dup',
      'gb18030-article',
      'gbk-article',
      'notes',
      'page',
    ]);
    for (const f of result.files) {
      expect(f.path).toBe(path.join(dir, f.docId + path.extname(f.path)));
      expect(Buffer.isBuffer(f.bytes)).toBe(true);
      expect(f.bytes.length).toBeGreaterThan(0);
    }
  });

  it('decodes GBK into a JS string with unified line endings', () => {
    const f = file('gbk-article');
    expect(f.encoding).toBe('gbk');
    expect(f.format).toBe('text');
    expect(f.text).toBe(`经开区工作会议\n\n${SEED_SIMP}\n`);
    expect(f.bytes).toEqual(iconv.encode(`经开区工作会议\r\n\r\n${SEED_SIMP}\r\n`, 'gbk'));
  });

  it('decodes GB18030, including characters outside GBK', () => {
    const f = file('gb18030-article');
    expect(f.encoding).toBe('gb18030');
    expect(f.text).toContain('湘潭市委书记胡贺波');
    expect(f.text).toContain('𠮷野家');
  });

  it('decodes Big5 back to the exact source paragraph', () => {
    const f = file('big5-article');
    expect(f.encoding).toBe('big5');
    expect(f.text).toBe(SEED_TRAD);
  });

  it('drops the UTF-8 BOM', () => {
    const f = file('bom-article');
    expect(f.encoding).toBe('utf-8');
    expect(f.text).toBe(SEED_003_TRAD);
  });

  it('turns HTML into paragraphs without script or style text', () => {
    const f = file('page');
    expect(f.format).toBe('html');
    expect(f.text).toBe(`${SEED_SIMP}\n\n第二段:稳住经济大盘。`);
    for (const leak of ['统计代码', '广告内容', 'font-family', 'tracker']) expect(f.text).not.toContain(leak);
  });

  it('strips Markdown syntax', () => {
    const f = file('notes');
    expect(f.format).toBe('markdown');
    expect(f.text).toBe('会议纪要\n\n重点:稳住经济大盘。\n\n- 优化营商环境');
  });

  it('keeps the first file when two share a docId', () => {
    expect(file('dup').text).toBe('先读到的版本');
    expect(reasonFor('dup.txt')).toMatch(/duplicate docId "dup"/);
  });

  it.each([
    ['empty.txt', /^empty file$/],
    ['blank.txt', /^empty file$/],
    ['photo.txt', /^binary file \(looks like PNG\)$/],
    ['nul.txt', /^binary file$/],
    ['data.csv', /^unsupported file type \.csv$/],
    ['README', /^unsupported file type/],
    ['huge.txt', /too large/],
    ['dangling.txt', /ENOENT/],
  ])('skips %s with a reason', (name, reason) => {
    expect(reasonFor(name)).toMatch(reason);
  });

  it('lists every skipped file exactly once, each with a reason', () => {
    const names = result.skipped.map((s) => path.basename(s.path)).sort();
    expect(names).toEqual(
      ['README', 'blank.txt', 'dangling.txt', 'data.csv', 'dup.txt', 'empty.txt', 'huge.txt', 'nul.txt', 'photo.txt'].sort(),
    );
    for (const s of result.skipped) expect(s.reason.trim()).not.toBe('');
  });

  it('ignores hidden files without reporting them', () => {
    const all = [...result.files.map((f) => f.path), ...result.skipped.map((s) => s.path)];
    expect(all.some((p) => p.includes('.hidden'))).toBe(false);
  });

  it('reads subfolders: the docId is the path below the corpus folder, without extension', () => {
    const nested = result.files.find((f) => f.path.endsWith(path.join('archive', 'nested.txt')));
    expect(nested?.docId).toBe('archive/nested');
    expect(nested?.text).toContain('重大项目59个');
  });

  it('skips a file it is not permitted to read, with the error message', async () => {
    const locked = await mkdtemp(path.join(os.tmpdir(), 'woyaowen-locked-'));
    try {
      await writeFile(path.join(locked, 'a-ok.txt'), SEED_SIMP);
      await writeFile(path.join(locked, 'denied-secret.txt'), SEED_SIMP);
      const r = await readCorpusDir(locked);
      expect(r.files.map((f) => f.docId)).toEqual(['a-ok']);
      expect(r.skipped).toEqual([{ path: path.join(locked, 'denied-secret.txt'), reason: expect.stringMatching(/EACCES/) }]);
    } finally {
      await rm(locked, { recursive: true, force: true });
    }
  });

  it('throws EmptyCorpusError naming a missing directory', async () => {
    const missing = path.join(dir, 'does-not-exist');
    const err = await readCorpusDir(missing).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EmptyCorpusError);
    expect((err as Error).message).toContain(missing);
    expect((err as Error).cause).toMatchObject({ code: 'ENOENT' });
  });

  it('throws EmptyCorpusError when the path is a file, not a directory', async () => {
    const notDir = path.join(dir, 'gbk-article.txt');
    await expect(readCorpusDir(notDir)).rejects.toThrow(EmptyCorpusError);
    await expect(readCorpusDir(notDir)).rejects.toThrow(notDir);
  });
});
