import { describe, expect, it } from 'vitest';
import { chunkArticle, indexingText, PASSAGE_MAX, splitSentences } from '../../src/corpus/passages.js';
import type { Article } from '../../src/corpus/types.js';
import { seedArticles } from '../fixtures/seeds.js';

const ends = /[。！？；!?;][”’」』)）"]*$/;

describe('passages', () => {
  const articles = seedArticles();

  it('splits sentences at 。！？； and keeps closing quotes', () => {
    expect(splitSentences('他說“好。”然後走了；最後一句')).toEqual(['他說“好。”', '然後走了；', '最後一句']);
  });

  it('packs seed paragraphs into 200–500 character passages that end at a sentence or paragraph end', () => {
    for (const a of articles) {
      const passages = chunkArticle(a);
      const paragraphEnds = new Set(a.paragraphs.map((p) => p.slice(-10)));
      passages.forEach((p, i) => {
        expect(p.passageId).toBe(`${a.docId}#${i}`);
        expect(p.text.length).toBeLessThanOrEqual(PASSAGE_MAX + 100);
        const endsCleanly = ends.test(p.text) || paragraphEnds.has(p.text.slice(-10));
        expect(endsCleanly, p.text.slice(-30)).toBe(true);
      });
      // Nothing is lost: every paragraph's text appears in some passage.
      const squash = (s: string) => s.replace(/\s+/g, '');
      const joined = squash(passages.map((p) => p.text).join(''));
      for (const para of a.paragraphs) expect(joined).toContain(squash(para));
      const long = passages.filter((p) => p.text.length >= 150);
      expect(long.length).toBeGreaterThanOrEqual(passages.length - 1);
    }
  });

  it('ids are stable when an article is parsed again', () => {
    const again = seedArticles();
    expect(again.flatMap(chunkArticle).map((p) => p.passageId + p.text)).toEqual(articles.flatMap(chunkArticle).map((p) => p.passageId + p.text));
  });

  it('keeps an overlong sentence whole rather than cutting it', () => {
    const sentence = '甲'.repeat(800) + '。';
    const a: Article = { docId: 'long', title: 't', date: null, source: null, byline: null, zone: null, meetingDate: null, paragraphs: ['短句。', sentence, '又一句。'], normParagraphs: [] };
    const ps = chunkArticle(a);
    expect(ps.some((p) => p.text.includes(sentence))).toBe(true);
  });

  it('indexes each passage under its title and date', () => {
    const p = chunkArticle(articles[1])[0];
    expect(indexingText(p)).toMatch(/^经开区“三大支撑八项重点”.* 2022-05-26\n/);
  });
});
