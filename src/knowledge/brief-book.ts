import { displayDate } from '../corpus/article.js';
import { mentionsPeriod, PART_OF_YEAR } from '../vocabulary/periods.js';
import { isPlaceCore } from '../vocabulary/places.js';
import { normalizeText, toSimplified } from '../corpus/normalize.js';
import type { Passage } from '../corpus/types.js';
import { zoneAliases } from '../qa/parse.js';
import type { FactSource } from '../qa/engine.js';
import type { Answer, Citation, FactStatement, ParsedQuestion } from '../qa/types.js';
import type { Brief } from './briefs.js';
import { shortItem, type Directive } from './directives.js';
import { formatValue, type Figure } from './figures.js';
import { askedFigureKind, asksRate } from '../vocabulary/figure-kinds.js';
import type { Person, Role } from './people.js';

const ROLE_TEXT: Record<Role, string> = { 主持: '主持会议', 讲话: '讲话', 出席: '出席', 调研: '调研', 点评: '点评' };
const ROLE_IN_QUESTION: [RegExp, Role][] = [
  [/主持/, '主持'],
  [/出席|参加|参会|列席/, '出席'],
  [/点评/, '点评'],
  [/调研|考察/, '调研'],
  [/讲话|发言|要求|强调|指出/, '讲话'],
];
// The title asked for, without what comes before a 的 (作工作部署的管委会主任 → 管委会主任).
const TITLE_IN_QUESTION = /((?:(?!的|是|在)[\u4e00-\u9fff]){0,8}?(?:书记|主任|区长|市长|主席|常委|部长|局长|县长|省长))(?!会)/;
const BROAD_DIRECTIVE = /哪些要求|什么要求|哪些部署|什么部署|哪[一二三四五六七八九十几]+[点条项个](?:要求|部署|意见)|提出了?哪些|强调了?(?:什么|哪些)|要求了?什么|部署了?(?:哪些|什么)|有何要求|讲了什么|说了什么|什么说法|怎么讲|怎么说|指出了?什么/;
/** Questions about who took a photo or wrote the report. */
const CREDIT = /拍|摄|照片|图片|记者|通讯员|作者|谁写/;
/** Which meetings a zone, a year or a period had. */
const MEETING_LIST = /哪些会|哪几次会|几次会|开过|开了哪些|召开了哪些/;
/** Who said or proposed a phrase. */
const WHO_SAID = /谁(?:提|说|讲|强调|要求|指出|部署)|(?:提|说|讲|强调|要求|指出)(?:出)?的/;
/** Briefs shown in one answer; `npm run brief` lists them all. */
const BRIEFS_PER_ANSWER = 5;
const PERIODS = ['一季度', '二季度', '三季度', '四季度', '前三季度', '上半年', '下半年', '全年', '年度'];

function personLine(p: Person, role?: Role): string {
  const title = p.title ? `（${p.title}）` : '';
  return `${p.name}${title}${role ? ROLE_TEXT[role] : ''}`;
}

/** 2024-09-14 → 2024年9月14日; a date known only by month and day (09-14) → 9月14日. */
function longDate(date: string): string {
  const parts = date.split('-').map(Number);
  const [y, m, d] = parts.length === 3 ? parts : [null, ...parts];
  return `${y ? `${y}年` : ''}${m}月${d}日`;
}

export function figureLine(f: Figure): string {
  // The kind is said as the article says it: a 预计 figure is never worded as a target.
  const target = f.kind === 'target' && !/目标/.test(f.indicator) ? '目标' : f.kind === 'estimate' ? '预计' : '';
  const growth = f.growth ? `，同比增长${f.growth}` : '';
  if (f.value === null) return `${f.period ?? ''}${f.indicator}同比增长${f.growth}`;
  return `${f.period ?? ''}${f.indicator}${target}为${formatValue(f)}${growth}`;
}

/** Briefs loaded from the index, queried by the answerer (facts first) and the brief command. */
export class BriefBook implements FactSource {
  private readonly byDoc: Map<string, Brief>;
  // Worked out on first use: a large collection has tens of thousands of names.
  private names: string[] | undefined;
  private cities: string[] | undefined;
  private aliases: ReturnType<typeof zoneAliases> | undefined;

  private constructor(private readonly briefs: Brief[]) {
    this.byDoc = new Map(briefs.map((b) => [b.docId, b]));
  }

  static from(facts: unknown, _passages?: Passage[]): BriefBook {
    return new BriefBook(Array.isArray(facts) ? (facts as Brief[]) : []);
  }

  all(): Brief[] {
    return this.briefs;
  }

  /** Cities named in the people's titles (长沙市委书记 → 长沙). */
  places(): string[] {
    // Cities, districts and counties in the leaders' titles (长沙市委书记, 增城区委书记): English
    // questions name them by their pinyin (Zengcheng District).
    this.cities ??= [
      ...new Set(
        this.briefs.flatMap((b) =>
          b.people.flatMap((p) => [...p.title.matchAll(/([\u4e00-\u9fff]{2,4}?)[市区县]/g)].map((m) => m[1]).map((c) => [...Array(c.length - 1).keys()].map((i) => c.slice(i)).find(isPlaceCore)).filter((c): c is string => !!c)),
        ),
      ),
    ];
    return this.cities;
  }

  people(): string[] {
    this.names ??= [...new Set(this.briefs.flatMap((b) => b.people.map((p) => p.name)))];
    return this.names;
  }

  statementsFor(parsed: ParsedQuestion, docIds: Set<string>): FactStatement[] {
    const briefs = [...docIds].map((id) => this.byDoc.get(id)).filter((b): b is Brief => !!b);
    if (briefs.length === 0) return [];
    const q = parsed.norm;
    if (parsed.person && (parsed.intent === 'list' || /哪些会议|哪几次|(?:参加|出席)了?(?:哪些|什么)会?/.test(q))) return this.meetingsOf(parsed.person, briefs);
    if (parsed.intent === 'list' && MEETING_LIST.test(q)) return this.meetingList(briefs);
    if (WHO_SAID.test(q) && !parsed.person) {
      const said = this.whoSaid(q, briefs);
      if (said.length) return said;
    }
    // 照片是谁拍的 asks for a credit line, not a leader's role.
    if (parsed.intent === 'leader' && !CREDIT.test(q)) return this.leaderFacts(parsed, briefs);
    if (parsed.intent === 'date') return this.dateFacts(q, briefs);
    if (parsed.intent === 'target' || (parsed.intent === 'list' && parsed.indicator)) return this.figureFacts(parsed, briefs);
    if (parsed.intent === 'directive' && BROAD_DIRECTIVE.test(q)) return this.directiveFacts(parsed, briefs);
    return [];
  }

  /** 湘江新区开过哪些会: each article's meeting, in date order. */
  private meetingList(briefs: Brief[]): FactStatement[] {
    return [...briefs]
      .sort((a, b) => (a.meeting.date ?? a.date ?? '').localeCompare(b.meeting.date ?? b.date ?? ''))
      .map((b) => ({ b, passageId: b.people[0]?.passageId ?? b.figures[0]?.passageId ?? b.directives[0]?.passageId }))
      .filter((x): x is { b: Brief; passageId: string } => !!x.passageId)
      .map(({ b, passageId }) => ({ text: `${b.meeting.date ?? b.date ?? ''}，${b.meeting.name}${b.meeting.zone ? `（${b.meeting.zone}）` : ''}`, passageId }));
  }

  /**
   * 挂图作战是谁提的: the speakers whose directives contain the phrase, one line per article.
   * The phrase is what the question says before 是谁/谁.
   */
  private whoSaid(q: string, briefs: Brief[]): FactStatement[] {
    const phrase = /^(.{2,20}?)(?:这句话|这个说法|这一要求|的说法)?(?:是|是由)?谁/.exec(q.replace(/[“”"「」『』]/g, ''))?.[1]?.replace(/^(?:关于|会上)/, '');
    if (!phrase || phrase.length < 2) return [];
    const out: FactStatement[] = [];
    for (const b of briefs) {
      const d = b.directives.find((x) => x.text.includes(phrase) || x.items.some((i) => i.includes(phrase)));
      if (!d) continue;
      const person = b.people.find((p) => p.name === d.speaker);
      const item = d.items.find((i) => i.includes(phrase)) ?? d.text;
      out.push({ text: `${person ? personLine(person) : d.speaker}${d.verb}：${item}`, passageId: d.passageId });
    }
    return out;
  }

  private meetingsOf(name: string, briefs: Brief[]): FactStatement[] {
    const out: FactStatement[] = [];
    for (const b of briefs) {
      const p = b.people.find((x) => x.name === name);
      if (!p) continue;
      const roles = p.roles.length ? p.roles.map((r) => ROLE_TEXT[r]).join('、') : '参加';
      out.push({ text: `${b.meeting.date ?? b.date ?? ''}，${name}${p.title ? `（${p.title}）` : ''}${roles}：${b.meeting.name}（${b.meeting.zone ?? ''}）`, passageId: p.passageId });
    }
    return out;
  }

  private leaderFacts(parsed: ParsedQuestion, briefs: Brief[]): FactStatement[] {
    const q = parsed.norm;
    // The role asked is the verb beside the question word (谁主持, 主持的是谁), not one that sets
    // the scene (市委书记到…调研时，是谁首先汇报…).
    const nearWho = /谁|哪位/.test(q) ? (q.split(/[，,；;]/).find((c) => /谁|哪位/.test(c)) ?? q) : q;
    const role = ROLE_IN_QUESTION.find(([re]) => re.test(nearWho))?.[1];
    // The office asked for (管委会主任是谁, 哪位党工委书记), not one that only sets the scene
    // (市委书记到平湖经开区调研时，是谁首先汇报…).
    const asked = new RegExp(`${TITLE_IN_QUESTION.source}(?=是谁|叫什么|叫啥|是哪位|是什么人|的?姓名|的?名字|分别是|[?？]?$)|(?<=哪位|哪个|哪一位)${TITLE_IN_QUESTION.source}`).exec(q);
    const titleWanted = asked?.[1] ?? asked?.[2] ?? (/谁|哪位/.test(q) ? undefined : TITLE_IN_QUESTION.exec(q)?.[1]);
    if (parsed.person) {
      // Of the person's mentions, the fullest title (长沙市委副书记、…党工委书记…, not 长沙市级领导).
      const mentions = briefs.flatMap((b) => b.people.filter((x) => x.name === parsed.person && x.title));
      const p = mentions.sort((a, b) => b.title.length - a.title.length)[0];
      return p ? [{ text: personLine(p, role && p.roles.includes(role) ? role : undefined), passageId: p.passageId }] : [];
    }
    // 谁讲话、谁主持: two roles asked, each answered, in the order asked, from one meeting.
    const rolesAsked = ROLE_IN_QUESTION.map(([re, r]) => ({ r, at: q.search(re) }))
      .filter((x) => x.at >= 0)
      .sort((a, b) => a.at - b.at)
      .map((x) => x.r);
    if (rolesAsked.length > 1 && /谁|哪位/.test(q)) {
      for (const b of briefs) {
        const lines = rolesAsked.flatMap((r) => {
          const holders = b.people.filter((p) => p.roles.includes(r));
          return holders.length ? [{ text: holders.map((p) => personLine(p)).join('、') + ROLE_TEXT[r], passageId: holders[0].passageId }] : [];
        });
        if (lines.length === rolesAsked.length) return lines;
      }
    }
    // 新任的工委书记和管委会主任分别是谁: each office asked, answered from one meeting.
    const titlesAsked = [...q.matchAll(new RegExp(TITLE_IN_QUESTION.source, 'g'))].map((m) => m[1].replace(/^(?:和|与|及|、)/, ''));
    if (titlesAsked.length > 1 && /分别|各是|各自|和|与|及|、/.test(q)) {
      for (const b of briefs) {
        const holders = titlesAsked.map((t) => bestTitleMatch(b.people, t));
        if (holders.every((h): h is Person => h !== undefined && h !== null) && new Set(holders.map((h) => h.name)).size === holders.length) {
          return holders.map((h) => ({ text: personLine(h), passageId: h.passageId }));
        }
      }
    }
    for (const b of briefs) {
      if (titleWanted) {
        const match = bestTitleMatch(b.people, titleWanted);
        if (match) return [{ text: personLine(match), passageId: match.passageId }];
      }
      if (role) {
        // 出席并讲话 asks for whoever did both.
        const both: Role[] = /主持并讲话/.test(nearWho) ? ['主持', '讲话'] : /出席并讲话/.test(nearWho) ? ['出席', '讲话'] : [role];
        const people = b.people.filter((p) => both.every((r) => p.roles.includes(r)));
        if (people.length === 1) return [{ text: personLine(people[0], role), passageId: people[0].passageId }];
        if (people.length > 1) {
          const groups = new Map<string, Person[]>();
          for (const p of people) groups.set(p.title, [...(groups.get(p.title) ?? []), p]);
          const parts = [...groups.entries()].map(([title, ps]) => `${ps.map((p) => p.name).join('、')}${title ? `（${title}）` : ''}`);
          return [{ text: `${ROLE_TEXT[role]}的有：${parts.join('；')}`, passageId: people[0].passageId }];
        }
      }
    }
    return [];
  }

  private figureFacts(parsed: ParsedQuestion, briefs: Brief[]): FactStatement[] {
    const q = parsed.norm;
    const period = PERIODS.find((p) => q.includes(p)) ?? /\d{1,2}-\d{1,2}月/.exec(q)?.[0];
    // The kind of figure asked is a constraint, not a preference: a target question is never
    // answered with an estimate or a result, and a result question never with a target.
    const wanted = askedFigureKind(q);
    const scored: { f: Figure; score: number; brief: Brief }[] = [];
    for (const b of briefs) {
      for (const f of b.figures) {
        let score = 0;
        // 计划总投资 asked: 项目计划总投资 is closer than 年度计划投资.
        const run = commonRun(q.toLowerCase(), f.indicator.toLowerCase());
        if (q.toLowerCase().includes(f.indicator.toLowerCase())) score += 2 + f.indicator.length / 10;
        else if (namesIndicator(f.indicator, parsed)) score += 1.5 + run / 10;
        // 烟花爆竹产业集群今年的总产值 asks about 烟花爆竹产业集群总产值.
        else if (run >= 3) score += 1 + run / 10;
        else continue;
        if (period) score += f.period && mentionsPeriod(f.period, period) ? 1 : -1;
        // 总产值是多少 asks an amount: a growth rate is no answer to it.
        if (!asksRate(q) && (f.value === null || f.unit === '%') && !/率|比重|占比/.test(f.indicator)) continue;
        // 计划增长多少 asks a rate: an amount (7亿产值) is no answer to it.
        if (asksRate(q) && !/总额|总量|多少亿|多少万/.test(q) && !f.growth && f.unit !== '%' && !/率|比重|占比/.test(f.indicator)) continue;
        // 全年 asked: a figure of part of the year is not the year's.
        if (/全年/.test(q) && f.period && PART_OF_YEAR.test(f.period)) continue;
        // A figure of another year (2022年 when 2023 is asked) is no answer.
        if (parsed.year && f.period && /(\d{4})年/.test(f.period) && !f.period.includes(`${parsed.year}年`)) continue;
        if (wanted === 'target' && f.kind !== 'target') continue;
        if (wanted === 'estimate' && f.kind !== 'estimate') continue;
        if (wanted === 'result' && f.kind === 'target') continue;
        if (wanted && f.kind === wanted) score += 1;
        if (/增速|增长|增幅/.test(q) && f.growth) score += 1;
        scored.push({ f, score, brief: b });
      }
    }
    scored.sort((a, b) => b.score - a.score);
    if (scored.length === 0 || scored[0].score < 2) return [];
    if (parsed.intent === 'list') {
      // One line per zone: 列出各区的GDP目标.
      const seen = new Set<string>();
      return scored
        .filter((s) => s.score >= scored[0].score - 0.5)
        .filter((s) => !seen.has(s.brief.docId) && seen.add(s.brief.docId))
        .map((s) => ({ text: `${s.brief.meeting.zone ?? s.brief.title}：${figureLine(s.f)}`, passageId: s.f.passageId }));
    }
    const best = scored[0];
    // 规模工业增加值、固定资产投资、社会消费品零售总额分别增长多少: one line per indicator named.
    const named = [...new Set(scored.filter((s) => s.brief.docId === best.brief.docId && q.toLowerCase().includes(s.f.indicator.toLowerCase())).map((s) => s.f.indicator))];
    if (named.length > 1) {
      return named
        .filter((name) => !named.some((other) => other !== name && other.includes(name)))
        .sort((a, b) => q.toLowerCase().indexOf(a.toLowerCase()) - q.toLowerCase().indexOf(b.toLowerCase()))
        .map((name) => scored.find((s) => s.brief.docId === best.brief.docId && s.f.indicator === name)!)
        .map((s) => ({ text: figureLine(s.f), passageId: s.f.passageId }));
    }
    const dup = new Set<string>();
    const key = (f: Figure) => `${f.indicator}|${formatValue(f)}|${f.growth}`;
    return scored
      .filter((s) => s.brief.docId === best.brief.docId && s.score >= best.score - 0.01)
      .filter((s) => !dup.has(key(s.f)) && dup.add(key(s.f)))
      .slice(0, 2)
      .map((s) => ({ text: figureLine(s.f), passageId: s.f.passageId }));
  }

  /** When a meeting was held; 讲评会议和协调小组会议分别在哪天召开 gets each meeting it names. */
  private dateFacts(q: string, briefs: Brief[]): FactStatement[] {
    const dated = briefs
      .filter((b) => b.meeting.date)
      .map((b) => ({ b, passageId: b.people[0]?.passageId ?? b.figures[0]?.passageId ?? b.directives[0]?.passageId, run: commonRun(q, b.meeting.name) }))
      .filter((x): x is { b: Brief; passageId: string; run: number } => !!x.passageId);
    if (dated.length === 0) return [];
    const several = /分别|各自|和|与|及/.test(q) ? dated.filter((x) => x.run >= 4) : [];
    const chosen = several.length > 1 ? several.sort((a, b) => q.indexOf(a.b.meeting.name.slice(-4)) - q.indexOf(b.b.meeting.name.slice(-4))) : [dated[0]];
    return chosen.map(({ b, passageId }) => {
      return { text: `${b.meeting.name}于${longDate(b.meeting.date!)}召开`, passageId };
    });
  }

  private directiveFacts(parsed: ParsedQuestion, briefs: Brief[]): FactStatement[] {
    // 景德镇市委书记讲了什么: the speaker is whoever holds that office, or nobody here.
    const titleAsked = parsed.person ? undefined : TITLE_IN_QUESTION.exec(parsed.norm)?.[1];
    for (const b of briefs) {
      const holder = titleAsked ? bestTitleMatch(b.people, titleAsked)?.name : undefined;
      if (titleAsked && !holder) continue;
      const wanted = parsed.person ?? holder;
      const ds = b.directives.filter((d) => !wanted || d.speaker === wanted);
      if (ds.length === 0) continue;
      const speaker = wanted ?? mostVocal(ds);
      // Of a speaker's several speeches, the ones about what was asked (九华片区, 中秋) come first.
      const spoken = ds.filter((d) => d.speaker === speaker);
      // Only words that tell the speeches apart count; the zone or meeting name is in all or none.
      const meetingWords = `${b.meeting.name}${b.meeting.zone ?? ''}${normalizeText(b.title)}`;
      const bigrams = questionBigrams(parsed.norm, speaker).filter((bg) => !meetingWords.includes(bg)).filter((b) => {
        const n = spoken.filter((d) => d.text.includes(b)).length;
        return n > 0 && n < spoken.length;
      });
      const relevance = (d: Directive) => bigrams.filter((b) => d.text.includes(b)).length;
      const best = Math.max(...spoken.map(relevance));
      const mine = best > 0 ? spoken.filter((d) => relevance(d) === best) : spoken;
      // A topic that only some requirements mention (招商引资, 安全): those requirements, whole.
      const items = [...new Set(mine.flatMap((d) => d.items))];
      const topical = questionBigrams(parsed.norm, speaker)
        .filter((bg) => !meetingWords.includes(bg))
        // A pair most requirements share (工作) names no topic.
        .filter((bg) => {
          const n = items.filter((i) => i.includes(bg)).length;
          return n > 0 && n <= Math.max(1, Math.floor(items.length / 3));
        });
      const itemScore = (item: string) => topical.filter((bg) => item.includes(bg)).length;
      // A speech chosen for its occasion (会议还就中秋节日期间工作进行了安排部署) is answered whole: one
      // pair it shares with a requirement (节日) does not make that requirement the topic.
      const top = Math.max(0, ...items.map(itemScore));
      if (top >= 2 || (top >= 1 && best === 0)) {
        const chosen = items.filter((i) => itemScore(i) === top).slice(0, 4);
        const from = mine.find((d) => d.items.includes(chosen[0])) ?? mine[0];
        return [{ text: `${speaker}${from.verb}：${chosen.join('；')}`, passageId: from.passageId }];
      }
      return [{ text: `${speaker}${mine[0].verb}：${items.slice(0, 6).map(shortItem).join('；')}`, passageId: mine[0].passageId }];
    }
    return [];
  }

  /**
   * The briefs for a docId, zone or person as an answer: each meeting's heading carries the
   * number of its article in the sources list. Null when nothing matches.
   */
  answer(query: string, question: string): Answer | null {
    const selected = this.select(query.trim()).slice(0, BRIEFS_PER_ANSWER);
    if (selected.length === 0) return null;
    const person = this.personFilter(query);
    const citations: Citation[] = selected.map((b, i) => ({
      n: i + 1,
      docId: b.docId,
      passageId: b.people[0]?.passageId ?? b.figures[0]?.passageId ?? b.directives[0]?.passageId ?? `${b.docId}#0`,
      title: b.title,
      source: b.source,
      date: b.date,
      quote: b.meeting.name,
    }));
    const text = selected.map((b, i) => renderBrief(b, person).replace(/^(## .*)$/m, `$1 [${i + 1}]`)).join('\n\n');
    return { question, answer: text, abstained: false, mode: 'extractive', citations, retrieved: citations.map((c) => ({ docId: c.docId, passageId: c.passageId, score: 1 })) };
  }

  /** Markdown briefs for a docId, a zone (any alias) or a person; null when nothing matches. */
  markdown(query: string): string | null {
    const selected = this.select(query.trim());
    if (selected.length === 0) return null;
    return selected.map((b) => renderBrief(b, this.personFilter(query))).join('\n\n');
  }

  select(query: string): Brief[] {
    if (!query) return this.briefs;
    const exact = this.byDoc.get(query);
    if (exact) return [exact];
    const aliases = (this.aliases ??= zoneAliases(this.briefs.map((b) => b.meeting.zone).filter((z): z is string => !!z)));
    const zone = aliases.find((a) => query.includes(a.alias) || a.alias === query)?.zone;
    if (zone) return this.briefs.filter((b) => b.meeting.zone === zone);
    return this.briefs.filter((b) => b.people.some((p) => query.includes(p.name)));
  }

  private personFilter(query: string): string | null {
    return this.people().find((n) => query.includes(n)) ?? null;
  }
}

/** Length of the longest run of characters the two texts share. */
function commonRun(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < b.length; i++) for (let j = i + best + 1; j <= b.length && a.includes(b.slice(i, j)); j++) best = j - i;
  return best;
}

/** The figure's indicator is the one asked about under another of its names (地区生产总值 for GDP). */
function namesIndicator(figureIndicator: string, parsed: ParsedQuestion): boolean {
  const name = figureIndicator.toLowerCase();
  return [parsed.indicator, ...(parsed.indicatorForms ?? [])].some((f) => !!f && name.includes(f.toLowerCase()));
}

function bestTitleMatch(people: Person[], wanted: string): Person | null {
  // The whole phrase, then without its place (天门市政协主席 → 市政协主席 → 政协主席). Tails cut
  // anywhere else would match other offices: 管委会主任 is not 常委会主任.
  const tails = [wanted];
  const admin = /[省市区县]/.exec(wanted);
  if (admin) {
    tails.push(wanted.slice(admin.index));
    if (wanted.length - admin.index - 1 >= 4) tails.push(wanted.slice(admin.index + 1));
  }
  for (const tail of tails) {
    const hit = people.find((p) => p.title.split('、').some((t) => t.endsWith(tail) || t === tail));
    if (hit) return hit;
  }
  return null;
}

/** Character bigrams of a question's CJK text, the speaker's name and question words left out. */
function questionBigrams(norm: string, speaker: string): string[] {
  const text = norm.split(speaker).join(' ').replace(/提出|要求|强调|指出|哪些|什么|了|的|对|在|有/g, ' ');
  const out: string[] = [];
  for (const run of text.match(/[\u4e00-\u9fff]{2,}/g) ?? []) for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  return out;
}

function mostVocal(ds: { speaker: string; items: string[] }[]): string {
  const counts = new Map<string, number>();
  for (const d of ds) counts.set(d.speaker, (counts.get(d.speaker) ?? 0) + d.items.length);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

export function renderBrief(b: Brief, person: string | null = null): string {
  const lines = [`## ${b.meeting.name}`, '', `- 日期：${displayDate(b.meeting.date) ?? b.date ?? '不详'}`, `- 地区：${b.meeting.zone ?? '不详'}`, `- 来源：《${toSimplified(b.title)}》 · ${b.source ? toSimplified(b.source) : '来源不详'} · ${b.date ?? '日期不详'}（${b.docId}）`];
  const people = person ? b.people.filter((p) => p.name === person) : b.people;
  if (people.length) {
    lines.push('', '### 参会领导');
    for (const p of people) lines.push(`- ${p.name}${p.title ? `：${p.title}` : ''}${p.roles.length ? `（${p.roles.join('、')}）` : ''}`);
  }
  if (b.figures.length && !person) {
    lines.push('', '### 目标与数据');
    for (const f of b.figures) lines.push(`- ${figureLine(f)}（${f.kind === 'target' ? '目标' : f.kind === 'estimate' ? '预计' : '完成'}）`);
  }
  const directives = person ? b.directives.filter((d) => d.speaker === person) : b.directives;
  if (directives.length) {
    lines.push('', '### 工作要求');
    const bySpeaker = new Map<string, string[]>();
    for (const d of directives) bySpeaker.set(d.speaker, [...new Set([...(bySpeaker.get(d.speaker) ?? []), ...d.items.map(shortItem)])]);
    for (const [speaker, items] of bySpeaker) {
      lines.push(`- ${speaker}：`);
      items.forEach((item, i) => lines.push(`  ${i + 1}. ${item}`));
    }
  }
  return lines.join('\n');
}
