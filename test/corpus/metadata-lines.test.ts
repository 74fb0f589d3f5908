import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/article.js';
import { classifyLine } from '../../src/corpus/clean.js';
import { decodeArticleBytes } from '../../src/corpus/decode.js';
import { normalizeText } from '../../src/corpus/normalize.js';

/**
 * Metadata lines as web pages and Markdown exports write them: several labels on one line
 * (发布时间：… 来源：…), a date after the outlet (来源：X | 2024-03-21 09:30), Markdown emphasis
 * around the line, traditional script; and navigation lines (首页 | … , 当前位置：…) are page
 * furniture, never the title or a paragraph.
 */

const TITLE = '九江经开区召开一季度经济运行调度会';
const LEAD = '3月20日上午，九江经开区召开一季度经济运行调度会，调度一季度主要经济指标和重大项目推进情况，部署下阶段重点工作。';

const article = (...lines: string[]) => parseArticle('test_doc', lines.join('\n'));

describe('labelled metadata lines', () => {
  it('*来源：九江新闻网 | 2024-03-21 09:30* → outlet 九江新闻网, date 2024-03-21', () => {
    const a = article(TITLE, '', '*来源：九江新闻网 | 2024-03-21 09:30*', '', LEAD);
    expect(a.source).toBe('九江新闻网');
    expect(a.date).toBe('2024-03-21');
    expect(a.title).toBe(TITLE);
    expect(a.paragraphs).toEqual([LEAD]);
  });

  it('来源：九江新闻网 | 2024-03-21 09:30 without emphasis, and with a full-width bar', () => {
    for (const line of ['来源：九江新闻网 | 2024-03-21 09:30', '来源：九江新闻网｜2024-03-21']) {
      const a = article(TITLE, line, LEAD);
      expect(a.source, line).toBe('九江新闻网');
      expect(a.date, line).toBe('2024-03-21');
    }
  });

  it('发布时间：2022年08月15日 来源：常德日报 → both the date and the outlet', () => {
    const a = article(
      '常德经开区召开上半年经济工作讲评暨下半年重点工作推进会',
      '发布时间：2022年08月15日 来源：常德日报',
      '8月12日下午，常德经开区召开上半年经济工作讲评暨下半年重点工作推进会，总结上半年经济运行情况。',
    );
    expect(a.source).toBe('常德日报');
    expect(a.date).toBe('2022-08-15');
    expect(a.meetingDate).toBe('2022-08-12');
    expect(a.paragraphs).toHaveLength(1);
    expect(a.paragraphs.join('')).not.toContain('来源');
  });

  it('the labels in the other order: 来源：常德日报 发布时间：2022年08月15日', () => {
    const a = article('常德经开区召开推进会', '来源：常德日报 发布时间：2022年08月15日', '8月12日下午，常德经开区召开上半年经济工作讲评暨下半年重点工作推进会。');
    expect(a.source).toBe('常德日报');
    expect(a.date).toBe('2022-08-15');
  });

  it('來源：湖南日報·新湖南客戶端 → the outlet in the article’s own traditional script', () => {
    const a = article('湖南湘江新區經濟工作講評會議召開', '來源：湖南日報·新湖南客戶端', '9月13日，湖南湘江新區召開經濟工作講評會議，總結前段工作，部署下階段任務。');
    expect(a.source).toBe('湖南日報·新湖南客戶端');
    expect(normalizeText(a.source!)).toBe('湖南日报·新湖南客户端');
  });

  it('發布時間：2024年09月14日 來源：湖南日報·新湖南客戶端 → traditional date and outlet together', () => {
    const a = article('湖南湘江新區經濟工作講評會議召開', '發布時間：2024年09月14日 來源：湖南日報·新湖南客戶端', '9月13日，湖南湘江新區召開經濟工作講評會議，總結前段工作。');
    expect(a.source).toBe('湖南日報·新湖南客戶端');
    expect(a.date).toBe('2024-09-14');
  });
});

describe('navigation lines', () => {
  const NAV = '首页 | 常德新闻 | 园区动态 | 经济 | 时政 | 数字报';
  const CRUMB = '当前位置：首页 > 园区动态 > 正文';

  it.each([NAV, CRUMB, '首頁 | 常德新聞 | 園區動態 | 經濟', '首页 › 新闻中心 › 园区动态 › 正文'])('%s is page furniture', (line) => {
    expect(classifyLine(normalizeText(line))).toBe('chrome');
  });

  it.each([
    '上半年，全区实现地区生产总值152.6亿元 | 同比增长6.8%，主要经济指标保持稳定增长。',
    '规模工业增加值、固定资产投资分别增长9.2%、13.5%|实际利用外资1.28亿美元',
    '常德经开区召开上半年经济工作讲评暨下半年重点工作推进会',
  ])('a content sentence is content, even with a | in it: %s', (line) => {
    expect(classifyLine(normalizeText(line))).toBe('content');
  });

  it('above the headline, they become neither the title nor a paragraph', () => {
    const title = '常德经开区召开上半年经济工作讲评暨下半年重点工作推进会';
    const lead = '8月12日下午，常德经开区召开上半年经济工作讲评暨下半年重点工作推进会，总结上半年经济运行情况。';
    const a = article(NAV, CRUMB, title, '发布时间：2022年08月15日 来源：常德日报', lead);
    expect(a.title).toBe(title);
    expect(a.paragraphs).toEqual([lead]);
    expect(a.source).toBe('常德日报');
  });
});

describe('through decoding, as files in the corpus', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('a Markdown article: emphasised 来源 line gives outlet and date, heading gives the title', () => {
    const md = [`# ${TITLE}`, '', '*来源：九江新闻网 | 2024-03-21 09:30*', '', LEAD, '', '（记者 程雅婷 通讯员 李明轩）', ''].join('\n');
    const decoded = decodeArticleBytes(bytes(md), '202_test.md');
    if (!decoded.ok) throw new Error(decoded.reason);
    const a = parseArticle('202_test', decoded.text);
    expect(a.title).toBe(TITLE);
    expect(a.source).toBe('九江新闻网');
    expect(a.date).toBe('2024-03-21');
    expect(a.zone).toBe('九江经开区');
    expect(a.paragraphs[0]).toBe(LEAD);
  });

  it('an HTML article: navigation and breadcrumb dropped, info line gives date and outlet', () => {
    const html = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>常德经开区召开推进会_常德新闻网</title></head>
<body>
<div class="top-nav"><a href="/">首页</a> | <a href="/cd/">常德新闻</a> | <a href="/yq/">园区动态</a> | <a href="/jj/">经济</a> | <a href="/sz/">时政</a> | <a href="/ep/">数字报</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/yq/">园区动态</a> &gt; 正文</div>
<div class="article">
<h1>常德经开区召开上半年经济工作讲评暨下半年重点工作推进会</h1>
<p class="info">发布时间：2022年08月15日 来源：常德日报</p>
<p>8月12日下午，常德经开区召开上半年经济工作讲评暨下半年重点工作推进会，总结上半年经济运行情况，安排部署下半年重点工作。</p>
</div>
</body></html>`;
    const decoded = decodeArticleBytes(bytes(html), '201_test.html');
    if (!decoded.ok) throw new Error(decoded.reason);
    const a = parseArticle('201_test', decoded.text);
    expect(normalizeText(a.title)).toBe('常德经开区召开上半年经济工作讲评暨下半年重点工作推进会');
    expect(a.source).toBe('常德日报');
    expect(a.date).toBe('2022-08-15');
    const text = a.paragraphs.join('\n');
    expect(text).not.toContain('首页');
    expect(text).not.toContain('当前位置');
    expect(text).not.toContain('数字报');
    expect(text).toContain('8月12日下午');
  });
});

describe('an outlet and a date on one unlabelled line', () => {
  it('keeps the outlet when spaces around the date were folded (九江新闻网 2024-03-21 09:30:00)', () => {
    const a = parseArticle('x', ['九江经开区召开经济运行调度会', '  九江新闻网   2024-03-21 09:30:00', '3月20日上午，九江经开区召开一季度经济运行调度会，安排部署下阶段工作。'].join('\n'));
    expect(a.source).toBe('九江新闻网');
    expect(a.date).toBe('2024-03-21');
  });
});
