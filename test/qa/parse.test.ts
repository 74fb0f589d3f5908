import { describe, expect, it } from 'vitest';
import { loadLexicon } from '../../src/app/qa-service.js';
import { normalizeText } from '../../src/corpus/normalize.js';
import type { Intent } from '../../src/qa/types.js';
import { detectIntent, expandSynonyms, parseQuestion, zoneAliases } from '../../src/qa/parse.js';
import { seedArticles } from '../fixtures/seeds.js';

/** The zones the seed articles are about (checked against the seeds below). */
const ZONES = ['湖南湘江新区', '岳阳经开区', '萍乡经开区', '天门市'];
/** Leaders named in the seeds, as the brief book would list them. */
const PEOPLE = ['谭勇', '何朝晖', '文春方', '谢春生', '姚海燕', '杨博', '邓霜丰', '季志政', '吴桂英', '周海兵', '易先荣', '刘艺新', '张华忠', '涂季'];

const lexicon = loadLexicon();
const aliases = zoneAliases(ZONES);

function parse(question: string, history?: string[]) {
  return parseQuestion(question, { lexicon, aliases, people: PEOPLE, history });
}

describe('the seed zones', () => {
  it('are the zones the articles are detected to be about', () => {
    const detected = new Set(seedArticles().map((a) => a.zone));
    expect([...detected].sort()).toEqual([...ZONES].sort());
  });
});

describe('detectIntent', () => {
  // None of these questions is in the development set.
  const rows: [Intent, string][] = [
    ['leader', '岳阳经开区的会议由谁主持？'],
    ['leader', '萍乡经开区推进会是谁主持的？'],
    ['leader', '天门市委书记是哪位？'],
    ['leader', '湘江新区管委会主任担任什么职务？'],
    ['leader', '天门推进会有哪些市领导出席？'],
    ['target', '岳阳经开区一季度GDP是多少？'],
    ['target', '岳阳经开区全口径税收目标是多少？'],
    ['target', '天门有几个示范区？'],
    ['target', '岳阳经开区规模工业增加值增速？'],
    ['target', '岳阳经开区固投完成了多少亿元？'],
    ['directive', '杨博强调要牢固树立什么理念？'],
    ['directive', '易先荣对下半年工作提出了什么要求？'],
    ['directive', '吴桂英希望企业发挥什么作用？'],
    ['directive', '周海兵在会上怎么说的？'],
    ['directive', '文春方怎么评价前段工作？'],
    ['date', '湘江新区经济工作讲评会议是哪天召开的？'],
    ['date', '天门推进会什么时候举行？'],
    ['date', '萍乡经开区推进会的日期？'],
    ['date', '吴桂英何时调研湘江新区？'],
    ['date', '岳阳经开区调度会是几月几日开的？'],
    ['list', '谭勇参加了哪些会议？'],
    ['list', '列出各区的GDP目标'],
    ['list', '有哪些报道提到了二十大？'],
    ['list', '哪些文章提到了萍乡？'],
    ['list', '各地分别是怎么部署下半年工作的？'],
    ['general', '湘江新区颁发了流动红旗吗？'],
    ['general', '萍乡经开区的六新经开是什么？'],
    ['general', '中联智慧产业城的情况'],
    ['general', '天门的拉练活动看了哪些项目现场？'],
    ['general', '湘江科学城建设进展'],
  ];

  it.each(rows)('%s ← %s', (intent, question) => {
    expect(detectIntent(normalizeText(question))).toBe(intent);
    expect(parse(question).intent).toBe(intent);
  });

  it('has at least four rows for every intent', () => {
    for (const intent of ['leader', 'target', 'directive', 'date', 'list', 'general'] as Intent[]) {
      expect(rows.filter(([i]) => i === intent).length).toBeGreaterThanOrEqual(4);
    }
  });

  it('lets a list of meetings win over the leader cue in the same question', () => {
    // 参加了哪些会议 matches both the list and the leader rule; the list is what is asked.
    expect(detectIntent('何朝晖参加了哪些会议')).toBe('list');
  });

  it('sees the synonym the lexicon adds (增速 → 增长 is a target cue either way)', () => {
    expect(parse('规模工业增加值的增幅').intent).toBe('target');
  });
});

describe('zoneAliases', () => {
  const zoneOf = (alias: string) => aliases.find((a) => a.alias === alias)?.zone;

  it.each([
    ['湖南湘江新区', '湖南湘江新区'],
    ['湘江新区', '湖南湘江新区'],
    ['湖南湘江', '湖南湘江新区'],
    ['湘江', '湖南湘江新区'],
    ['岳阳经开区', '岳阳经开区'],
    ['岳阳经济技术开发区', '岳阳经开区'],
    ['岳阳经济开发区', '岳阳经开区'],
    ['岳阳开发区', '岳阳经开区'],
    ['岳阳', '岳阳经开区'],
    ['萍乡经济技术开发区', '萍乡经开区'],
    ['萍乡', '萍乡经开区'],
    ['天门市', '天门市'],
    ['天门', '天门市'],
  ])('%s names %s', (alias, zone) => {
    expect(zoneOf(alias)).toBe(zone);
  });

  it('lists the longest alias first, so 岳阳经开区 is found before 岳阳', () => {
    for (let i = 1; i < aliases.length; i++) expect(aliases[i - 1].alias.length).toBeGreaterThanOrEqual(aliases[i].alias.length);
  });

  it('ignores duplicate zones', () => {
    expect(zoneAliases(['天门市', '天门市'])).toEqual(zoneAliases(['天门市']));
  });
});

describe('parseQuestion: what a question pins down', () => {
  it.each([
    ['湘江新区经济工作讲评会议是哪天召开的？', '湖南湘江新区'],
    ['湖南湘江新区的会议由谁主持？', '湖南湘江新区'],
    ['岳阳经济技术开发区的年度计划投资是多少？', '岳阳经开区'],
    ['岳阳经济开发区的续建项目有几个？', '岳阳经开区'],
    ['岳阳一季度GDP是多少？', '岳阳经开区'],
    ['岳阳经开区的固投是多少？', '岳阳经开区'],
    ['萍乡的推进会谁主持？', '萍乡经开区'],
    ['天门的推进会由谁主持？', '天门市'],
    ['天门市委书记是谁？', '天门市'],
    ['湘江新區的會議由誰主持？', '湖南湘江新区'],
  ])('%s → zone %s', (question, zone) => {
    const p = parse(question);
    expect(p.zone).toBe(zone);
    expect(p.unknownZone).toBeNull();
  });

  it.each([
    ['北京亦庄经开区的GDP目标是多少？', '北京亦庄经开区'],
    ['谁主持了北京亦庄经开区的会议？', '北京亦庄经开区'],
    ['深圳市的税收目标是多少？', '深圳市'],
    ['深圳市今年的GDP目标是多少？', '深圳市'],
  ])('%s → unknown zone %s, no corpus zone', (question, unknown) => {
    const p = parse(question);
    expect(p.zone).toBeNull();
    expect(p.unknownZone).toBe(unknown);
  });

  it.each(['全市二季度项目拉练活动是哪天举行的？', '市委书记在会上强调了什么？', '杨博强调要牢固树立什么理念？', '明天会下雨吗？'])(
    '%s pins no zone and names no unknown one',
    (question) => {
      const p = parse(question);
      expect(p.zone).toBeNull();
      expect(p.unknownZone).toBeNull();
    },
  );

  it.each([
    ['杨博强调要牢固树立什么理念？', '杨博'],
    ['易先荣要求以什么精神抓好落实？', '易先荣'],
    ['何朝暉主持了哪次會議？', '何朝晖'],
    ['谭勇参加了哪些会议？', '谭勇'],
    ['岳阳经开区的会议由谁主持？', null],
    ['张三在会上说了什么？', null],
  ])('%s → person %s', (question, person) => {
    expect(parse(question).person).toBe(person);
  });

  it.each([
    ['萍乡经开区2024年的推进会由谁主持？', 2024],
    ['岳阳经开区2022年GDP目标是多少？', 2022],
    ['天门 2023 年上半年经济运行情况', 2023],
    ['岳阳经开区今年GDP目标是多少？', null],
    ['岳阳经开区今年一季度GDP是多少？', null],
    ['2022 GDP是多少？', null],
  ])('%s → year %s', (question, year) => {
    expect(parse(question).year).toBe(year);
  });

  it.each([
    ['岳阳经开区一季度GDP是多少？', 'GDP'],
    ['岳阳经开区地区生产总值目标？', 'GDP'],
    ['岳阳经开区全口径税收目标是多少？', '税收'],
    ['岳阳经开区财税入库情况', '税收'],
    ['岳阳经开区固投完成了多少？', '固定资产投资'],
    ['岳阳经开区固定资产投资增长多少？', '固定资产投资'],
    ['岳阳经开区工业增加值增速是多少？', '规模工业增加值'],
    ['天门市的进出口总额是多少？', '进出口'],
    ['岳阳经开区的会议由谁主持？', null],
  ])('%s → indicator %s', (question, indicator) => {
    expect(parse(question).indicator).toBe(indicator);
  });

  it('searches the articles\' word next to the user\'s: 固投 → 固定资产投资, 增速 → 增长', () => {
    expect(parse('岳阳经开区固投完成了多少？').norm).toMatch(/固投.*固定资产投资/);
    expect(parse('岳阳经开区GDP增速是多少？').norm).toMatch(/增速.*增长/);
  });

  it.each([
    ['湘江新區的會議由誰主持？', 'traditional'],
    ['岳陽經開區一季度GDP是多少？', 'traditional'],
    ['天門市委書記是誰？', 'traditional'],
    ['岳阳经开区一季度GDP是多少？', 'simplified'],
    ['GDP是多少？', 'simplified'],
    ['What is the GDP target?', 'simplified'],
  ])('%s is written in %s script', (question, script) => {
    expect(parse(question).script).toBe(script);
  });

  it('normalizes the question: traditional → simplified, full-width → half-width', () => {
    const p = parse('岳陽經開區１－４月份固投是多少？');
    expect(p.norm).toContain('岳阳经开区1-4月份固投是多少?');
    expect(p.raw).toBe('岳陽經開區１－４月份固投是多少？');
  });
});

describe('expandSynonyms', () => {
  it('appends the article\'s word and keeps the user\'s', () => {
    expect(expandSynonyms('规模工业增加值增速', lexicon)).toBe('规模工业增加值增速 增长');
  });

  it('adds nothing when the article\'s word is already there', () => {
    expect(expandSynonyms('增速和增长', lexicon)).toBe('增速和增长');
  });

  it('leaves a question without lexicon words alone', () => {
    expect(expandSynonyms('谁主持会议', lexicon)).toBe('谁主持会议');
  });
});

describe('parseQuestion: follow-ups keep the conversation\'s context', () => {
  const FIRST = '岳阳经开区今年GDP目标是多少';

  it('那税收目标呢？ keeps the zone and asks for 税收', () => {
    const p = parse('那税收目标呢？', [FIRST]);
    expect(p.zone).toBe('岳阳经开区');
    expect(p.indicator).toBe('税收');
    expect(p.intent).toBe('target');
    expect(p.year).toBeNull();
    expect(p.unknownZone).toBeNull();
  });

  it('a follow-up naming another zone switches to it', () => {
    expect(parse('那萍乡经开区呢？', [FIRST]).zone).toBe('萍乡经开区');
    expect(parse('天门的税收目标呢？', [FIRST]).zone).toBe('天门市');
  });

  it('a follow-up naming another zone asks the same kind of question about it', () => {
    const p = parse('那萍乡经开区呢？', [FIRST]);
    expect(p.intent).toBe('target');
    // Without the indicator the follow-up is no longer about GDP and gets an unrelated answer.
    expect(p.indicator).toBe('GDP');
  });

  it('a follow-up naming an unknown zone carries that constraint, not the earlier zone', () => {
    const p = parse('那北京亦庄经开区呢？', [FIRST]);
    expect(p.zone).toBeNull();
    expect(p.unknownZone).toContain('北京亦庄经开区');
  });

  it('names the unknown zone without the words before it (the name is shown to the user)', () => {
    // 资料中没有找到关于“那北京亦庄经开区”的信息 is what the user would read.
    expect(parse('那北京亦庄经开区呢？', [FIRST]).unknownZone).toBe('北京亦庄经开区');
  });

  it('inherits an unknown zone too, so the follow-up still abstains', () => {
    const p = parse('那税收目标呢？', ['深圳市的GDP目标是多少？']);
    expect(p.zone).toBeNull();
    expect(p.unknownZone).toBe('深圳市');
  });

  it('keeps the person and the year', () => {
    const byPerson = parse('他还要求了什么？', ['杨博强调要牢固树立什么理念？']);
    expect(byPerson.person).toBe('杨博');
    const byYear = parse('那岳阳经开区呢？', ['萍乡经开区2022年的推进会由谁主持？']);
    expect(byYear.zone).toBe('岳阳经开区');
    expect(byYear.year).toBe(2022);
    expect(byYear.intent).toBe('leader');
  });

  it('follows the most recent question only', () => {
    const p = parse('那税收目标呢？', ['天门市委书记是谁？', FIRST]);
    expect(p.zone).toBe('岳阳经开区');
  });

  it('a question with its own intent keeps it', () => {
    const p = parse('会议由谁主持？', [FIRST]);
    expect(p.intent).toBe('leader');
    expect(p.zone).toBe('岳阳经开区');
  });

  it('without history nothing is inherited', () => {
    const p = parse('那税收目标呢？');
    expect(p.zone).toBeNull();
    expect(p.indicator).toBe('税收');
  });
});
