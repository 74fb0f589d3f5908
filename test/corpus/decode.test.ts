import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';

import { decodeArticleBytes } from '../../src/corpus/decode.js';

// Paragraphs taken from corpus/001_a624ff9043f746f6.txt and corpus/003_1d37a2b9fcb118f4.txt,
// with the seed's inline pinyin annotations removed.
const SEED_TRAD =
  '今年,全區計劃鋪排重大項目59個(其中省重點項目2個,市重大建設項目22個),項目計劃總投資487億元,年度計劃投資139.9億,1—4月份已完成投資40.02億元。上半年新開工項目11個,續建項目20個,一季度項目開工率100%,位列全市第一。';
const SEED_SIMP =
  '今年,全区计划铺排重大项目59个(其中省重点项目2个,市重大建设项目22个),项目计划总投资487亿元,年度计划投资139.9亿,1—4月份已完成投资40.02亿元。上半年新开工项目11个,续建项目20个,一季度项目开工率100%,位列全市第一。';
const SEED_003_SIMP =
  '11月13日,省委常委、长沙市委书记吴桂英,副省长、市长周海兵调研湖南湘江新区,来到湘江新区九华兴隆湖片区科创中心项目现场。';

function ok(result: ReturnType<typeof decodeArticleBytes>) {
  if (!result.ok) throw new Error(`expected a decoded article, got: ${result.reason}`);
  return result;
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Deterministic noise so a failure can be reproduced. */
function noise(length: number, seed = 42): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('decodeArticleBytes: encodings', () => {
  it('reads plain UTF-8', () => {
    const r = ok(decodeArticleBytes(utf8(SEED_SIMP), 'a.txt'));
    expect(r).toMatchObject({ text: SEED_SIMP, encoding: 'utf-8', format: 'text' });
  });

  it('strips a UTF-8 BOM', () => {
    const r = ok(decodeArticleBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(SEED_SIMP)]), 'a.txt'));
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toBe(SEED_SIMP);
    expect(r.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it.each([
    ['utf-16le', [0xff, 0xfe]],
    ['utf-16be', [0xfe, 0xff]],
  ])('decodes %s with a BOM', (enc, bom) => {
    const bytes = Buffer.concat([Buffer.from(bom), iconv.encode(SEED_TRAD, enc)]);
    const r = ok(decodeArticleBytes(bytes, 'a.txt'));
    expect(r.encoding).toBe(enc);
    expect(r.text).toBe(SEED_TRAD);
  });

  it('decodes a GBK paragraph and labels it gbk', () => {
    const bytes = iconv.encode(SEED_SIMP, 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const r = ok(decodeArticleBytes(bytes, 'a.txt'));
    expect(r.encoding).toBe('gbk');
    expect(r.text).toBe(SEED_SIMP);
    expect(r.text).toContain('全区计划铺排重大项目');
  });

  it('decodes GB18030 four-byte characters and labels it gb18030', () => {
    // 𠮷 is outside GBK, so only GB18030 can carry it.
    const source = `${SEED_003_SIMP}𠮷`;
    expect(iconv.decode(iconv.encode(source, 'gbk'), 'gbk')).not.toBe(source);
    const r = ok(decodeArticleBytes(iconv.encode(source, 'gb18030'), 'a.txt'));
    expect(r.encoding).toBe('gb18030');
    expect(r.text).toBe(source);
  });

  it('decodes a Big5 paragraph', () => {
    const bytes = iconv.encode(SEED_TRAD, 'big5');
    expect(iconv.decode(bytes, 'big5')).toBe(SEED_TRAD);
    const r = ok(decodeArticleBytes(bytes, 'a.txt'));
    expect(r.encoding).toBe('big5');
    expect(r.text).toBe(SEED_TRAD);
    expect(r.text).toContain('全區計劃鋪排重大項目');
  });

  // Snippets this short give chardet nothing to go on; the common-character score must decide.
  it.each([
    ['gbk', '经济会议', 'gbk'],
    ['gbk', '区工委书记出席并讲话', 'gbk'],
    ['big5', '經濟會議', 'big5'],
    ['big5', '區工委書記出席並講話', 'big5'],
  ])('tells short %s text %s apart', (enc, text, label) => {
    const bytes = iconv.encode(text, enc);
    expect(iconv.decode(bytes, enc)).toBe(text);
    const r = ok(decodeArticleBytes(bytes, 'short.txt'));
    expect(r.text).toBe(text);
    expect(r.encoding).toBe(label);
  });

  it('normalizes CRLF and CR line endings', () => {
    const r = ok(decodeArticleBytes(iconv.encode('第一段\r\n\r\n第二段\r第三段', 'gbk'), 'a.txt'));
    expect(r.text).toBe('第一段\n\n第二段\n第三段');
  });

  it('reports bytes no candidate encoding can read', () => {
    expect(decodeArticleBytes(new Uint8Array(200).fill(0xff), 'a.txt')).toEqual({
      ok: false,
      reason: 'unreadable text encoding',
    });
  });
});

describe('decodeArticleBytes: unusable files', () => {
  it.each([
    ['empty', new Uint8Array(0)],
    ['whitespace', utf8(' \n\t\r\n  ')],
    ['full-width spaces', iconv.encode('\u3000\u3000\n', 'gbk')],
    ['BOM only', new Uint8Array([0xef, 0xbb, 0xbf])],
  ])('rejects %s input as an empty file', (_label, bytes) => {
    expect(decodeArticleBytes(bytes, 'a.txt')).toEqual({ ok: false, reason: 'empty file' });
  });

  it.each([
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0]],
    ['PDF', [...utf8('%PDF-1.7\n')]],
    ['ZIP', [0x50, 0x4b, 0x03, 0x04]],
    ['GZIP', [0x1f, 0x8b, 0x08]],
  ])('names %s by its magic number', (label, header) => {
    const bytes = new Uint8Array([...header, ...noise(512)]);
    expect(decodeArticleBytes(bytes, 'article.txt')).toEqual({ ok: false, reason: `binary file (looks like ${label})` });
  });

  it('rejects text with NUL bytes', () => {
    const bytes = new Uint8Array([...utf8('正常的开头'), 0, 0, ...utf8('后面')]);
    expect(decodeArticleBytes(bytes, 'a.txt')).toEqual({ ok: false, reason: 'binary file' });
  });

  it('rejects bytes dense with control characters even without NUL', () => {
    const bytes = noise(4096).map((b) => (b === 0 ? 1 : b));
    expect(decodeArticleBytes(bytes, 'a.txt')).toEqual({ ok: false, reason: 'binary file' });
  });

  it('keeps tabs and form feeds, which real text files contain', () => {
    const r = ok(decodeArticleBytes(utf8('标题\t2024\f\n正文'), 'a.txt'));
    expect(r.text).toBe('标题\t2024\f\n正文');
  });
});

describe('decodeArticleBytes: formats', () => {
  const html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>页面标题</title>
<style>.secret-style { color: red }</style></head>
<body>
<h1>Zone Report 经开区工作会议</h1>
<p>第一段:<a href="https://example.com/news/1">全力稳住经济大盘</a>,确保实现“双过半”。</p>
<script>var leaked = "脚本内容不应出现";</script>
<p>第二段<img src="photo.png" alt="图片说明">内容。</p>
</body></html>`;

  it('converts HTML to text with paragraph breaks and no scripts, styles, URLs or images', () => {
    const r = ok(decodeArticleBytes(utf8(html), 'page.html'));
    expect(r.format).toBe('html');
    expect(r.text).toBe('Zone Report 经开区工作会议\n\n第一段:全力稳住经济大盘,确保实现“双过半”。\n\n第二段内容。');
    for (const leak of ['脚本', 'leaked', 'secret-style', 'example.com', '图片说明', 'ZONE REPORT', '<p>']) {
      expect(r.text).not.toContain(leak);
    }
  });

  it('honours a GB2312 charset declaration in an HTML page', () => {
    const page = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>${SEED_SIMP}</p></body></html>`;
    const r = ok(decodeArticleBytes(iconv.encode(page, 'gbk'), 'old.htm'));
    expect(r.text).toBe(SEED_SIMP);
    expect(r.encoding).toBe('gbk');
  });

  it('sniffs an HTML document when the extension says nothing', () => {
    const r = ok(decodeArticleBytes(utf8('  <html><body><p>甲</p><p>乙</p></body></html>'), 'download'));
    expect(r).toMatchObject({ format: 'html', text: '甲\n\n乙' });
  });

  it('leaves markup in .txt files untouched', () => {
    const text = '來源:天門市融媒體中心\n打印<span id="printapp">\n字體:';
    const r = ok(decodeArticleBytes(utf8(text), '004.txt'));
    expect(r).toMatchObject({ format: 'text', text });
  });

  it('strips Markdown syntax but keeps paragraphs and list markers', () => {
    const md = [
      '# 经开区工作会议',
      '',
      '![现场照片](img/photo.jpg)',
      '',
      '会议要求**全力稳住**经济大盘,确保实现*双过半*,详见[通知原文](https://example.com/a)。',
      '',
      '- 优化营商环境',
      '- 新增规模以上工业企业',
      '',
      '## 下一步',
      '',
      '抓好 `snake_case` 与 \\*星号\\* 的_后段工作_。',
    ].join('\r\n');
    const r = ok(decodeArticleBytes(utf8(md), 'notes.md'));
    expect(r.format).toBe('markdown');
    expect(r.text).toBe(
      [
        '经开区工作会议',
        '',
        '会议要求全力稳住经济大盘,确保实现双过半,详见通知原文。',
        '',
        '- 优化营商环境',
        '- 新增规模以上工业企业',
        '',
        '下一步',
        '',
        '抓好 snake_case 与 *星号* 的后段工作。',
      ].join('\n'),
    );
  });

  it('treats .markdown like .md and is case-insensitive about extensions', () => {
    expect(ok(decodeArticleBytes(utf8('## 标题'), 'X.MARKDOWN'))).toMatchObject({ format: 'markdown', text: '标题' });
    expect(ok(decodeArticleBytes(utf8('<p>段落</p>'), 'X.HTM'))).toMatchObject({ format: 'html', text: '段落' });
  });

  it('reports an HTML page with no visible text', () => {
    const r = decodeArticleBytes(utf8('<html><body><script>x()</script></body></html>'), 'a.html');
    expect(r).toEqual({ ok: false, reason: 'no text content in html file' });
  });
});
