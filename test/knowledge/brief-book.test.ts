import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/article.js';
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

describe('figure facts match an indicator under any of its names', () => {
  // An article that writes 地区生产总值 where people ask for GDP.
  const text = [
    '宁远经开区召开经济工作会议',
    '2023-03-02 10:00',
    '来源：宁远日报',
    '3月1日上午，宁远经开区召开经济工作会议。会议明确，2023年全区地区生产总值目标为320亿元，全口径税收目标为21亿元。',
    '一季度，全区完成固定资产投资58亿元，同比增长9.1%。',
  ].join('\n');
  const article = parseArticle('900_ningyuan', text);
  const ningyuan = BriefBook.from(buildBriefs([article], chunkArticle(article)));
  const docs = new Set(['900_ningyuan']);

  it('GDP finds the 地区生产总值 target when the question carries the indicator’s names', () => {
    const facts = ningyuan.statementsFor(
      q('宁远经开区2023年gdp目标是多少', { intent: 'target', zone: '宁远经开区', indicator: 'GDP', indicatorForms: ['GDP', '生产总值', '经济总量'] }),
      docs,
    );
    expect(facts.map((f) => f.text).join()).toContain('320亿元');
  });

  it('without those names the figure is not claimed for GDP', () => {
    const facts = ningyuan.statementsFor(q('宁远经开区2023年gdp目标是多少', { intent: 'target', zone: '宁远经开区', indicator: 'GDP' }), docs);
    expect(facts.map((f) => f.text).join()).not.toContain('320亿元');
  });
});

describe('figure facts of the kind of number asked', () => {
  const text = ['孝感某开发区召开项目推进会', '2025-02-10 10:00', '2月9日，某开发区召开项目推进会。会议明确，2025年工业总产值目标为7亿元。'].join('\n');
  const article = parseArticle('901_xiaogan', text);
  const book2 = BriefBook.from(buildBriefs([article], chunkArticle(article)));

  it('计划增长多少 asks a rate: an amount is not its answer, while 是多少 gets the amount', () => {
    const rate = book2.statementsFor(q('某开发区2025年工业总产值计划增长多少', { intent: 'target' }), new Set(['901_xiaogan']));
    expect(rate.map((f) => f.text).join()).not.toContain('7亿元');
    const amount = book2.statementsFor(q('某开发区2025年工业总产值目标是多少', { intent: 'target' }), new Set(['901_xiaogan']));
    expect(amount.map((f) => f.text).join()).toContain('7亿元');
  });
});

describe('people named with what they did', () => {
  it('a report given (代表区委作工作报告) is a speaking role, and 商 is a surname', async () => {
    const { extractPeople } = await import('../../src/knowledge/people.js');
    const [liang] = extractPeople('会上,金湾区委书记、珠海经济技术开发区党工委书记梁耀斌代表区委作工作报告。', 'p');
    expect(liang.name).toBe('梁耀斌');
    expect(liang.roles).toContain('讲话');
    expect(extractPeople('市委常委、区党工委书记商振江出席会议并讲话。', 'p').map((p) => p.name)).toEqual(['商振江']);
  });
});
