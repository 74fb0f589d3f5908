import { zoneMentions as zoneMentionsOf } from '../../src/corpus/zone.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWith, loadLexicon, loadQa, type AskResult, type LoadedQa } from '../../src/app/qa-service.js';
import { normalizeText } from '../../src/corpus/normalize.js';
import { ingest } from '../../src/index/ingest.js';
import { colloquialToStandard, detectIntent, parseQuestion, zoneAliases } from '../../src/qa/parse.js';
import { makeWorkspace, SEED_IDS, type Workspace } from '../fixtures/index-workspace.js';
import { citedDocs, expectWellFormed } from '../fixtures/answers.js';

/**
 * Forms of question on the five seed articles (hash embedder, offline): yes/no questions are
 * answered 是/不是 first and their supposed person or number is not a constraint; a question about
 * each of several people is answered person by person, but people named together for what they
 * did together are not split; a question about one topic of a speech gets those requirements
 * whole, once; spoken periods (1到4月) and 级别 are read as the articles write them.
 */

const [XIANGJIANG_REVIEW, YUEYANG, PINGXIANG, XIANGJIANG_GROUP, TIANMEN] = SEED_IDS;

/** The zones and leaders of the seeds, as the brief book lists them (see test/qa/parse.test.ts). */
const ZONES = ['湖南湘江新区', '岳阳经开区', '萍乡经开区', '天门市'];
const PEOPLE = ['谭勇', '何朝晖', '文春方', '谢春生', '姚海燕', '杨博', '邓霜丰', '季志政', '吴桂英', '周海兵', '易先荣', '刘艺新', '张华忠', '涂季'];

const lexicon = loadLexicon();
const aliases = zoneAliases(ZONES);
const parse = (question: string) => parseQuestion(question, { lexicon, aliases, people: PEOPLE });

let ws: Workspace;
let qa: LoadedQa;

beforeAll(async () => {
  ws = await makeWorkspace('woyaowen-forms-');
  await ingest({ config: ws.config });
  qa = await loadQa(ws.config);
});
afterAll(() => ws?.cleanup());

/** An answer (not an abstention), well formed, in simplified script for matching. */
async function answered(question: string): Promise<{ a: AskResult; text: string }> {
  const a = await answerWith(qa, question);
  expectWellFormed(a);
  expect(a.abstained, a.answer).toBe(false);
  return { a, text: normalizeText(a.answer) };
}

/** A line's words, without its [n] and punctuation. */
const bare = (line: string) => normalizeText(line.replace(/\[\d+\]/g, '')).replace(/[^\p{L}\p{N}]/gu, '');

describe('yes/no questions: parsed', () => {
  it('湘江讲评会是不是谭勇主持的 → 谭勇 is the claim, not the person asked about; who chaired is asked', () => {
    const p = parse('湘江讲评会是不是谭勇主持的');
    expect(p.person).toBeNull();
    expect(p.claimed).toEqual(['谭勇']);
    expect(p.intent).toBe('leader');
  });

  it('湘江讲评会是何朝晖主持的吗 → 何朝晖 is the claim', () => {
    const p = parse('湘江讲评会是何朝晖主持的吗');
    expect(p.person).toBeNull();
    expect(p.claimed).toEqual(['何朝晖']);
    expect(p.intent).toBe('leader');
  });

  it('岳阳经开区GDP目标是不是450亿 → the number is the claim', () => {
    const p = parse('岳阳经开区GDP目标是不是450亿');
    expect(p.zone).toBe('岳阳经开区');
    expect(p.claimed).toEqual(['450亿']);
  });

  it('a question that is not yes/no claims nothing and keeps its person', () => {
    const p = parse('谭勇主持了什么会议');
    expect(p.claimed).toBeUndefined();
    expect(p.person).toBe('谭勇');
  });
});

describe('yes/no questions: answered 是/不是 first, then what is the case', () => {
  it('湘江讲评会是不是谭勇主持的 → 不是, 何朝晖 chaired it', async () => {
    const { a, text } = await answered('湘江讲评会是不是谭勇主持的');
    expect(text, a.answer).toMatch(/^不是。/);
    expect(text.split('\n')[0], a.answer).toContain('何朝晖');
    expect(citedDocs(a)).toContain(XIANGJIANG_REVIEW);
  });

  it('湘江讲评会是何朝晖主持的吗 → 是', async () => {
    const { a, text } = await answered('湘江讲评会是何朝晖主持的吗');
    expect(text, a.answer).toMatch(/^是。/);
    expect(text.split('\n')[0], a.answer).toContain('何朝晖');
    expect(citedDocs(a)).toContain(XIANGJIANG_REVIEW);
  });

  it('岳阳经开区GDP目标是不是450亿 → 不是, the target is 440亿元', async () => {
    const { a, text } = await answered('岳阳经开区GDP目标是不是450亿');
    expect(text, a.answer).toMatch(/^不是。/);
    expect(text.split('\n')[0], a.answer).toContain('440亿元');
    expect(text, a.answer).not.toContain('450亿');
    expect(citedDocs(a)).toEqual([YUEYANG]);
  });

  it('岳阳经开区GDP目标是440亿吗 → 是', async () => {
    const { a, text } = await answered('岳阳经开区GDP目标是440亿吗');
    expect(text, a.answer).toMatch(/^是。/);
    expect(text.split('\n')[0], a.answer).toContain('440亿元');
    expect(citedDocs(a)).toEqual([YUEYANG]);
  });

  it('谭勇是湘江新区的书记吗 → 是, with his titles; 杨博是不是区长 → 不是', async () => {
    const yes = await answered('谭勇是湘江新区的书记吗');
    expect(yes.text, yes.a.answer).toMatch(/^是。谭勇\(.*书记/);
    const no = await answered('杨博是不是区长');
    expect(no.text, no.a.answer).toMatch(/^不是。杨博\(市委常委、区党工委书记\)/);
  });
});

describe('several people in one question', () => {
  it('吴桂英和易先荣分别什么职务 → a section per person, each with that person’s title and article', async () => {
    const { a, text } = await answered('吴桂英和易先荣分别什么职务');
    const wu = text.indexOf('【吴桂英】');
    const yi = text.indexOf('【易先荣】');
    expect(wu, a.answer).toBe(0);
    expect(yi, a.answer).toBeGreaterThan(wu);
    const wuSection = text.slice(wu, yi);
    const yiSection = text.slice(yi);
    expect(wuSection).toContain('省委常委、长沙市委书记');
    expect(yiSection).toContain('市委书记、市人大常委会主任');
    // Each section cites its own person's article.
    const docsOf = (section: string) => [...section.matchAll(/\[(\d+)\]/g)].map((m) => a.citations.find((c) => c.n === Number(m[1]))!.docId);
    expect(new Set(docsOf(wuSection))).toEqual(new Set([XIANGJIANG_GROUP]));
    expect(new Set(docsOf(yiSection))).toEqual(new Set([TIANMEN]));
    expect(citedDocs(a).sort()).toEqual([XIANGJIANG_GROUP, TIANMEN].sort());
  });

  it('吴桂英、周海兵调研了湘江新区哪些地方 → what they did together, not split by person', async () => {
    const { a, text } = await answered('吴桂英、周海兵调研了湘江新区哪些地方');
    expect(text, a.answer).not.toContain('【');
    expect(citedDocs(a)).toContain(XIANGJIANG_GROUP);
  });
});

describe('a question about one topic of a speech', () => {
  it('吴桂英…对招商引资提出了什么要求 → the requirement about 招商引资, whole (its last clause kept)', async () => {
    const { a, text } = await answered('吴桂英在长沙市推进湖南湘江新区高质量发展协调小组会议上，对招商引资提出了什么要求？');
    expect(text, a.answer).toContain('招商引资新模式');
    expect(citedDocs(a)).toEqual([XIANGJIANG_GROUP]);
  });

  it('易先荣在天门稳增长工作推进会上就安全工作强调了什么 → what was said about safety, not a figure', async () => {
    const question = '易先荣在天门稳增长工作推进会上就安全工作强调了什么？';
    // 稳增长 has 增长 in it, yet nothing asks for a quantity.
    expect(detectIntent(normalizeText(question))).toBe('directive');
    expect(parse(question).intent).toBe('directive');
    const { a, text } = await answered(question);
    expect(text, a.answer).toContain('安全生产');
    expect(text, a.answer).toContain('防汛抗旱');
    // A target answer would lead with a figure.
    expect(text, a.answer).not.toMatch(/\d+(?:\.\d+)?\s*(?:亿元|万元|%)/);
    expect(citedDocs(a)).toEqual([TIANMEN]);
  });

  it.each([
    '吴桂英在长沙市推进湖南湘江新区高质量发展协调小组会议上，对招商引资提出了什么要求？',
    '易先荣在天门稳增长工作推进会上就安全工作强调了什么？',
  ])('%s → the fact line is not repeated word for word underneath', async (question) => {
    const { a } = await answered(question);
    const lines = a.answer.split('\n').filter((l) => l.trim());
    // The requirement itself, after `易先荣强调：`.
    const fact = bare(lines[0].replace(/^[^：:]*[：:]/, ''));
    expect(fact.length).toBeGreaterThan(10);
    for (const line of lines.slice(1)) {
      const said = bare(line).replace(/^(?:要|必须|务必)/, '');
      expect(fact.includes(said) || bare(line).includes(fact), a.answer).toBe(false);
    }
  });
});

describe('spoken periods and 级别', () => {
  it.each([
    ['1到4月', '1-4月'],
    ['1至4月', '1-4月'],
    ['岳阳经开区1到4月规模工业增加值完成多少', '岳阳经开区1-4月规模工业增加值完成多少'],
    ['1 至 6 月', '1-6月'],
    ['青岛高新区2020年头六个月规模以上工业的增速', '青岛高新区2020年上半年规模以上工业的增速'],
    ['九龙坡前三个季度人均可支配收入', '九龙坡前三季度人均可支配收入'],
    ['永康经开区年中那次形势分析会', '永康经开区上半年那次形势分析会'],
  ])('colloquialToStandard(%s) → %s', (spoken, written) => {
    expect(colloquialToStandard(spoken)).toBe(written);
  });

  it('a parsed question reads 1到4月 as 1-4月', () => {
    expect(parse('岳阳经开区1到4月规模工业增加值完成多少').norm).toContain('1-4月');
  });

  it('萍乡经开杨博是什么级别 → asks for a title: 市委常委', async () => {
    expect(parse('萍乡经开杨博是什么级别').intent).toBe('leader');
    const { a, text } = await answered('萍乡经开杨博是什么级别');
    expect(text.split('\n')[0], a.answer).toContain('杨博');
    expect(text.split('\n')[0], a.answer).toContain('市委常委');
    expect(citedDocs(a)).toEqual([PINGXIANG]);
  });
});

describe('a zone’s place name inside a longer place name', () => {
  it('三门 (of a 三门 zone) inside 三门峡 is not that zone; a verb after a place ends it (长兴岛听取…)', () => {
    const parsed = parseQuestion('三门峡开发区管委会主任是谁？', { lexicon, aliases: zoneAliases(['三门经开区']), people: [] });
    expect(parsed.zone).toBeNull();
    expect(zoneMentionsOf('长兴岛听取综合保税区筹建工作汇报').some((m) => m.name.startsWith('长兴'))).toBe(false);
  });
});
