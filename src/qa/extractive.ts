import { isTraditional, normalizeText, toSimplified, toTraditional } from '../corpus/normalize.js';
import { splitSentences } from '../corpus/passages.js';
import { covers, periodsIn, scoringWeight, type EvidenceResult, type TermGroup } from './engine.js';
import { askedFigureKind, asksRate, clauseKind } from '../vocabulary/figure-kinds.js';
import { mentionsPeriod, PART_OF_YEAR } from '../vocabulary/periods.js';
import type { Answer, Answerer, Citation, Evidence, FactStatement, Hit, Intent, ParsedQuestion } from './types.js';

interface Candidate {
  hit: Hit;
  rank: number;
  /** Original-script sentence, possibly joined with the next when it is only a caption or a fragment. */
  text: string;
  norm: string;
  score: number;
  /** Position of the sentence in its passage, for reading order. */
  order: number;
  /** The sentence after it in the same paragraph, if any. */
  next?: string;
  /** True when the sentence opens its paragraph: numbered items each open one. */
  opensParagraph?: boolean;
}

const SHORT_SENTENCE = 30;
// How much of the paragraph a colon introduces goes with it (a numbered list of requirements).
const INTRODUCED_MAX = 400;
const MAX_SENTENCES = 3;
const LIST_MAX_DOCS = 5;
/** Questions asking for the members of a set: 哪几个导向, 哪五量, 都是哪些. */
const ENUMERATION = /哪几|哪些|都有什么|都是什么|包括什么|有什么|哪[“"「]?[一二三四五六七八九十两\d]+(?:[个项条点种类位量件好]|方面)|几个方面|几点/;
/** A sentence announcing how many items follow: 要重点做好三方面工作, 提出三点要求. */
const ANNOUNCES_ITEMS = /([一二三四五六七八九十两]|\d{1,2})(?:个)?(?:方面|点|项|条|件)(?:工作|要求|意见|任务|措施)?[:：。]?$|([一二三四五六七八九十两]|\d{1,2})(?:个)?(?:方面|点|项|条)(?:工作|要求|意见)|[“"]([一二三四五六七八九十两])[\u4e00-\u9fff]{1,3}[”"]/;
/** An item of a numbered list: 一是…, 第二, 其次. */
const ORDINAL_ITEM = /^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]|首先|其次|再次|最后|[一二三四五六七八九十]、)/;
const CHINESE_COUNT: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const ENUMERATION_MAX = 6;
const SPEECH_ACT = /^(?:要求|强调|指出|提出|表示|认为|说|讲)$/;
/** A sentence that reports a speech. */
const SPEECH = /要求|强调|指出|提出|表示/;
/** A sentence that carries on a speech's points: 要…, 一是…, 第二…, 同时要…. */
const CONTINUES_SPEECH = /^(?:要|[一二三四五六七八九十]是|第[一二三四五六七八九十]|[一二三四五六七八九十]要|同时要|还要|更要|必须)/;
/** A sentence listing at least three items. */
const LISTS_ITEMS = /[^、]+、[^、]+、/;

const INTENT_CUES: Record<Intent, RegExp | null> = {
  leader: /主持|出席|讲话|参加|书记|主任|区长|市长|主席|常委|领导/,
  target: /\d/,
  directive: /要求|强调|指出|提出|表示|认为|评价/,
  date: /\d{1,2}月\d{1,2}日|\d{4}年/,
  list: null,
  general: null,
};

/** Phrases the user put in quotes (“双过半”): what the answer must contain, as in a search engine. */
function quotedPhrases(parsed: ParsedQuestion): string[] {
  return [...(parsed.plain ?? parsed.norm).matchAll(/[“"「『]([^”"」』]{2,20})[”"」』]/g)].map((m) => m[1]);
}

function termScore(norm: string, groups: TermGroup[], title = ''): number {
  // Words next to the question word weigh double: they say what the answer must be about. Words
  // of the article's title (the meeting's name) say which article, not which of its sentences.
  const weight = (g: TermGroup) => scoringWeight(g) * (g.focus ? 2 : 1) * (title && g.forms.some((f) => title.includes(f)) ? 0.25 : 1);
  const total = groups.reduce((s, g) => s + weight(g), 0) || 1;
  return groups.filter((g) => g.forms.some((f) => covers(norm, f))).reduce((s, g) => s + weight(g), 0) / total;
}

function sentencesOf(hit: Hit, rank: number, parsed: ParsedQuestion, contentGroups: TermGroup[], indicatorForms: string[]): Candidate[] {
  // The person asked about counts like one more word of the question: decisive when the rest is
  // thin (涂季在会上做了什么), outweighed when the rest is specific.
  const mean = contentGroups.reduce((s, g) => s + g.weight, 0) / Math.max(1, contentGroups.length) || 1;
  const groups = parsed.person ? [...contentGroups, { forms: [parsed.person], weight: mean }] : contentGroups;
  const quoted = quotedPhrases(parsed);
  const titleNorm = normalizeText(hit.passage.title);
  const paragraphs = hit.passage.text.split('\n');
  const raw = paragraphs.flatMap((p, at) =>
    splitSentences(p).map((s, i, all) => ({
      s,
      next: all[i + 1],
      first: i === 0,
      // 傅国平要求: — a sentence ending in a colon introduces the paragraph after it.
      introduces: i === all.length - 1 && /[:：]$/.test(s.trim()) ? paragraphs[at + 1]?.trim() : undefined,
    })),
  );
  const out: Candidate[] = [];
  raw.forEach(({ s, next, first, introduces }, order) => {
    // A caption or a clipped lead ("均为 郭雨滴 摄") only makes sense with its neighbour in the same paragraph.
    const text = introduces ? `${s}${clip(introduces, INTRODUCED_MAX)}` : s.length < SHORT_SENTENCE && next ? `${s}${/[。！？；]$/.test(s) ? '' : ' '}${next}` : s;
    const norm = normalizeText(text);
    let score = termScore(norm, groups, titleNorm);
    // A phrase the user put in quotes (“五做并举”) must be in the answer, as in a search engine.
    if (quoted.length && quoted.every((q) => norm.includes(q))) score += 1;
    const cue = INTENT_CUES[parsed.intent];
    if (cue && cue.test(norm)) score += 0.15;
    if (indicatorForms.length && indicatorForms.some((f) => norm.includes(f))) score += 0.2;
    score += 0.1 / (1 + rank);
    out.push({ hit, rank, text, norm, score, order, next: text === s ? next : undefined, opensParagraph: first });
  });
  return out;
}

/** What a colon introduces, whole when short, else cut at a sentence end near the limit. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const sentences = splitSentences(text);
  let out = '';
  for (const s of sentences) {
    if (out && out.length + s.length > max) break;
    out += s;
  }
  return out;
}

/** Resolve 今年 to the article's year and render in the question's script. */
export function presentSentence(text: string, date: string | null, script: ParsedQuestion['script']): string {
  const year = date?.slice(0, 4);
  const withYear = year ? text.replace(/今年/g, `${year}年`) : text;
  const trimmed = withYear.replace(/^[,，、;；\s]+/, '').trim();
  if (script === 'simplified') return toSimplified(trimmed);
  // Text already in traditional script keeps its own characters (岳麓 stays 岳麓, not 嶽麓).
  return isTraditional(trimmed) ? trimmed : toTraditional(trimmed);
}

/** Titles and outlets follow the question's script, like the answer itself. */
export function inScript(text: string, script: ParsedQuestion['script']): string {
  return script === 'traditional' ? toTraditional(toSimplified(text)) : toSimplified(text);
}

function sourceLine(hit: Hit, script: ParsedQuestion['script']): string {
  const p = hit.passage;
  const inScript = (t: string) => (script === 'traditional' ? toTraditional(toSimplified(t)) : toSimplified(t));
  return `《${inScript(p.title)}》（${[p.source ? inScript(p.source) : null, p.date].filter(Boolean).join('，')}）`;
}

export function abstainText(evidence: Pick<EvidenceResult, 'gap' | 'nearest' | 'parsed'>): string {
  const { parsed } = evidence;
  const gap = evidence.gap ?? '';
  const head = `资料中没有找到${gap || '能回答这个问题的'}信息。`;
  const near = evidence.nearest.slice(0, 3).map((h) => sourceLine(h, parsed.script));
  const text = near.length ? `${head}最接近的文章：${near.join('；')}。` : head;
  return parsed.script === 'traditional' ? toTraditional(text) : text;
}

/**
 * Extractive answers: pick the sentences that best cover the question's words and intent, cite
 * each, and, for lists, take the best sentence from each article that answers.
 */
export class ExtractiveAnswerer implements Answerer {
  readonly mode = 'extractive' as const;

  constructor(
    private readonly indicatorForms: (indicator: string) => string[] = (i) => [i],
    /** Names of the people in the articles: a "who" answer must name one. */
    private readonly people: string[] = [],
  ) {}

  async answer(evidence: Evidence): Promise<Answer> {
    return this.compose(evidence as EvidenceResult);
  }

  compose(evidence: EvidenceResult): Answer {
    const { parsed, hits } = evidence;
    const retrieved = (hits.length ? hits : evidence.nearest).map((h) => ({ docId: h.passage.docId, passageId: h.passage.passageId, score: round(h.score) }));
    if (hits.length === 0) {
      return { question: parsed.raw, answer: abstainText(evidence), abstained: true, mode: 'extractive', citations: [], retrieved };
    }
    const groups = evidence.terms ?? [];
    const forms = parsed.indicator ? this.indicatorForms(parsed.indicator) : [];
    const candidates = hits.flatMap((h, rank) => sentencesOf(h, rank, parsed, groups, forms));
    // A who-question is answered by a sentence that names someone.
    if (parsed.intent === 'leader' && !parsed.person && ASKS_WHO.test(parsed.plain ?? parsed.norm) && this.people.length > 0) {
      for (const c of candidates) if (this.people.some((p) => c.norm.includes(p))) c.score += 0.3;
    }
    // How long: a sentence that gives a duration.
    if (HOW_LONG.test(parsed.plain ?? parsed.norm)) for (const c of candidates) if (DURATION.test(c.norm)) c.score += 0.3;
    candidates.sort((a, b) => b.score - a.score || a.rank - b.rank);
    const best = candidates[0];
    const chosen: Candidate[] = [];
    // The rest of the best article, for answers that continue past the retrieved passages.
    let context: Candidate[] | undefined;
    const contextSentences = () => (context ??= (evidence.context ?? []).flatMap((h, i) => sentencesOf(h, hits.length + i, parsed, groups, forms)));
    const counted = parsed.intent === 'list' ? null : countedItems(parsed.plain ?? parsed.norm, candidates, contextSentences);
    if (parsed.intent === 'list') {
      const quoted = quotedPhrases(parsed);
      const seenDocs = new Set<string>();
      for (const c of candidates) {
        // With a person pinned down, every article where they appear is part of the list.
        const personHere = parsed.person !== null && c.norm.includes(parsed.person);
        const onTopic = termScore(c.norm, groups) >= 0.5 || (quoted.length > 0 && quoted.every((q) => c.norm.includes(q)));
        if (seenDocs.has(c.hit.passage.docId) || ((c.score < best.score * 0.6 || !onTopic) && !personHere)) continue;
        seenDocs.add(c.hit.passage.docId);
        chosen.push(c);
        if (chosen.length >= LIST_MAX_DOCS) break;
      }
    } else if (counted) {
      // 哪“三化”: the sentence listing three things ending in 化 (任务清单化、责任具体化、进度可视化).
      chosen.push(counted);
    } else if (ENUMERATION.test(parsed.plain ?? parsed.norm)) {
      const more = (evidence.context ?? []).flatMap((h, i) => sentencesOf(h, hits.length + i, parsed, groups, forms));
      chosen.push(...membersOf(candidates, groups, more));
    } else {
      // The words beside the question word (做大做强什么, 对统计工作提出了什么要求) say what the answer
      // is about: when some sentences have them all, the answer comes from those.
      // Only for questions after a thing (什么, 哪些); 表现如何 asks how, and 表现 need not be said.
      const asksThing = /什么|哪些|哪个|哪几/.test(parsed.plain ?? parsed.norm) && !/如何|怎么|怎样/.test(parsed.plain ?? parsed.norm);
      const focus = asksThing ? groups.filter((g) => g.focus && (g.salience ?? 1) > 0 && g.forms[0].length > 1 && !g.forms.some((f) => SPEECH_ACT.test(f))) : [];
      const onFocus = focus.length ? candidates.filter((c) => focus.every((g) => g.forms.some((f) => covers(c.norm, f)))) : [];
      const pool = onFocus.length ? onFocus : candidates;
      const top = pool[0];
      for (const c of pool) {
        if (chosen.length >= MAX_SENTENCES || c.score < top.score * 0.7) break;
        if (chosen.some((x) => x.norm.includes(c.norm) || c.norm.includes(x.norm))) continue;
        chosen.push(c);
      }
    }

    // Where was it held: a headline such as …大会在益阳大剧院召开 says it when no sentence does.
    const asked = parsed.plain ?? parsed.norm;
    if (ASKS_WHERE.test(asked) && best && !chosen.some((c) => STATES_PLACE.test(c.norm))) {
      const title = normalizeText(best.hit.passage.title);
      if (/在[^,，。；]{2,20}(?:召开|举行)/.test(title)) chosen.unshift({ ...best, text: best.hit.passage.title, norm: title, order: -1, next: undefined });
    }

    const citations: Citation[] = [];
    const numberOf = (c: Candidate): number => {
      const existing = citations.find((x) => x.passageId === c.hit.passage.passageId);
      if (existing) {
        if (!existing.quote.includes(c.text)) existing.quote += c.text;
        return existing.n;
      }
      const p = c.hit.passage;
      citations.push({ n: citations.length + 1, docId: p.docId, passageId: p.passageId, title: inScript(p.title, parsed.script), source: p.source && inScript(p.source, parsed.script), date: p.date, quote: c.text });
      return citations.length;
    };
    const render = (c: Candidate) => {
      const n = numberOf(c);
      const sentence = presentSentence(c.text, c.hit.passage.date, parsed.script);
      if (parsed.intent !== 'list') return `${sentence}[${n}]`;
      const p = c.hit.passage;
      const label = [p.zone && inScript(p.zone, parsed.script), p.date].filter(Boolean).join('，');
      return `${label ? `${label}：` : ''}${sourceLine(c.hit, parsed.script).replace(/（.*）$/, '')} ${sentence}[${n}]`;
    };
    const lines = chosen.map(render);
    const facts = evidence.facts.map((f) => factLine(f, evidence, citations, parsed)).filter(Boolean);
    // Facts answer directly; the sentence that states the first fact then supports it.
    // Facts from several passages (a meeting list) are each cited already; one sentence backing
    // only the first would read as part of the list.
    const onePassage = evidence.facts.every((f) => f.passageId === evidence.facts[0]?.passageId);
    const found = facts.length && onePassage ? supportingLine(evidence.facts[0].text, candidates) : null;
    // A directive's items are the article's own sentences: repeating one underneath says nothing new.
    const support = found && !restates(evidence.facts[0].text, found.norm) ? found : null;
    const answer = withVerdict([...facts, ...(support ? [render(support)] : found || facts.length > 1 ? [] : facts.length ? lines.slice(0, 1) : lines)], parsed).join('\n');
    // No sentence was on topic enough to say, or none says what kind of thing was asked (a name, a
    // number): that is a "not found", never an empty or evasive reply.
    const unstated = facts.length === 0 ? unstatedKind(parsed, chosen, this.people) : null;
    if (!answer.trim() || unstated !== null) return { question: parsed.raw, answer: abstainText({ ...evidence, gap: unstated ?? '', nearest: firstPerDoc(hits) }), abstained: true, mode: 'extractive', citations: [], retrieved };
    return { question: parsed.raw, ...renumber(answer, citations), abstained: false, mode: 'extractive', citations: renumber(answer, citations).citations, retrieved };
  }
}

const ASKS_WHERE = /在哪里?(?:召开|举行|开)|哪个会场|什么地方(?:召开|举行)|会场在|地点/;
const STATES_PLACE = /在[^,，。；]{2,20}(?:召开|举行)|会议室|会场|礼堂|大厅|宾馆|酒店|大厦|中心|现场/;
const AMOUNT = /\d+(?:\.\d+)?\s*(?:亿|万|元|个|家|项|吨|亩|平方米|人|户|批|座|宗|件)|[一二三四五六七八九十两百千万]+[个家项亿万元批]/;
const HOW_LONG = /多久|多长时间|几个小时|多少小时|多少天/;
const DURATION = /[\d一二三四五六七八九十两半]+\s*(?:个)?(?:半)?(?:小时|分钟|天|个月|周)/;
/** A question asking who: the answer must name someone. */
export const ASKS_WHO = /谁|哪位|叫什么|叫啥|姓名|名字|什么人/;
const ASKS_HOW_MANY = /多少|(?<!哪)几[个家项亿万]|多大|多高|比重|百分之几/;
const OFFICE_ASKED = /((?:(?![的是在])[\u4e00-\u9fff]){0,8}?(?:书记|主任|区长|市长|县长|主席|局长|部长|省长|常委))(?![\u4e00-\u9fff]{0,2}会)/;
// 主任会议 and 常委会 are meetings, not offices.
const ASKED_TITLE = /([\u4e00-\u9fff]{0,3}(?:书记|主任|区长|市长|县长|主席|局长|部长|省长|常委))(?![\u4e00-\u9fff]{0,2}会)/;
const DATE_PARTS = /\d{4}年|\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日/g;
const STATES_NUMBER = /\d|[一二三四五六七八九十两百千万]+[个家项亿万元倍成天年次名人条件批场处所座户位期轮]/;

/** For a question about “三化” or “四好”: the sentence listing that many items ending in that word. */
function countedItems(question: string, candidates: Candidate[], rest: () => Candidate[]): Candidate | null {
  const m = /[“"「]([一二三四五六七八九十两])([\u4e00-\u9fff])[”"」]/.exec(question);
  if (!m) return null;
  const count = CHINESE_COUNT[m[1]];
  const item = new RegExp(`[\u4e00-\u9fff]{1,8}${m[2]}(?=[、，,；;。和与及]|$)`, 'g');
  return [...candidates, ...rest()].find((c) => (c.norm.match(item)?.length ?? 0) >= count) ?? null;
}

/**
 * For "which ones" questions the members are often one sentence each (要坚持目标导向…, 要坚持问题导向…)
 * or listed right after the sentence that names the set (打造“三区三基地”… then 确保A、B、C…建设成势见效):
 * the best sentence, then every sentence of its article that has all the words next to the question word, in reading order.
 */
function membersOf(candidates: Candidate[], groups: TermGroup[], rest: Candidate[] = []): Candidate[] {
  const best = candidates[0];
  // The speech act (要求坚持哪几个导向) is said once, before the members, not in each of them.
  // A single character beside the question word (抓 of 坚定不移抓哪几个方面) is how the members
  // were introduced, not what each of them says (坚定不移扩内需).
  const focus = groups.filter((g) => g.focus && (g.salience ?? 1) > 0 && g.forms[0].length > 1 && !g.forms.some((f) => SPEECH_ACT.test(f)));
  const position = (c: Candidate) => Number(c.hit.passage.passageId.split('#').pop()) * 1000 + c.order;
  const members = [...candidates, ...rest]
    .filter((c) => c !== best && c.hit.passage.docId === best.hit.passage.docId && focus.length > 0 && focus.every((g) => g.forms.some((f) => covers(c.norm, f))))
    .sort((a, b) => position(a) - position(b));
  const pool = members.length ? members : candidates.filter((c) => c !== best && c.score >= best.score * 0.7);
  const chosen: Candidate[] = [best];
  // 要重点做好三方面工作。 followed by the three, each opening its paragraph: those are the members.
  const announced = ANNOUNCES_ITEMS.exec(best.norm);
  if (announced) {
    const word = announced[1] ?? announced[2] ?? announced[3];
    const count = CHINESE_COUNT[word] ?? Number(word);
    const following = [...candidates, ...rest]
      .filter((c) => c.hit.passage.docId === best.hit.passage.docId && position(c) > position(best) && (c.opensParagraph || ORDINAL_ITEM.test(c.norm)))
      .sort((a, b) => position(a) - position(b))
      .filter((c, i, all) => all.findIndex((x) => position(x) === position(c)) === i);
    if (count > 1 && following.length >= Math.min(count, 2)) return [best, ...following.slice(0, Math.min(count, ENUMERATION_MAX))];
  }

  for (const c of pool) {
    if (chosen.length >= (members.length ? ENUMERATION_MAX : MAX_SENTENCES)) break;
    if (!chosen.some((x) => x.norm.includes(c.norm) || c.norm.includes(x.norm))) chosen.push(c);
  }
  // A set named in one sentence is often listed in the next (打造“三区三基地”… 确保A、B、C…).
  if (!LISTS_ITEMS.test(best.norm) && best.next && LISTS_ITEMS.test(normalizeText(best.next))) {
    const listing = candidates.find((c) => c.hit === best.hit && c.order === best.order + 1);
    if (listing && !chosen.includes(listing)) chosen.splice(1, 0, listing);
  }
  // 强调,…要鼓干劲、挑大梁…。要强本领、勇争先…。要强作风、抓队伍…: the sentences right after a
  // speech that open with 要 (or 一是, 二是) are the same speech's further points, in order.
  const all = [...candidates, ...rest];
  const runAfter = (c: Candidate): Candidate[] => {
    const run: Candidate[] = [];
    for (let order = c.order + 1; run.length < ENUMERATION_MAX; order++) {
      const next = all.find((x) => x.hit.passage.passageId === c.hit.passage.passageId && x.order === order);
      if (!next || !CONTINUES_SPEECH.test(next.norm)) break;
      // What a colon introduced is in the sentence already.
      if (!c.norm.includes(next.norm)) run.push(next);
    }
    return run;
  };
  // The chosen speech with points after it; else, when asked for requirements, the best such
  // speech of the same article (the lead that names the meeting is not what was required).
  const asksRequirements = groups.some((g) => g.forms.some((f) => SPEECH_ACT.test(f)));
  const speeches = [
    ...chosen.map((c, i) => ({ c, i })),
    ...(asksRequirements ? candidates.filter((c) => !chosen.includes(c) && c.hit.passage.docId === best.hit.passage.docId && c.score >= best.score * 0.5).map((c) => ({ c, i: 0 })) : []),
  ];
  for (const { c, i } of speeches) {
    if (!SPEECH.test(c.norm)) continue;
    const run = runAfter(c);
    if (run.length === 0) continue;
    const head = chosen.includes(c) ? chosen.slice(0, i + 1) : [chosen[0], c];
    const merged = [...head.filter((x) => !run.includes(x)), ...run, ...chosen.filter((x) => !head.includes(x) && !run.includes(x))];
    return merged.slice(0, Math.max(ENUMERATION_MAX, head.length + run.length));
  }
  return chosen.slice(0, ENUMERATION_MAX);
}

/**
 * A yes/no question (是不是谭勇主持的) is answered yes or no first, by whether what it supposes is
 * in the direct answer, then the answer itself says what is the case.
 */
function withVerdict(lines: string[], parsed: ParsedQuestion): string[] {
  if (!parsed.claimed?.length || lines.length === 0) return lines;
  const head = normalizeText(lines[0]).replace(/\s+/g, '');
  // A number is compared whole: 3% is not in 8.3%, 40亿 is not in 440亿元.
  const says = (claim: string) => {
    const n = /^(\d+(?:\.\d+)?)(.*)$/.exec(claim);
    return n ? new RegExp(`(?<![\\d.])${n[1].replace('.', '\\.')}(?![\\d.])${n[2] ? `\\s*${n[2].slice(0, 1)}` : ''}`).test(head) : head.includes(claim);
  };
  const yes = parsed.claimed.every(says);
  const verdict = yes ? '是。' : '不是。';
  return [`${verdict}${lines[0]}`, ...lines.slice(1)];
}

/**
 * What the question asks for that no chosen sentence states (a person with the title asked, a
 * number for the indicator and period asked, a place), as the gap to name; null when stated.
 */
function unstatedKind(parsed: ParsedQuestion, chosen: Candidate[], people: string[]): string | null {
  const asked = parsed.plain ?? parsed.norm;
  const title = ASKED_TITLE.exec(asked)?.[1];
  if (!statesAskedKind(parsed, chosen, people)) {
    // Named in full for the message (景德镇市委书记), not just its last characters.
    const office = OFFICE_ASKED.exec(asked)?.[1] ?? title;
    if (parsed.intent === 'leader' && office) return `关于“${office}”是谁的`;
    if (parsed.intent === 'directive' && office) return `关于“${office}”讲话的`;
    if (parsed.intent === 'target') return `关于“${[...periodsIn(asked), parsed.indicator ?? ''].join('') || '这个数字'}”具体数字的`;
    if (ASKS_WHERE.test(asked)) return '关于召开地点的';
    return '';
  }
  return null;
}


function statesAskedKind(parsed: ParsedQuestion, chosen: Candidate[], people: string[]): boolean {
  const asked = parsed.plain ?? parsed.norm;
  // A leader asked by title (管委会主任叫啥) must be named with that title (…管委会主任刘某), not
  // just appear near another office; a photographer is not asked by title.
  // A title is what is asked only when the question asks who holds it (管委会主任是谁), not when it
  // is part of what was done (转达市委常委会会议精神的是谁).
  const anyTitle = ASKED_TITLE.exec(asked)?.[1];
  const speakerByTitle = parsed.intent === 'directive' && anyTitle !== undefined && asked.indexOf(anyTitle) < asked.search(/讲|说|强调|要求|指出|提出|部署/);
  const title = speakerByTitle ? anyTitle : (new RegExp(`${ASKED_TITLE.source}(?=是谁|叫什么|叫啥|是哪位|的?姓名|的?名字|是什么人|[?？]?$)|(?<=哪位|哪个)${ASKED_TITLE.source}`).exec(asked)?.[1] ?? undefined);
  if (!parsed.person && title && people.length > 0 && ((parsed.intent === 'leader' && ASKS_WHO.test(asked)) || speakerByTitle)) {
    // A title chain (长沙市委副书记、湖南湘江新区…党工委书记、岳麓区委书记谭勇) may be long, but not cross a clause.
    return chosen.some((c) => people.some((p) => new RegExp(`${title}[^，,。；;]{0,40}?${p}|${p}[（(]?[^，,。；;]{0,12}?${title}`).test(c.norm)));
  }
  // Who was it: the answer must name someone the articles name.
  if (!parsed.person && parsed.intent === 'leader' && ASKS_WHO.test(asked) && people.length > 0) {
    return chosen.some((c) => people.some((p) => c.norm.includes(p)));
  }
  // A year the question fixes: a sentence about another year only (2010年…) does not answer it.
  if (parsed.year && (parsed.intent === 'target' || ASKS_HOW_MANY.test(asked))) {
    const years = (c: Candidate) => [...c.norm.matchAll(/(\d{4})年/g)].map((m) => Number(m[1]));
    const onYear = chosen.filter((c) => years(c).length === 0 || years(c).includes(parsed.year!));
    if (onYear.length === 0) return false;
  }
  // Dates (2023年上半年, 5月26日) are not the quantity asked for; 1-4月份的税收 needs a number
  // said of that indicator in that period, not the year's tax target beside the period's investment.
  // (目标是什么 with an indicator asks for a number as much as 多少 does.)
  if (parsed.intent === 'target' && (ASKS_HOW_MANY.test(asked) || parsed.indicator !== null)) {
    const periods = periodsIn(asked);
    const forms = parsed.indicatorForms ?? (parsed.indicator ? [parsed.indicator] : []);
    const kind = askedFigureKind(asked);
    // 全年 asked: a figure of part of the year (上半年…增长5.5%) is not the year's.
    if (/全年|全年度/.test(asked) && !chosen.some((c) => !PART_OF_YEAR.test(c.norm) || /全年|1-12月/.test(c.norm))) return false;
    // 总产值是多少 asks an amount: a growth rate alone (同比增长26.73%) does not answer it.
    if (!asksRate(asked) && !chosen.some((c) => AMOUNT.test(c.norm.replace(DATE_PARTS, '')))) return false;
    // One clause must give a number of the indicator asked, of the kind asked (GDP增长目标 is not
    // answered by 两个阶段性目标, nor 财税收入的目标 by 完成财税收入21.89亿元), in a sentence of the
    // period asked.
    return chosen.some((c) => {
      if (!periods.every((p) => mentionsPeriod(c.norm, p))) return false;
      const clauses = c.norm.split(/[,，;；。]/);
      return clauses.some(
        (clause, i) =>
          STATES_NUMBER.test(clause.replace(DATE_PARTS, '')) &&
          (forms.length === 0 || forms.some((f) => clause.toLowerCase().includes(f.toLowerCase()))) &&
          (!kind || clauseKind(clauses, i) === kind),
      );
    });
  }
  // How many (有几个部门发言) needs a number, whatever the topic.
  if (parsed.intent !== 'target' && ASKS_HOW_MANY.test(asked) && !chosen.some((c) => STATES_NUMBER.test(c.norm.replace(DATE_PARTS, '')))) return false;
  // How long needs a duration (四个半小时), not the meeting's date.
  if (HOW_LONG.test(asked)) return chosen.some((c) => DURATION.test(c.norm));
  // Where a meeting was held needs a place, not just the meeting.
  if (ASKS_WHERE.test(asked)) return chosen.some((c) => STATES_PLACE.test(c.norm));
  return true;
}

/** A direct one-line answer from an extracted fact, cited to the passage the fact came from. */
function factLine(fact: FactStatement, evidence: Evidence, citations: Citation[], parsed: ParsedQuestion): string {
  const hit = evidence.hits.find((h) => h.passage.passageId === fact.passageId);
  if (!hit) return '';
  let n = citations.find((c) => c.passageId === fact.passageId)?.n;
  if (!n) {
    const p = hit.passage;
    const quote = p.text.split('\n').flatMap((x) => splitSentences(x)).find((s) => fact.text.split(/[（）：，、；]/).some((part) => part.length >= 2 && normalizeText(s).includes(part))) ?? p.text.slice(0, 120);
    citations.push({ n: citations.length + 1, docId: p.docId, passageId: p.passageId, title: inScript(p.title, parsed.script), source: p.source && inScript(p.source, parsed.script), date: p.date, quote });
    n = citations.length;
  }
  const text = parsed.script === 'traditional' ? inPassageScript(presentSentence(fact.text, hit.passage.date, 'simplified'), hit.passage.text) : presentSentence(fact.text, hit.passage.date, parsed.script);
  return `${text}${/[。！？]$/.test(text) ? '' : '。'}[${n}]`;
}

/** Number citations in the order they first appear in the text, and drop unused ones. */
export function renumber(answer: string, citations: Citation[]): { answer: string; citations: Citation[] } {
  const order: number[] = [];
  for (const m of answer.matchAll(/\[(\d+)\]/g)) if (!order.includes(Number(m[1]))) order.push(Number(m[1]));
  const map = new Map(order.map((n, i) => [n, i + 1]));
  return {
    answer: answer.replace(/\[(\d+)\]/g, (_, n: string) => `[${map.get(Number(n)) ?? n}]`),
    citations: order.map((n, i) => ({ ...citations.find((c) => c.n === n)!, n: i + 1 })),
  };
}

/**
 * Traditional script for text extracted in simplified form: each character takes the form the
 * source passage itself uses (岳麓 stays 岳麓), and only characters it lacks are converted.
 */
export function inPassageScript(simplified: string, passageText: string): string {
  const forms = new Map<string, string>();
  const original = [...passageText];
  const converted = [...toSimplified(passageText)];
  // Conversion is character for character almost always; fall back to one at a time when not.
  if (converted.length === original.length) original.forEach((ch, i) => forms.set(converted[i], ch));
  else for (const ch of original) forms.set(toSimplified(ch), ch);
  return [...simplified].map((ch) => forms.get(ch) ?? toTraditional(ch)).join('');
}

/** The candidate sentence that states most of a fact's parts (its name, title, number). */
function supportingLine(fact: string, candidates: Candidate[]): Candidate | null {
  const parts = normalizeText(fact)
    .split(/[（）()：:，,、；;。为]/)
    .map((p) => p.trim())
    .filter((p) => p.length >= 2);
  let best: Candidate | null = null;
  let bestCount = 0;
  for (const c of candidates) {
    // The fact's last part is what it asserts (主持会议, 440亿元) and weighs most.
    const count = parts.reduce((n, p, i) => n + (covers(c.norm, p) ? (i === parts.length - 1 ? 2.5 : 1) : 0), 0);
    if (count > bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return best;
}

function firstPerDoc(hits: Hit[], n = 3): Hit[] {
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(h.passage.docId) && seen.add(h.passage.docId)).slice(0, n);
}

/** True when the fact already contains the sentence, punctuation aside. */
function restates(fact: string, sentence: string): boolean {
  const bare = (t: string) => normalizeText(t).replace(/[^\p{L}\p{N}]/gu, '');
  // The fact drops a requirement's leading 要 (要统筹发展和安全… → 统筹发展和安全…).
  const s = bare(sentence).replace(/^(?:要|必须|务必)/, '');
  return s.length > 0 && bare(fact).includes(s);
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
