import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/corpus/passages.js';
import { BriefBook } from '../../src/knowledge/brief-book.js';
import { buildBriefs, type Brief } from '../../src/knowledge/briefs.js';
import type { Role } from '../../src/knowledge/people.js';
import { SEED_IDS } from '../fixtures/index-workspace.js';
import { seedArticles } from '../fixtures/seeds.js';

/** The hand-checked people and figures of each seed article (see its _note). */
export interface ExpectedPerson {
  name: string;
  title: string;
  roles: Role[];
}
export interface ExpectedFigure {
  indicator: string;
  value: number;
  unit: string;
  period: string | null;
  growth?: string;
}
export interface ExpectedBriefs {
  docs: Record<string, { people: ExpectedPerson[]; figures: ExpectedFigure[] }>;
}

export interface Rate {
  expected: number;
  extracted: number;
  /** Extracted items that match an expected one. */
  truePositives: number;
  /** Expected items some extracted item matches. */
  found: number;
  precision: number;
  recall: number;
}

export interface BriefScore {
  people: Rate & { titleAccuracy: number; titleMisses: string[] };
  figures: Rate & { periodAccuracy: number; periodMisses: string[]; growthMisses: string[] };
  /** Expected items the extractor did not find, and extracted items that match nothing expected. */
  missed: string[];
  spurious: string[];
}

const titleParts = (title: string) => title.split('、').map((t) => t.trim()).filter(Boolean);

/** Title match: every part of one title is contained in the other title. */
export function titlesMatch(expected: string, extracted: string): boolean {
  const all = (parts: string[], whole: string) => parts.length > 0 && parts.every((p) => whole.includes(p));
  return all(titleParts(expected), extracted) || all(titleParts(extracted), expected);
}

function personMatches(e: ExpectedPerson, got: { name: string; roles: Role[] }): boolean {
  return e.name === got.name && e.roles.some((r) => got.roles.includes(r));
}

function figureMatches(e: ExpectedFigure, got: { indicator: string; value: number | null; unit: string }): boolean {
  const a = e.indicator.toLowerCase();
  const b = got.indicator.toLowerCase();
  return (a.includes(b) || b.includes(a)) && got.value !== null && Math.abs(e.value - got.value) < 1e-9 && e.unit === got.unit;
}

/** 全年, 年度 and a bare year all mean the whole year; 月份 and 月 are the same. */
export function samePeriod(a: string | null, b: string | null): boolean {
  const norm = (p: string | null) => (p ?? '').replace(/份/g, '').replace(/(\d{4})年(?:全年|年度|度)?$/, '$1年');
  return norm(a) === norm(b);
}

const rate = (n: number, d: number) => (d === 0 ? 1 : n / d);

/**
 * Precision and recall of extracted briefs against the expected file. People match on name and
 * an overlapping role set; figures on indicator containment (either way), value and unit, with
 * the period (and growth) compared separately over the matched figures. Extracted figures are
 * counted once per (indicator, value, unit): the same figure restated later is not a second one.
 */
export function scoreBriefs(expected: ExpectedBriefs, briefs: Brief[]): BriefScore {
  const byDoc = new Map(briefs.map((b) => [b.docId, b]));
  const missed: string[] = [];
  const spurious: string[] = [];
  const people = { expected: 0, extracted: 0, truePositives: 0, found: 0 };
  const figures = { expected: 0, extracted: 0, truePositives: 0, found: 0 };
  let titled = 0;
  let periods = 0;
  let matchedFigures = 0;
  const titleMisses: string[] = [];
  const periodMisses: string[] = [];
  const growthMisses: string[] = [];

  for (const docId of new Set([...Object.keys(expected.docs), ...briefs.map((b) => b.docId)])) {
    const exp = expected.docs[docId] ?? { people: [], figures: [] };
    const got = byDoc.get(docId);
    const gotPeople = got?.people ?? [];
    const seen = new Set<string>();
    const gotFigures = (got?.figures ?? []).filter((f) => {
      const key = `${f.indicator}|${f.value}|${f.unit}`;
      return !seen.has(key) && !!seen.add(key);
    });

    people.expected += exp.people.length;
    people.extracted += gotPeople.length;
    for (const e of exp.people) {
      const match = gotPeople.find((p) => personMatches(e, p));
      if (!match) {
        const sameName = gotPeople.find((p) => p.name === e.name);
        missed.push(`${docId} person ${e.name} [${e.roles.join('、')}]: ${sameName ? `got roles [${sameName.roles.join('、')}]` : 'not extracted'}`);
        continue;
      }
      people.found++;
      if (titlesMatch(e.title, match.title)) titled++;
      else titleMisses.push(`${docId} ${e.name}: expected “${e.title}”, got “${match.title}”`);
    }
    for (const p of gotPeople) {
      if (exp.people.some((e) => personMatches(e, p))) people.truePositives++;
      else spurious.push(`${docId} person ${p.name} “${p.title}” [${p.roles.join('、')}]`);
    }

    figures.expected += exp.figures.length;
    figures.extracted += gotFigures.length;
    for (const e of exp.figures) {
      const match = gotFigures.find((f) => figureMatches(e, f));
      if (!match) {
        const sameValue = gotFigures.find((f) => f.value === e.value);
        missed.push(`${docId} figure ${e.indicator} ${e.value}${e.unit}: ${sameValue ? `got ${sameValue.indicator} ${sameValue.value}${sameValue.unit}` : 'not extracted'}`);
        continue;
      }
      figures.found++;
      matchedFigures++;
      if (samePeriod(e.period, match.period)) periods++;
      else periodMisses.push(`${docId} ${e.indicator} ${e.value}${e.unit}: expected ${e.period}, got ${match.period}`);
      if (e.growth && e.growth !== match.growth) growthMisses.push(`${docId} ${e.indicator}: expected growth ${e.growth}, got ${match.growth}`);
    }
    for (const f of gotFigures) {
      if (exp.figures.some((e) => figureMatches(e, f))) figures.truePositives++;
      else spurious.push(`${docId} figure ${f.indicator} ${f.value}${f.unit} (${f.period})`);
    }
  }

  return {
    people: {
      ...people,
      precision: rate(people.truePositives, people.extracted),
      recall: rate(people.found, people.expected),
      titleAccuracy: rate(titled, people.found),
      titleMisses,
    },
    figures: {
      ...figures,
      precision: rate(figures.truePositives, figures.extracted),
      recall: rate(figures.found, figures.expected),
      periodAccuracy: rate(periods, matchedFigures),
      periodMisses,
      growthMisses,
    },
    missed,
    spurious,
  };
}

const EXPECTED = JSON.parse(readFileSync(new URL('../fixtures/briefs-expected.json', import.meta.url), 'utf8')) as ExpectedBriefs;

let briefs: Brief[];
let score: BriefScore;

beforeAll(() => {
  const articles = seedArticles();
  briefs = buildBriefs(articles, articles.flatMap((a) => chunkArticle(a)));
  score = scoreBriefs(EXPECTED, briefs);
  const pct = (x: number) => x.toFixed(3);
  console.log(
    `briefs P/R: people P=${pct(score.people.precision)} R=${pct(score.people.recall)} (${score.people.truePositives}/${score.people.extracted} extracted, ${score.people.found}/${score.people.expected} expected; titles ${pct(score.people.titleAccuracy)}) · ` +
      `figures P=${pct(score.figures.precision)} R=${pct(score.figures.recall)} (${score.figures.truePositives}/${score.figures.extracted} extracted, ${score.figures.found}/${score.figures.expected} expected; periods ${pct(score.figures.periodAccuracy)})`,
  );
  for (const line of [...score.missed.map((m) => `missed: ${m}`), ...score.spurious.map((s) => `spurious: ${s}`), ...score.people.titleMisses, ...score.figures.periodMisses, ...score.figures.growthMisses]) {
    console.log(`  ${line}`);
  }
});

describe('the expected file', () => {
  it('covers every seed article, with roles from the fixed set', () => {
    expect(Object.keys(EXPECTED.docs).sort()).toEqual([...SEED_IDS]);
    const roles: Role[] = ['主持', '讲话', '出席', '调研', '点评'];
    for (const doc of Object.values(EXPECTED.docs)) {
      for (const p of doc.people) {
        expect(p.roles.length).toBeGreaterThan(0);
        for (const r of p.roles) expect(roles).toContain(r);
      }
    }
  });
});

describe('scoreBriefs', () => {
  const brief = (people: Brief['people'], figures: Brief['figures']): Brief => ({
    docId: 'd',
    title: 't',
    date: null,
    source: null,
    meeting: { name: 'm', date: null, zone: null },
    people,
    figures,
    directives: [],
  });
  const person = (name: string, title: string, roles: Role[]) => ({ name, title, roles, passageId: 'd#0', sentence: '' });
  const figure = (indicator: string, value: number, unit: string, period: string | null) => ({ indicator, value, unit, period, growth: null, kind: 'result' as const, sentence: '', passageId: 'd#0' });
  const expected: ExpectedBriefs = {
    docs: {
      d: {
        people: [
          { name: '甲乙', title: '区工委副书记、管委会主任', roles: ['主持'] },
          { name: '丙丁', title: '区领导', roles: ['出席'] },
        ],
        figures: [
          { indicator: '年度计划投资', value: 139.9, unit: '亿', period: '2022年度' },
          { indicator: 'GDP', value: 440, unit: '亿元', period: '2022年全年' },
        ],
      },
    },
  };

  it('matches people by name and overlapping roles, titles by contained parts', () => {
    const s = scoreBriefs(expected, [brief([person('甲乙', '管委会主任', ['主持', '讲话']), person('丙丁', '区领导', ['讲话']), person('戊己', '', ['主持'])], [])]);
    expect(s.people).toMatchObject({ expected: 2, extracted: 3, truePositives: 1, found: 1, titleAccuracy: 1 });
    expect(s.people.precision).toBeCloseTo(1 / 3);
    expect(s.people.recall).toBe(0.5);
    expect(s.missed).toContain('d person 丙丁 [出席]: got roles [讲话]');
  });

  it('matches figures by indicator containment, value and unit; periods separately; restatements once', () => {
    const s = scoreBriefs(expected, [
      brief([], [figure('投资', 139.9, '亿', '2022年度'), figure('全年GDP', 440, '亿元', '2022年'), figure('GDP', 440, '亿元', '2022年全年'), figure('GDP', 440, '亿元', '2022年'), figure('GDP', 86.08, '亿元', '2022年一季度')]),
    ]);
    expect(s.figures).toMatchObject({ expected: 2, extracted: 4, truePositives: 3, found: 2, periodAccuracy: 1 });
    expect(s.spurious).toEqual(['d figure GDP 86.08亿元 (2022年一季度)']);
    const wrongUnit = scoreBriefs(expected, [brief([], [figure('年度计划投资', 139.9, '亿元', '2022年度')])]);
    expect(wrongUnit.figures.found).toBe(0);
  });

  it('treats 全年, 年度 and the bare year as one period, and 月份 as 月', () => {
    expect(samePeriod('2022年全年', '2022年')).toBe(true);
    expect(samePeriod('2022年度', '2022年全年')).toBe(true);
    expect(samePeriod('2022年1-4月份', '2022年1-4月')).toBe(true);
    expect(samePeriod('2022年一季度', '2022年')).toBe(false);
    expect(samePeriod('2022年上半年', '2023年上半年')).toBe(false);
  });

  it('compares titles part by part', () => {
    expect(titlesMatch('区工委副书记、管委会主任', '区工委副书记、管委会主任')).toBe(true);
    expect(titlesMatch('区工委副书记、管委会主任', '管委会主任')).toBe(true);
    expect(titlesMatch('市委书记、市人大常委会主任', '市委书记')).toBe(true);
    expect(titlesMatch('长沙市级领导', '区领导')).toBe(false);
    expect(titlesMatch('市委书记', '')).toBe(false);
  });
});

describe('extracted briefs against the hand-checked file', () => {
  it('people: precision and recall ≥ 0.95', () => {
    expect(score.people.precision, score.spurious.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(score.people.recall, score.missed.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('figures: precision and recall ≥ 0.95', () => {
    expect(score.figures.precision, score.spurious.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(score.figures.recall, score.missed.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('people\'s titles match for the people found', () => {
    expect(score.people.titleAccuracy, score.people.titleMisses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('figures\' periods and growth rates match for the figures found', () => {
    expect(score.figures.periodAccuracy, score.figures.periodMisses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(score.figures.growthMisses).toEqual([]);
  });

  it('names each meeting and dates it on the meeting day, not the publication day', () => {
    const meetings = Object.fromEntries(briefs.map((b) => [b.docId, b.meeting]));
    expect(meetings['000_902f0bdd42ed5ca0']).toMatchObject({ name: '湖南湘江新区经济工作讲评会议', date: '2024-09-14', zone: '湖南湘江新区' });
    expect(meetings['001_a624ff9043f746f6']).toMatchObject({ date: '2022-05-26', zone: '岳阳经开区' });
    expect(meetings['001_a624ff9043f746f6'].name).toContain('稳住经济大盘工作会议');
    expect(meetings['002_1760d61299c6fb71']).toMatchObject({ date: '2022-05-18', zone: '萍乡经开区' });
    expect(meetings['002_1760d61299c6fb71'].name).toContain('重点项目推进会');
    expect(meetings['003_1d37a2b9fcb118f4']).toMatchObject({ name: '长沙市推进湖南湘江新区高质量发展协调小组会议', date: '2024-11-13', zone: '湖南湘江新区' });
    expect(meetings['004_5ee2db205d9c59b6']).toMatchObject({ name: '全市二季度项目拉练活动暨稳增长工作推进会', date: '2023-07-21', zone: '天门市' });
  });
});

describe('BriefBook.markdown', () => {
  let book: BriefBook;
  beforeAll(() => {
    // Through JSON, as the index stores the briefs.
    book = BriefBook.from(JSON.parse(JSON.stringify(briefs)));
  });

  it('renders one article\'s brief by docId', () => {
    const md = book.markdown('001_a624ff9043f746f6');
    expect(md).not.toBeNull();
    expect(md!.match(/^## /gm)).toHaveLength(1);
    expect(md).toContain('稳住经济大盘工作会议');
    expect(md).toContain('- 日期：2022-05-26');
    expect(md).toContain('- 地区：岳阳经开区');
    expect(md).toContain('（001_a624ff9043f746f6）');
    expect(md).toContain('### 参会领导');
    expect(md).toMatch(/- 谢春生：区工委副书记、管委会主任（主持）/);
    expect(md).toContain('### 目标与数据');
    expect(md).toContain('440亿元');
    expect(md).toContain('全口径税收');
    expect(md).toContain('### 工作要求');
    expect(md).toContain('- 文春方：');
  });

  it('renders every meeting of a zone named by an alias: 湘江新区 → both 湖南湘江新区 articles', () => {
    const md = book.markdown('湘江新区');
    expect(md).not.toBeNull();
    expect(md!.match(/^## /gm)).toHaveLength(2);
    expect(md).toContain('（000_902f0bdd42ed5ca0）');
    expect(md).toContain('（003_1d37a2b9fcb118f4）');
    expect(md).not.toContain('岳阳经开区');
    expect(book.markdown('湖南湘江新区')).toBe(md);
  });

  it('renders a person\'s meetings, showing only that person: 谭勇 → both meetings', () => {
    const md = book.markdown('谭勇');
    expect(md).not.toBeNull();
    expect(md!.match(/^## /gm)).toHaveLength(2);
    expect(md).toContain('湖南湘江新区经济工作讲评会议');
    expect(md).toContain('长沙市推进湖南湘江新区高质量发展协调小组会议');
    expect(md).toContain('- 谭勇：长沙市委副书记、湖南湘江新区(长沙高新区)党工委书记、岳麓区委书记（讲话）');
    expect(md).toContain('- 谭勇：长沙市级领导（出席）');
    expect(md).not.toMatch(/^- 何朝晖/m);
    expect(md).not.toContain('### 目标与数据');
    expect(md).toContain('- 谭勇：\n');
  });

  it('renders other zones by their short names', () => {
    expect(book.markdown('岳阳')).toContain('（001_a624ff9043f746f6）');
    expect(book.markdown('天门')).toContain('（004_5ee2db205d9c59b6）');
  });

  it('returns null for what it does not know', () => {
    expect(book.markdown('北京亦庄经开区')).toBeNull();
    expect(book.markdown('张三')).toBeNull();
    expect(book.markdown('999_nonexistent')).toBeNull();
  });

  it('renders every brief for an empty query', () => {
    expect(book.markdown('')!.match(/^## /gm)).toHaveLength(5);
  });
});

describe('requirements introduced by their topic', () => {
  it('关于X工作,要… is a requirement of the speaker, topic kept; a topic paragraph continues the speech', async () => {
    const { extractDirectives } = await import('../../src/knowledge/directives.js');
    const text = ['朱某在讲话中强调,关于招商引资工作,要全力提升服务效能,确保政策落地落实。关于安全生产工作,要强化红线意识,建立健全安全生产责任体系。', '关于环境保护工作,要守住生态底线。'].join('\n');
    const [d] = extractDirectives(text, 'x#0', ['朱某']);
    expect(d.speaker).toBe('朱某');
    expect(d.items.some((i) => i.includes('安全生产') && i.includes('红线意识'))).toBe(true);
    const all = extractDirectives(text, 'x#0', ['朱某']).flatMap((x) => x.items);
    expect(all.some((i) => i.includes('守住生态底线'))).toBe(true);
  });
});
