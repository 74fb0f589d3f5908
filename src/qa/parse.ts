import { isTraditional, normalizeText } from '../corpus/normalize.js';
import { isBareZoneType, placeMentions, startsAnotherPlace, zoneCore, zoneMentions } from '../corpus/zone.js';
import { SPOKEN_PERIODS } from '../vocabulary/periods.js';
import { isPlaceCore, placeCoreAt } from '../vocabulary/places.js';
import { isLatinQuestion, type Transliterator } from './crosslingual.js';
import type { Intent, ParsedQuestion } from './types.js';

export interface Lexicon {
  /** A word users type → the word (or words) the articles use instead. */
  synonyms: Record<string, string | string[]>;
  /** English phrase → Chinese, for questions asked in English. */
  english?: Record<string, string>;
  indicators: Record<string, string[]>;
  questionWords: string[];
}

export interface ZoneAlias {
  alias: string;
  zone: string;
}

export const PROVINCE_PREFIX = /^(湖南|湖北|江西|广东|广西|江苏|浙江|安徽|福建|山东|山西|河南|河北|四川|贵州|云南|陕西|甘肃|青海|辽宁|吉林|黑龙江|海南|内蒙古|宁夏|新疆|西藏|北京|天津|上海|重庆)/;

/**
 * Every way a user may name a corpus zone: 湖南湘江新区 → 湘江新区, 湖南湘江, 湘江;
 * 岳阳经开区 → 岳阳经济技术开发区, 岳阳经济开发区, 岳阳; 天门市 → 天门.
 */
export function zoneAliases(zones: string[]): ZoneAlias[] {
  const out: ZoneAlias[] = [];
  for (const zone of new Set(zones)) {
    // 高新区 alone names no zone a question could ask about.
    if (isBareZoneType(zone)) continue;
    const core = zoneCore(zone);
    const suffix = zone.slice(core.length);
    const cores = new Set([core]);
    const withoutProvince = core.replace(PROVINCE_PREFIX, '');
    if (withoutProvince.length >= 2) cores.add(withoutProvince);
    // 徐汇漕河泾开发区 is also 漕河泾开发区: a leading province, city or district may be left out.
    // The rest must be a name of its own (漕河泾), not a common word (经济 of 兰州经济区).
    const leading = placeCoreAt(withoutProvince, 0);
    const rest = leading ? withoutProvince.slice(leading.length).replace(/^[市区县]/, '') : '';
    if (rest.length >= 3 && !isPlaceCore(withoutProvince)) cores.add(rest);
    const suffixes = new Set([suffix]);
    if (suffix === '经开区' || suffix === '开发区') ['经开区', '经济技术开发区', '经济开发区', '开发区'].forEach((s) => suffixes.add(s));
    if (suffix === '高新区') ['高新技术产业开发区', '高新技术开发区', '高技术产业开发区', '高区'].forEach((s) => suffixes.add(s));
    for (const c of cores) {
      if (c.length >= 2) out.push({ alias: c, zone });
      for (const s of suffixes) out.push({ alias: c + s, zone });
    }
  }
  // Longest alias first, so 岳阳经开区 wins over 岳阳.
  return out.sort((a, b) => b.alias.length - a.alias.length);
}

/** Asking which zones (哪几个经开区, 哪些新区, 各园区): a list across articles, not a zone constraint. */
export const WHICH_ZONES = /(?:哪些|哪几个|各个?|每个)(?:经开区|经济技术开发区|经济开发区|开发区|高新区|新区|园区|地区|地方|区县|县市|城市)/g;

const INTENT_RULES: [Intent, RegExp][] = [
  ['list', new RegExp(`哪些会议|哪几次会议|(?:开|召开|参加|出席)(?:了|过)?哪些会|哪些会(?![上议])|哪些文章|哪些报道|列出|列举|各区|各地|分别是(?!谁|哪位|什么人)|哪些地方|${WHICH_ZONES.source}`)],
  ['leader', /谁|哪位|(?<!会议?|活动)叫什么|(?<!会议?|活动)叫啥|(?<!会议?|活动)什么名字|什么级别|哪些(?:区|市)?领导|什么职务|职务|担任|主持人|出席|参加了?哪些会议/],
  ['date', /什么时候|何时|哪天|哪一天|几月几日|(?<![节假])日期|时间是/],
  ['target', /多少|(?<!哪)几[个家项]|目标(?:是|为|什么)|增长|增速|比重|百分之|GDP|亿元|万元|完成了?多少/],
  ['directive', /要求|强调|指出|提出|部署|认为|评价|怎么说|讲了|表示|比喻|希望|说法|怎么讲/],
];

const QUANTITY = /多少|(?<!哪)几[个家项]|比重|百分之|增速|增幅|目标是/;
const DIRECTIVE_CUE = /要求|强调|指出|提出|部署|怎么说|讲了|表示|说法|怎么讲/;
const YES_NO = /是不是|是否|对不对|对吗|是.{1,16}吗/;
const TITLE_WORD = /书记|副书记|主任|区长|市长|县长|主席|常委|局长|部长/;
const ROLE_VERB = /主持|出席|讲话|点评|调研|参加|召集|牵头/;

export function detectIntent(norm: string): Intent {
  for (const [intent, re] of INTENT_RULES) {
    if (!re.test(norm)) continue;
    // 稳增长推进会上强调了什么 asks what was said; only a quantity word makes it a target question.
    if (intent === 'target' && !QUANTITY.test(norm) && DIRECTIVE_CUE.test(norm)) return 'directive';
    return intent;
  }
  return 'general';
}

export interface ParseContext {
  lexicon: Lexicon;
  aliases: ZoneAlias[];
  people: string[];
  /** Earlier questions in the same conversation, oldest first: follow-ups inherit what they leave out. */
  history?: string[];
  /** Maps a question asked in English to Chinese search words. */
  transliterate?: Transliterator;
}

function findZone(question: string, aliases: ZoneAlias[]): { zone: string | null; unknown: string | null } {
  // 哪些经开区 names no zone.
  const norm = question.replace(WHICH_ZONES, ' ');
  // A zone the corpus has never heard of is still a constraint: it must make us abstain.
  const mention = zoneMentions(norm).find((m) => m.qualified);
  for (const a of aliases) {
    const at = norm.indexOf(a.alias);
    if (at < 0) continue;
    // 三门 inside 三门峡: the start of a longer place's name is not that place.
    if (zoneCore(a.alias) === a.alias && (placeCoreAt(norm, at)?.length ?? 0) > a.alias.length) continue;
    // 临港 (of 临港新片区) inside 临港区 names another place, not the zone.
    if (startsAnotherPlace(norm, at, a.alias) && !norm.slice(at).startsWith(a.zone)) return { zone: null, unknown: norm.slice(at, at + a.alias.length + 1) };
    return { zone: a.zone, unknown: null };
  }
  if (mention) return { zone: null, unknown: mention.name };
  const place = placeMentions(norm)[0];
  if (place) return { zone: null, unknown: place };
  return { zone: null, unknown: null };
}

/** Spoken question words (啥, 咋, 多少钱) in their written form, so every rule sees one spelling. */
export function colloquialToStandard(norm: string): string {
  return SPOKEN_PERIODS.reduce((t, [spoken, period]) => t.replace(spoken, period), norm)
    // 1到4月, 1至4月: the articles' 1-4月.
    .replace(/(\d{1,2})\s*月?\s*(?:到|至|~|～|-|－|—|–)\s*(\d{1,2})\s*月/g, '$1-$2月')
    .replace(/啥时候|什么时间(?![节点段表])/g, '什么时候')
    .replace(/啥/g, '什么')
    .replace(/咋样/g, '怎么样')
    .replace(/咋/g, '怎么')
    .replace(/哪个人/g, '谁');
}

export function synonymsOf(entry: string | string[] | undefined): string[] {
  return entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
}

/** Apply the domain lexicon: the article's word is appended, the user's word kept. */
export function expandSynonyms(norm: string, lexicon: Lexicon): string {
  const extra: string[] = [];
  for (const [from, to] of Object.entries(lexicon.synonyms)) {
    if (!norm.includes(from)) continue;
    for (const word of synonymsOf(to)) if (word !== from && !norm.includes(word) && !extra.includes(word)) extra.push(word);
  }
  return extra.length ? `${norm} ${extra.join(' ')}` : norm;
}

function findIndicator(norm: string, lexicon: Lexicon): string | null {
  let best: { name: string; len: number } | null = null;
  for (const [name, aliases] of Object.entries(lexicon.indicators)) {
    for (const alias of aliases) {
      if (norm.includes(alias) && (!best || alias.length > best.len)) best = { name, len: alias.length };
    }
  }
  return best?.name ?? null;
}

const FOLLOW_UP_WORDS = /^(?:那么|那|还有|另外|再问一下|再问)|呢|吗|[?？!！。,，\s]/g;

/** A follow-up with no content of its own beyond a new zone or person. */
function isElliptical(norm: string, names: (string | null)[]): boolean {
  let rest = norm;
  for (const n of names) if (n) rest = rest.split(n).join('');
  rest = rest.replace(FOLLOW_UP_WORDS, '').replace(/的/g, '');
  return (rest.match(/[\u4e00-\u9fff]/g) ?? []).length <= 1;
}

function stripNames(norm: string, names: (string | null)[], aliases: ZoneAlias[]): string {
  let out = norm;
  for (const n of names) if (n) out = out.split(n).join('');
  for (const a of aliases) out = out.split(a.alias).join('');
  return out;
}

export function parseQuestion(raw: string, ctx: ParseContext): ParsedQuestion & { unknownZone: string | null; plain: string } {
  const latin = ctx.transliterate !== undefined && isLatinQuestion(raw);
  const translated = latin ? ctx.transliterate!(raw) : null;
  const norm = colloquialToStandard(normalizeText(translated ? translated.text : raw).replace(/\s+/g, ' ').trim());
  let plain = norm;
  let expanded = expandSynonyms(norm, ctx.lexicon);
  let { zone, unknown } = findZone(norm, ctx.aliases);
  if (translated?.unknownNames.length) unknown = translated.unknownNames.join(' ');
  let person: string | null = ctx.people.filter((p) => norm.includes(p)).sort((a, b) => b.length - a.length)[0] ?? null;
  const yearMatch = /(20\d{2}|19\d{2})\s*年/.exec(norm);
  let year = yearMatch ? Number(yearMatch[1]) : null;
  let indicator = findIndicator(expanded, ctx.lexicon);
  let intent = detectIntent(expanded);

  // A follow-up ("那税收目标呢？") keeps the zone, person and year of the conversation.
  if (ctx.history?.length) {
    // The previous question read in its own context, so a chain of follow-ups keeps the subject
    // (萍乡经开区的会议是哪天开的？ → 那是谁主持的呢？ → 他提出了哪些要求？). Six back is plenty.
    const history = ctx.history.slice(-6);
    for (const earlier of [history[history.length - 1]]) {
      const prev = parseQuestion(earlier, { ...ctx, history: history.slice(0, -1) });
      if (!zone && !unknown && !person) {
        zone = prev.zone;
        unknown = prev.unknownZone;
        person = person ?? prev.person;
      }
      year = year ?? prev.year;
      if (intent === 'general') intent = prev.intent;
      if (intent === prev.intent) indicator = indicator ?? prev.indicator;
      // "那萍乡经开区呢？" asks the previous question again about something else.
      if (isElliptical(norm, [zone, unknown, person])) {
        intent = prev.intent;
        indicator = indicator ?? prev.indicator;
        const carried = stripNames(prev.plain, [prev.zone, prev.unknownZone, prev.person], ctx.aliases);
        plain = `${plain} ${carried}`;
        expanded = expandSynonyms(plain, ctx.lexicon);
      }
      break;
    }
  }

  // 是不是谭勇主持的: the person is the user's guess about a role, so the role is what is asked.
  const claimed: string[] = [];
  // 你知道…是什么会吗 asks what, not whether.
  if (YES_NO.test(norm) && !/什么|多少|几[个家项位]|哪|谁|怎么|如何/.test(norm.replace(/是不是/g, ''))) {
    if (person && ROLE_VERB.test(norm)) {
      claimed.push(person);
      person = null;
      intent = 'leader';
    } else if (person && TITLE_WORD.test(norm)) {
      // 谭勇是湘江新区的书记吗: the person's titles answer it.
      claimed.push(TITLE_WORD.exec(norm)![0]);
      intent = 'leader';
    }
    for (const m of norm.matchAll(/\d+(?:\.\d+)?\s*(?:亿元|万元|亿|万|个|家|项|%)/g)) claimed.push(m[0].replace(/\s+/g, ''));
  }

  return {
    raw,
    norm: expanded,
    plain,
    intent,
    ...(claimed.length ? { claimed } : {}),
    ...(translated?.guessed.length ? { guessed: translated.guessed } : {}),
    script: !latin && isTraditional(raw) ? 'traditional' : 'simplified',
    zone,
    person,
    year,
    indicator,
    unknownZone: unknown,
  };
}
