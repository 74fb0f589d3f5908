import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/article.js';
import { classifyLine, repairLost, scrubLine, LOST } from '../../src/corpus/clean.js';
import { normalizeText } from '../../src/corpus/normalize.js';
import { seedArticles } from '../fixtures/seeds.js';

const articles = seedArticles();
const byId = Object.fromEntries(articles.map((a) => [a.docId.slice(0, 3), a]));
const allText = (id: string) => byId[id].paragraphs.join('\n');

describe('metadata of the five seeds', () => {
  // Hand-checked against the files.
  const expected = {
    '000': { title: '湖南湘江新区经济工作讲评会议召开', date: '2024-09-14', source: '湖南日报·新湖南客户端', byline: '通讯员 肖芳', zone: '湖南湘江新区', meetingDate: '2024-09-14' },
    '001': { title: '经开区“三大支撑八项重点”等重点工作调度和稳住经济大盘工作会议召开', date: '2022-05-26', source: '湖南日报·新湖南客户端', byline: '通讯员 张可', zone: '岳阳经开区', meetingDate: '2022-05-26' },
    '002': { title: null, date: '2022-05-19', source: '萍乡城事网', byline: null, zone: '萍乡经开区', meetingDate: '2022-05-18' },
    '003': { title: '吴桂英周海兵调研湖南湘江新区并召开协调小组会议', date: '2024-11-14', source: '掌上长沙', byline: null, zone: '湖南湘江新区', meetingDate: '2024-11-13' },
    '004': { title: null, date: '2023-07-24', source: '天门市融媒体中心', byline: '记者 吴述明', zone: '天门市', meetingDate: '2023-07-21' },
  } as const;

  for (const [id, want] of Object.entries(expected)) {
    it(`seed ${id}`, () => {
      const a = byId[id];
      if (want.title) expect(normalizeText(a.title)).toBe(want.title);
      expect(a.date).toBe(want.date);
      expect(a.source && normalizeText(a.source)).toBe(want.source);
      expect(a.byline && normalizeText(a.byline)).toBe(want.byline);
      expect(a.zone).toBe(want.zone);
      expect(a.meetingDate).toBe(want.meetingDate);
    });
  }

  it('titles of 002 and 004 start as in the file', () => {
    expect(normalizeText(byId['002'].title)).toMatch(/^经开区召开强攻快进二季度/);
    expect(normalizeText(byId['004'].title)).toMatch(/^全市二季度项目拉练活动暨稳增长工作推进会举行/);
  });
});

describe('cleaning', () => {
  it('removes pinyin annotations but keeps legitimate parentheses', () => {
    expect(scrubLine('湖南湘江新區(qū)經(jīng)濟(jì)工作')).toBe('湖南湘江新區經濟工作');
    const t = allText('000');
    expect(t).toContain('湖南湘江新區(長沙高新區)');
    expect(t).toContain('(通訊員 肖芳)');
    expect(allText('003')).toContain('區縣(市)');
    for (const a of articles) expect(a.paragraphs.join('')).not.toMatch(/[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]/);
  });

  it('neutralizes mojibake: no ? and no pinyin reach stored text', () => {
    for (const a of articles) {
      const text = [a.title, ...a.paragraphs].join('\n');
      expect(text).not.toContain('?');
      expect(text).not.toContain(LOST);
      expect(text).not.toMatch(/[\uE000\uE001]/);
    }
    // The rest of the sentence survives.
    expect(allText('000')).toContain('以更加');
    expect(allText('000')).toContain('的機制創先爭優');
  });

  it('restores a lost character from its surviving pinyin and a dictionary word (日?bào) → 日報)', () => {
    expect(allText('000')).toContain('湖南日報·新湖南客戶端9月14日訊');
  });

  it('drops a lost character it cannot restore', () => {
    expect(repairLost(`調優確${LOST}半`)).toBe('調優確半');
  });

  it('drops page furniture', () => {
    const furniture = ['責編', '一審', '二審', '三審', '來源:', '我要問', '鮮花', '握手', '雷人', '路過', '雞蛋', '掃描二維碼', '網站簡介', 'printapp', '發布者', '評論:', '摘要', '查看內容', '字體', '相關分類'];
    for (const a of articles) for (const word of furniture) expect(a.paragraphs.join('\n')).not.toContain(word);
  });

  it('keeps the 摘要 text once (it duplicates the lead paragraph)', () => {
    const lead = byId['002'].paragraphs.filter((p) => p.startsWith('5月18日下午'));
    expect(lead).toHaveLength(1);
  });

  it('drops a repeated headline but keeps the deck lines under it', () => {
    const a = byId['001'];
    expect(a.paragraphs.filter((p) => p === a.title)).toHaveLength(0);
    expect(a.paragraphs.join('\n')).toContain('全面完成全年 GDP過440億元目標');
  });

  it('keeps a photo credit line in the text', () => {
    expect(allText('003')).toContain('郭雨滴');
  });

  it('classifies chrome lines on their normalized form', () => {
    expect(classifyLine('责编:王宇蓝')).toBe('chrome');
    expect(classifyLine('扫描二维码')).toBe('chrome');
    expect(classifyLine('会议还调度了全区综合考核有关情况。')).toBe('content');
  });

  it('keeps the two versions of the text aligned', () => {
    for (const a of articles) {
      expect(a.normParagraphs).toHaveLength(a.paragraphs.length);
      a.paragraphs.forEach((p, i) => expect(a.normParagraphs[i]).toBe(normalizeText(p).replace(/\s+/g, (m) => (m.length > 1 ? ' ' : m)).trim()));
    }
    expect(byId['000'].normParagraphs.join('')).toContain('湖南湘江新区经济工作讲评会议召开');
  });

  it('never throws on hostile input', () => {
    const a = parseArticle('x', '\u0000\u0001??(ā)<div>😀</div>\n\n標題\n正文內容很短。');
    expect(a.docId).toBe('x');
    expect(() => parseArticle('empty', '')).not.toThrow();
  });

  it('resolves meeting dates across a year boundary', async () => {
    const { resolveMonthDay } = await import('../../src/corpus/article.js');
    expect(resolveMonthDay(12, 30, '2023-01-03')).toBe('2022-12-30');
    expect(resolveMonthDay(5, 18, '2022-05-19')).toBe('2022-05-18');
  });
});
