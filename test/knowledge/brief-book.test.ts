import { describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/corpus/passages.js';
import { BriefBook } from '../../src/knowledge/brief-book.js';
import { buildBriefs } from '../../src/knowledge/briefs.js';
import type { ParsedQuestion } from '../../src/qa/types.js';
import { seedArticles } from '../fixtures/seeds.js';

const articles = seedArticles();
const book = BriefBook.from(buildBriefs(articles, articles.flatMap(chunkArticle)));

function q(norm: string, fields: Partial<ParsedQuestion> = {}): ParsedQuestion {
  return { raw: norm, norm, intent: 'directive', script: 'simplified', zone: null, person: null, year: null, indicator: null, ...fields };
}

describe('directive facts pick the speech the question is about', () => {
  const docs = (...ids: string[]) => new Set(ids);

  it('a topic word selects that speech (中秋 → safety, stability, integrity)', () => {
    const [fact] = book.statementsFor(q('谭勇对中秋节期间工作提出了哪些要求', { person: '谭勇' }), docs('000_902f0bdd42ed5ca0'));
    expect(fact.text).toContain('抓好安全生产');
    expect(fact.text).not.toContain('倒逼');
  });

  it('the meeting or zone name does not narrow a broad question', () => {
    const [fact] = book.statementsFor(q('湘江新区讲评会提出了哪些要求', { zone: '湖南湘江新区' }), docs('000_902f0bdd42ed5ca0'));
    expect(fact.text).toContain('倒逼');
    expect(fact.text).toContain('坚定信心');
  });

  it('她 continues the person last named in the passage', () => {
    const [fact] = book.statementsFor(q('吴桂英对九华片区提出了什么要求', { person: '吴桂英' }), docs('003_1d37a2b9fcb118f4'));
    expect(fact.text).toContain('围绕重点领域');
  });
});
