import type { Passage, Tokenizer } from '../corpus/types.js';
import { isBareZoneType, sameZone, startsAnotherPlace, zoneCore, zoneMentions, zoneTypeFamily, zoneTypeLength } from '../corpus/zone.js';
import { mentionsPeriod } from '../vocabulary/periods.js';
import { ordinalForms } from '../vocabulary/ordinals.js';
import { isPlaceCore, placeCoreAt, placeCoreList } from '../vocabulary/places.js';
import { COMMON_SURNAMES } from '../vocabulary/surnames.js';
import { normalizeText } from '../corpus/normalize.js';
import { createTransliterator, isLatinQuestion, type Transliterator } from './crosslingual.js';
import type { CorpusSummary } from './small-talk.js';
import type { AcceptFilter, ScoredId } from '../index/bm25.js';
import type { VectorIndex } from '../index/vector-index.js';
import { detectIntent, parseQuestion, PROVINCE_PREFIX, WHICH_ZONES, synonymsOf, zoneAliases, type Lexicon, type ZoneAlias } from './parse.js';
import type { Evidence, FactStatement, Hit, ParsedQuestion } from './types.js';

/**
 * The searchable side of an index, as the core sees it; adapters supply the implementations.
 * Keyword terms are those of `analyze`: every pair of adjacent CJK characters of a passage is a
 * term `§` + pair, which lets the engine find passages containing a name without reading them all.
 */
export interface SearchIndex {
  passages: Passage[];
  tokenizer: Tokenizer;
  keywordSearch(terms: string[], k: number, accept?: AcceptFilter): ScoredId[];
  idf(term: string): number;
  vectors: VectorIndex;
  embedQuery(text: string): Promise<Float32Array>;
}

/** Facts that can back an answer; the knowledge layer provides them. */
export interface FactSource {
  statementsFor(parsed: ParsedQuestion, docIds: Set<string>): FactStatement[];
}

export interface EngineOptions {
  index: SearchIndex;
  lexicon: Lexicon;
  people: string[];
  /** Cities the articles name (长沙, 湘潭): English questions may name them too. */
  places?: string[];
  facts?: FactSource;
  /** English glosses → Chinese words (a general dictionary), loaded on the first English question. */
  englishDictionary?: () => Record<string, string[]>;
}

/** A word of the question with its accepted spellings (the user's and the articles'). */
/** A parsed question as the engine reads it. */
export type AskedQuestion = ReturnType<typeof parseQuestion> & { indicatorForms?: string[] };

export interface TermGroup {
  forms: string[];
  weight: number;
  /** Next to the question word (考察了哪些企业): what the answer sentence must be about. */
  focus?: boolean;
  /**
   * How much the word says about the topic, by its part of speech: 1 for names, nouns and time
   * words, less for verbs and adjectives, 0 for pronouns, particles and the like. Only the
   * "does the evidence speak about this" check uses it: 说, 叫, 啥 are how people ask, not what.
   */
  salience?: number;
  /** No passage contains any of the forms: the word is the user's, not the articles'. */
  absent?: boolean;
  /** A place name (宁东, 綦江) that is not the zone's: the evidence's article must speak of it. */
  place?: boolean;
}

/** 哪五量, 哪几项, 哪三个: asking which members of a counted set. */
const WHICH_COUNT = /^哪[一二三四五六七八九十两几\d]+[个项条点种类位家量]?$/;
const WH_WORD = /什么|哪些|哪[一二三四五六七八九十两几]+[个项条点种类位量]?|哪个|哪位|哪里|哪天|哪家|谁|多少|几[个家项月日天]|怎么|如何|何时/;

export interface EvidenceResult extends Evidence {
  /** Why there is no usable evidence, when there is none. */
  gap: string | null;
  terms: TermGroup[];
  /** The best article's other passages: where a list's remaining members may be. */
  context?: Hit[];
}

const RRF_K = 60;
const CANDIDATES = 80;
const KEEP = 8;
const MIN_COVERAGE = 0.5;
/** Constraint results kept per kind (zone, year, person); each is a list of passage ids. */
const CACHED_SETS = 256;
const CJK_ONLY = /^[\u3400-\u9fff]{2,}$/;
/** jieba tags of topic words: nouns of all kinds, verbal nouns, time words, unknown words (new names), idioms, abbreviations. */
const TOPIC_TAG = /^(?:n|vn|t|x|eng|b|j|i|l|an|g)/;
/** Tags of pure phrasing: pronouns, adverbs, prepositions, conjunctions, particles, numerals, measure and place words. */
const PHRASING_TAG = /^(?:r|d|p|c|u|y|e|o|q|m|f|s|z|h|k)/;

/** What is left once the other zones or people are cut out: no 分别, no dangling 和 or 、. */
function aboutOne(text: string): string {
  return text.replace(/分别|各自/g, '').replace(/\s*(?:[和与及、,，]\s*)+(?=\s|$)/g, ' ');
}

/** What one zone's part of a question may say of it: a year, a date, a meeting. */
const SEGMENT_SLOTS = [/(?:19|20)\d{2}\s*年(?:度)?/, /\d{1,2}月(?:\d{1,2}日)?(?:份)?/, /[\u4e00-\u9fff()（）\d]{0,16}?(?:会议|大会|会|活动|拉练)/];

/** A named kind of meeting (讲评会议, 推进会, 协调小组会议), not just 会议. */
const MEETING_WORD = /^[\u4e00-\u9fff]{2,8}(?:会议|会)$/;

/** Parts of a year a question may pin down; whole years are handled as years. */
const PERIOD_WORDS = /前三季度|一季度|二季度|三季度|四季度|上半年|下半年|首季|\d{1,2}-\d{1,2}月/g;

/** The periods a question names (一季度, 1-4月); the articles write 1-4月份 as often as 1-4月. */
export function periodsIn(norm: string): string[] {
  return [...new Set([...norm.matchAll(PERIOD_WORDS)].map((m) => m[0]))].filter((p, _, all) => !all.some((q) => q !== p && q.includes(p)));
}

// A word in a question is taken for a stranger's name only when it starts with a common surname:
// 贡献率 is no person.
const SURNAMES = COMMON_SURNAMES;

/** Characters that attach to a word without changing what it is about. */
/** Verbs of speaking as questions put them (提了哪几点, 说过什么). */
const SPEECH_VERB = /^(?:提|说|讲|谈)$/;
const GLUED_FUNCTION_CHARS = /^[要是的了在把被给让对和与就都也还又才再很最]+|[要是的了在把被给让对和与就都也还又才再吗呢啊吧]+$/g;

/** What follows a name in these reports: a role verb, a title, a conjunction. */
const NAME_FOLLOWERS = '主持|出席|讲话|强调|要求|指出|表示|同志|参加|在|等|和|与|说|代|副|书记|主任|市长|区长|提出|介绍|带队|调研|一行|作|对|点评|部署|对此';

function salienceOf(tag: string | undefined): number {
  if (tag === undefined || TOPIC_TAG.test(tag)) return 1;
  if (PHRASING_TAG.test(tag)) return 0;
  return 0.25;
}

/** True when the text contains the word, or most of its character bigrams (segmentation-proof). */
export function covers(text: string, word: string): boolean {
  if (/[A-Za-z]/.test(word)) return text.toLowerCase().includes(word.toLowerCase());
  if (text.includes(word)) return true;
  if (word.length < 3) return false;
  let hit = 0;
  for (let i = 0; i + 1 < word.length; i++) if (text.includes(word.slice(i, i + 2))) hit++;
  return hit / (word.length - 1) >= 0.66;
}

export class QaEngine {
  private readonly aliases: ZoneAlias[];
  private readonly questionWords: Set<string>;
  private readonly docPassages = new Map<string, number[]>();
  private readonly passageIndex = new Map<string, number>();
  private readonly byZone = new Map<string, number[]>();
  // Which passages satisfy a zone, a year or a person: worked out on first use, then remembered.
  private readonly zoneSets = new BoundedCache<string, Uint32Array>(CACHED_SETS);
  private years: Map<string, Uint32Array> | null = null;
  private undated: Uint32Array | null = null;
  private readonly personSets = new BoundedCache<string, Uint32Array>(CACHED_SETS);
  private readonly placeSets = new BoundedCache<string, Uint32Array>(CACHED_SETS);
  private readonly pairPassages = new BoundedCache<string, Uint32Array>(CACHED_SETS);
  private readonly transliterate: Transliterator;
  private cachedSummary: CorpusSummary | null = null;
  private knownWords: Set<string> | undefined;
  private lastParse: { key: string; parsed: AskedQuestion } | undefined;
  /** The rarity of a word no passage contains. */
  private readonly absentIdf: number;

  constructor(private readonly options: EngineOptions) {
    const { passages } = options.index;
    this.aliases = zoneAliases(passages.map((p) => p.zone).filter((z): z is string => !!z));
    this.questionWords = new Set(options.lexicon.questionWords);
    this.absentIdf = options.index.idf('\u0000');
    const placeNames = this.aliases.map((a) => a.alias).filter((a) => /^[\u4e00-\u9fff]{2,4}$/.test(a) && zoneCore(a) === a);
    // Provinces prefixing zone names (湖南湘江) are names users write too (Hunan).
    for (const a of [...placeNames]) {
      const province = PROVINCE_PREFIX.exec(a)?.[1];
      if (province) placeNames.push(province);
    }
    // Every administrative place the articles name (厦门, 九龙坡, 周口): English questions name
    // them in pinyin (Xiamen Torch High-tech Zone) as readily as the zones themselves.
    const named = (core: string) => options.index.idf(core) < this.absentIdf || (core.length === 2 && options.index.idf(`§${core}`) < this.absentIdf);
    const corpusPlaces = placeCoreList().filter(named);
    this.transliterate = createTransliterator([...options.people, ...placeNames, ...(options.places ?? []), ...corpusPlaces], options.lexicon.english ?? {}, options.englishDictionary);
    passages.forEach((p, i) => {
      this.passageIndex.set(p.passageId, i);
      let ofDoc = this.docPassages.get(p.docId);
      if (!ofDoc) this.docPassages.set(p.docId, (ofDoc = []));
      ofDoc.push(i);
      if (p.zone && !isBareZoneType(p.zone)) {
        let ofZone = this.byZone.get(p.zone);
        if (!ofZone) this.byZone.set(p.zone, (ofZone = []));
        ofZone.push(i);
      }
    });
  }

  parse(question: string, history?: string[]): AskedQuestion {
    // Routing a question (zones, people, briefs) and answering it read the same parse; it is
    // pure, so the last one is kept rather than redone (each scans every known name).
    const key = `${question}\u0001${(history ?? []).join('\u0001')}`;
    if (this.lastParse?.key === key) return this.lastParse.parsed;
    const asked = this.relativeYear(this.checkZone(parseQuestion(question, { lexicon: this.options.lexicon, aliases: this.aliases, people: this.options.people, history, transliterate: this.transliterate })));
    const parsed = asked.indicator ? { ...asked, indicatorForms: this.indicatorForms(asked.indicator) } : asked;
    this.lastParse = { key, parsed };
    return parsed;
  }

  /** Content words of the question, each with its synonym, weighted by rarity in the corpus. */
  termGroups(parsed: ParsedQuestion): TermGroup[] {
    const { tokenizer } = this.options.index;
    const zoneWords = new Set(this.aliases.filter((a) => a.zone === parsed.zone).map((a) => a.alias));
    // 哪几个经开区 asks which zones: the kind of zone is part of the question, not a word to find.
    const text = (parsed.plain ?? parsed.norm).replace(WHICH_ZONES, ' ');
    const tagged = (tokenizer.tag?.(text) ?? []).map((t) => ({ word: t.word.trim().toLowerCase(), tag: t.tag }));
    // Search mode also cuts pieces out of words (哪几 of 哪几个): a piece belongs to its word.
    const wordOf = (w: string) => tagged.find((t) => t.word === w) ?? tagged.find((t) => t.word.includes(w));
    const tagOf = (w: string) => wordOf(w)?.tag;
    const isQuestionWord = (w: string) => this.questionWords.has(w) || WHICH_COUNT.test(w) || (wordOf(w) !== undefined && this.questionWords.has(wordOf(w)!.word));
    const words = tokenizer
      .cut(text)
      .map((w) => w.trim().toLowerCase())
      // A number asked about (59个是什么) is a word to find; a lone digit or a year is not.
      .filter((w) => w && (!/^[\s\p{P}\p{S}\d]+$/u.test(w) || /^\d+(?:\.\d+)?$/.test(w) && w.length >= 2) && !isQuestionWord(w))
      // 湖北天门: the province only qualifies the place.
      // The zone's type (经开区 of 东平经开区) is the zone constraint's business: the article may write 经济开发区.
      .filter((w) => !(parsed.zone && isBareZoneType(w)))
      .filter((w) => !zoneWords.has(w) && w !== parsed.person && !/^\d{4}年?$/.test(w) && !(PROVINCE_PREFIX.test(w) && w.replace(PROVINCE_PREFIX, '') === '' && parsed.zone));
    const groups = new Map<string, TermGroup>();
    for (const w of [...new Set(words)].sort((a, b) => b.length - a.length)) {
      if (groups.has(w)) continue;
      // jieba's search mode also emits the pieces of long words; skip pieces of a word already kept.
      if ([...groups.keys()].some((g) => g.length > w.length && g.includes(w))) continue;
      // An indicator is searched under its other names: the question's GDP is the article's
      // 生产总值. Longer names containing the word (计划投资 for 投资) are kinds of it, not names.
      const indicatorNames = (Object.entries(this.options.lexicon.indicators).find(([name, aliases]) => name.toLowerCase() === w || aliases.some((a) => a.toLowerCase() === w))?.[1] ?? []).filter(
        (a) => !a.toLowerCase().includes(w) && !w.includes(a.toLowerCase()),
      );
      const synonyms = [...new Set([...synonymsOf(this.options.lexicon.synonyms[w]), ...indicatorNames])].filter((x) => x.toLowerCase() !== w);
      // A word jieba made up from unknown characters (要弹 of 要弹好, 亿是 of 487亿是啥) that no
      // article contains is also looked for without the function characters glued to it.
      const core = w.replace(GLUED_FUNCTION_CHARS, '');
      // So is any word no article contains that is a word once its particles are off (提了 → 提).
      const madeUp = this.options.index.idf(w) >= this.absentIdf && core && core !== w;
      const forms = [w, ...synonyms, ...(madeUp ? [core] : [])];
      // Alternatives are as rare as the commonest of them: the articles' own word sets the weight.
      const weight = Math.max(0.5, Math.min(...forms.map((f) => this.options.index.idf(f))));
      // A lexicon word is one the articles speak of, whatever its grammar.
      // A number may be the user's guess (目标是不是450亿): it helps find the passage, but its
      // absence alone does not make the question unanswerable.
      // A made-up word no article contains (批大 of 那批大项目) is mostly how the question was
      // phrased; unknown names and zones are caught on their own.
      // What is left of it once the glued characters are off (弹 of 要弹) is a word of the articles.
      const coreFound = madeUp && this.options.index.idf(core) < this.absentIdf;
      // A single character (时, 上) is grammar more often than topic.
      // A verb of speaking with its particle (提了, 说过) is how the question is put: reports say 要求, 强调.
      const salience = madeUp && SPEECH_VERB.test(core) ? 0 : /^\d/.test(w) || (w.length === 1 && !synonyms.length) || (madeUp && !coreFound) || (!madeUp && tagOf(w) === 'x' && this.options.index.idf(w) >= this.absentIdf)
          ? 0.25
          : synonyms.length
            ? 1
            : salienceOf(tagOf(w));
      // A dictionary's guess at an English word (public → 公开) counts little toward "the evidence
      // speaks of it".
      const guess = parsed.guessed?.some((g) => g.includes(w) || w.includes(g)) ?? false;
      const absent = forms.every((f) => this.options.index.idf(f) >= this.absentIdf);
      // A place no article names at all (宁东 in a collection without it) leaves nothing to answer from.
      const place = tagOf(w) === 'ns' && /^[\u4e00-\u9fff]{2,}$/.test(w) && !synonyms.length;
      groups.set(w, { forms, weight, salience: guess ? Math.min(salience, 0.25) : salience, absent, ...(place && !guess ? { place } : {}) });
    }
    const wh = WH_WORD.exec(parsed.norm);
    if (wh) {
      // A word within two characters either side of the question word is its focus.
      const from = wh.index - 2;
      const to = wh.index + wh[0].length + 2;
      for (const g of groups.values()) {
        g.focus = g.forms.some((f) => {
          const at = parsed.norm.indexOf(f);
          return at >= 0 && at < to && at + f.length > from;
        });
      }
    }
    return [...groups.values()];
  }

  /**
   * The passages a question's constraints allow: of its zone or naming it, dated in its year or
   * mentioning it, from an article naming its person. With constraints the filter also lists the
   * allowed ids, so the searches can look at just those.
   */
  /**
   * 今年, 去年, 明年 with no year written: counted from the newest year the zone's articles (or,
   * with no zone, the collection) are dated, so 岳阳经开区明年的目标 asks for a year after its
   * newest report, and is declined when no article has it.
   */
  private relativeYear<T extends ParsedQuestion>(parsed: T): T {
    if (parsed.year) return parsed;
    const said = /(今年|本年|去年|上年|前年|明年)/.exec(parsed.plain ?? parsed.norm)?.[1];
    if (!said) return parsed;
    const offset = { 今年: 0, 本年: 0, 去年: -1, 上年: -1, 前年: -2, 明年: 1 }[said] ?? 0;
    const { passages } = this.options.index;
    const ids = parsed.zone ? this.zoneSet(parsed.zone) : passages.keys();
    let newest = 0;
    for (const id of ids) {
      const y = Number(passages[id].date?.slice(0, 4) ?? 0);
      if (y > newest) newest = y;
    }
    // 今年 alone is what the articles themselves say: only the years around it need resolving.
    if (!newest || offset === 0) return parsed;
    return { ...parsed, year: newest + offset };
  }

  /**
   * 周口临港开发区 shares 临港 with 临港新片区, but it is another zone: when the question names its
   * zone with a place the matched zone's articles never mention, the zone is one the collection
   * does not have. (临高金牌港经济开发区 is 金牌经开区: its articles do name 临高.)
   */
  private checkZone<T extends ParsedQuestion & { unknownZone: string | null }>(parsed: T): T {
    if (!parsed.zone) return parsed;
    const zone = parsed.zone;
    const mentions = zoneMentions(parsed.plain ?? parsed.norm).filter((m) => m.qualified);
    // A question naming several zones names this one among them.
    if (mentions.some((m) => sameZone(m.name, zone) || zone.includes(m.name))) return parsed;
    const core = zoneCore(zone);
    const mention = mentions.find((m) => core.length >= 2 && m.name.includes(core));
    if (!mention) return parsed;
    const place = placeCoreAt(mention.name, 0);
    // 鄂尔多斯空港物流园区 is a zone in 鄂尔多斯市, not the city: a city's meetings do not answer for it.
    const isPlace = zoneMentions(zone).length === 0;
    if (isPlace && mention.name !== zone) return { ...parsed, zone: null, unknownZone: mention.name };
    // 西安经开区 is not 西安高新区: another type of zone in the same city is another zone.
    if (!isPlace && zoneTypeFamily(mention.name) !== zoneTypeFamily(zone)) return { ...parsed, zone: null, unknownZone: mention.name };
    if (!place || parsed.zone.includes(place)) return parsed;
    const { passages } = this.options.index;
    if ([...this.zoneSet(parsed.zone)].some((id) => passages[id].norm.includes(place))) return parsed;
    return { ...parsed, zone: null, unknownZone: mention.name };
  }

  /**
   * A zone or place the question names that is no article's zone but that articles speak of
   * (黄埔区 in a report of 广州开发区, 哈尔滨新区 in one of 松北区): those articles are the evidence.
   * Null when none does.
   */
  private placeInText(place: string | null): Uint32Array | null {
    if (!place) return null;
    const ids = this.placeSets.get(place, () => {
      // An article speaks of the place when its opening passage names it, or two of its passages
      // do; one passing mention (学习借鉴某新区的经验) does not make it that place's report.
      const counts = new Map<string, number>();
      const { passages } = this.options.index;
      for (const id of this.passagesContaining(place)) {
        const p = passages[id];
        counts.set(p.docId, (counts.get(p.docId) ?? 0) + (p.position === 0 ? 2 : 1));
      }
      // A headline that names it (寒亭区(经济区)重点项目观摩…) makes the report that place's.
      for (const doc of this.docsHeadlined(place)) counts.set(doc, (counts.get(doc) ?? 0) + 2);
      const out: number[] = [];
      for (const [doc, n] of counts) if (n >= 2) out.push(...(this.docPassages.get(doc) ?? []));
      // An article that names its zone by type alone (经开区召开…) and says the place (西安) is
      // about the place's zone of that type (西安经开区).
      const named = zoneMentions(place).find((m) => m.qualified);
      const core = named ? zoneCore(named.name) : '';
      if (named && core.length >= 2) {
        const family = zoneTypeFamily(named.name);
        const docs = new Set<string>();
        for (const id of this.passagesContaining(core)) {
          const z = passages[id].zone;
          if (z && isBareZoneType(z) && zoneTypeFamily(z) === family) docs.add(passages[id].docId);
        }
        for (const doc of docs) out.push(...(this.docPassages.get(doc) ?? []));
      }
      return Uint32Array.from(new Set(out)).sort();
    });
    return ids.length > 0 ? ids : null;
  }

  private accepts(parsed: ParsedQuestion & { unknownZone: string | null }): AcceptFilter {
    const place = this.placeInText(parsed.unknownZone);
    if (parsed.unknownZone && !place) return Object.assign(() => false, { ids: new Uint32Array(0) });
    const sets: Uint32Array[] = place ? [place] : [];
    if (parsed.zone) sets.push(this.zoneSet(parsed.zone));
    if (parsed.year) sets.push(this.yearSet(parsed.year));
    if (parsed.person) sets.push(this.personSet(parsed.person));
    // Without constraints everything passes. Saying so with a function (rather than no filter)
    // keeps the vector search exploring until it has k results, however small the index.
    if (sets.length === 0) return () => true;
    const ids = sets.reduce(intersect);
    const allowed = new Uint8Array(this.options.index.passages.length);
    for (const id of ids) allowed[id] = 1;
    return Object.assign((id: number) => allowed[id] === 1, { ids });
  }

  /**
   * The articles whose headline (or, with `orOutlet`, outlet) names `place`: one look at each
   * article's opening passage, which carries the article's title and source.
   */
  private docsHeadlined(place: string, options: { orOutlet?: boolean } = {}): string[] {
    const out: string[] = [];
    for (const p of this.options.index.passages) {
      if (p.position !== 0) continue;
      if (normalizeText(p.title).includes(place) || (options.orOutlet && p.source && normalizeText(p.source).includes(place))) out.push(p.docId);
    }
    return out;
  }

  /** The filter narrowed to articles that name every one of `places` somewhere. */
  private withinPlaces(accept: AcceptFilter, places: string[]): AcceptFilter {
    if (places.length === 0) return accept;
    const { passages } = this.options.index;
    const sets = places.map((place) =>
      this.placeSets.get(`any:${place}`, () => {
        const docs = new Set<string>();
        for (const id of this.passagesContaining(place)) docs.add(passages[id].docId);
        // The headline or the outlet (厦门日报) may be where the article names it.
        for (const doc of this.docsHeadlined(place, { orOutlet: true })) docs.add(doc);
        return Uint32Array.from([...docs].flatMap((d) => this.docPassages.get(d) ?? [])).sort();
      }),
    );
    const ids = (accept.ids ? [accept.ids, ...sets] : sets).reduce(intersect);
    const allowed = new Uint8Array(passages.length);
    for (const id of ids) allowed[id] = 1;
    return Object.assign((id: number) => allowed[id] === 1, { ids });
  }

  private zoneSet(zone: string): Uint32Array {
    return this.zoneSets.get(zone, () => {
      const { passages } = this.options.index;
      const all = this.aliases.filter((a) => a.zone === zone && a.alias.length >= 2).map((a) => a.alias);
      const typed = all.filter((a) => zoneCore(a) !== a);
      const bare = all.filter((a) => zoneCore(a) === a);
      // A text containing 岳阳经开区 contains 岳阳: only the forms that contain no other form matter.
      const minimal = (forms: string[]) => forms.filter((f) => !forms.some((g) => g !== f && f.includes(g)));
      // Any article naming the zone with its type (平安经开区, 天门市) speaks of it. The bare place
      // (平安) is as often a word (平安祥和过节): it counts only in articles that name their own zone
      // by its type alone (经开区召开…, in a report that says 广元 elsewhere).
      const ofUnnamedZone = (id: number) => !passages[id].zone || isBareZoneType(passages[id].zone!);
      const byPlace = minimal(bare).map((f) => this.passagesContaining(f).filter(ofUnnamedZone));
      return [...minimal(typed).map((f) => this.passagesContaining(f)), ...byPlace].reduce(union, Uint32Array.from(this.byZone.get(zone) ?? []));
    });
  }

  /** Passages dated in the year or mentioning `<year>年`. */
  private yearSet(year: number): Uint32Array {
    // One pass finds every year at once: a scan per year asked would cost as much each time.
    if (!this.years) {
      const byYear = new Map<string, number[]>();
      const add = (y: string, id: number) => {
        const ids = byYear.get(y);
        if (!ids) byYear.set(y, [id]);
        else if (ids[ids.length - 1] !== id) ids.push(id);
      };
      this.options.index.passages.forEach((p, id) => {
        const dated = p.date?.slice(0, 4);
        const mentioned = new Set<string>();
        // Every 年 preceded by four digits is a mention of that year.
        for (let at = p.norm.indexOf('年', 4); at >= 0; at = p.norm.indexOf('年', at + 1)) {
          const y = p.norm.slice(at - 4, at);
          if (/^\d{4}$/.test(y)) mentioned.add(y);
        }
        if (dated && /^\d{4}$/.test(dated)) {
          mentioned.add(dated);
          // 去年 in a report of 2024 speaks of 2023.
          if (/去年|上年|上一年/.test(p.norm)) mentioned.add(String(Number(dated) - 1));
        }
        for (const y of mentioned) add(y, id);
      });
      this.years = new Map([...byYear].map(([y, ids]) => [y, Uint32Array.from(ids)]));
      // An undated article is about the years it names, in every passage (the figures of 2022年
      // follow the paragraph that says so); one that names no year contradicts none asked.
      const undated: number[] = [];
      for (const ids of this.docPassages.values()) {
        const ps = ids.map((id) => this.options.index.passages[id]);
        // A report published early in a year that names the year before (2024年3月, “2023年…”)
        // reviews it throughout, not only in the passages that repeat the year.
        const dated = ps.find((p) => p.date)?.date;
        if (dated && Number(dated.slice(5, 7)) <= 4) {
          const previous = String(Number(dated.slice(0, 4)) - 1);
          if (ps.some((p) => p.norm.includes(`${previous}年`))) this.years.set(previous, union(this.years.get(previous) ?? new Uint32Array(0), Uint32Array.from(ids).sort()));
        }
        if (ps.some((p) => p.date)) continue;
        const named = new Set(ps.flatMap((p) => [...p.norm.matchAll(/(\d{4})年/g)].map((m) => m[1])));
        if (named.size === 0) undated.push(...ids);
        // An undated report that looks ahead to 明年 and names it (开启2019年全新篇章) is of the year
        // before; one that looks back to 去年 and names it, of the year after.
        const text = ps.map((p) => p.norm).join('\n');
        const years = [...named].map(Number);
        if (years.length && /明年|来年/.test(text)) named.add(String(Math.max(...years) - 1));
        if (years.length && /去年|上年/.test(text)) named.add(String(Math.min(...years) + 1));
        for (const y of named) this.years.set(y, union(this.years.get(y) ?? new Uint32Array(0), Uint32Array.from(ids).sort()));
      }
      this.undated = Uint32Array.from(undated).sort();
    }
    return union(this.years.get(String(year)) ?? new Uint32Array(0), this.undated ?? new Uint32Array(0));
  }

  /** Every passage of the articles that name the person somewhere. */
  private personSet(person: string): Uint32Array {
    return this.personSets.get(person, () => {
      const { passages } = this.options.index;
      const docs = new Set<string>();
      for (const id of this.passagesContaining(person)) docs.add(passages[id].docId);
      const out: number[] = [];
      for (const doc of docs) out.push(...(this.docPassages.get(doc) ?? []));
      return Uint32Array.from(out).sort();
    });
  }

  /** Ids (ascending) of the passages whose normalized text contains `text`. */
  private passagesContaining(text: string): Uint32Array {
    const { passages } = this.options.index;
    let candidates: Iterable<number> = passages.keys();
    if (CJK_ONLY.test(text)) {
      // A passage containing the text has each of its character pairs as a keyword term, so the
      // passages of its rarest pair are the only candidates.
      let rarest = '';
      let best = -Infinity;
      for (let i = 0; i + 1 < text.length; i++) {
        const term = `§${text.slice(i, i + 2)}`;
        const idf = this.options.index.idf(term);
        if (idf > best) [rarest, best] = [term, idf];
      }
      // A zone's names mostly share their rarest pair: look its passages up once.
      candidates = this.pairPassages.get(rarest, () => Uint32Array.from(this.options.index.keywordSearch([rarest], passages.length), (h) => h.id));
    }
    const out: number[] = [];
    for (const id of candidates) if (passages[id].norm.includes(text)) out.push(id);
    return Uint32Array.from(out).sort();
  }

  /** Query terms for BM25: content words and their bigrams, question words left out. */
  private queryTerms(parsed: ParsedQuestion, groups: TermGroup[]): string[] {
    const terms: string[] = [];
    const add = (w: string) => {
      terms.push(w);
      for (const run of w.match(/[\u3400-\u9fff]{2,}/g) ?? []) for (let i = 0; i + 1 < run.length; i++) terms.push('§' + run.slice(i, i + 2));
    };
    for (const g of groups) g.forms.forEach(add);
    if (parsed.zone) add(parsed.zone);
    if (parsed.person) add(parsed.person);
    return terms;
  }

  /**
   * The corpus zones a question names, in the order it names them (岳阳经开区和萍乡经开区…分别…).
   * A question naming several is answered once per zone.
   */
  zonesIn(question: string, history?: string[]): string[] {
    const parsed = this.parse(question, history);
    // A question about a zone the collection does not have is declined whole, not split.
    if (parsed.unknownZone && !parsed.zone) return [];
    const found = this.zonesNamedIn(parsed.plain);
    // 秦汉新城…在西安“北跨”中的作用: a bare place (西安) beside a zone named in full is where things
    // are, not a second zone asked about, unless the question joins them (岳阳和萍乡…分别).
    const full = found.filter((f) => zoneCore(f.alias) !== f.alias);
    const joined = !isLatinQuestion(question) && /分别|各自|和|与|及|、|跟|对比|比较/.test(parsed.plain);
    const asked = full.length > 0 && !joined ? found.filter((f) => zoneCore(f.alias) !== f.alias || full.some((x) => x.zone === f.zone)) : found;
    return [...new Set(asked.map((f) => f.zone))];
  }

  /** Where a text names each corpus zone, in order: the alias found and where. */
  private zonesNamedIn(plain: string): { at: number; zone: string; alias: string }[] {
    // 金山 inside 陈金山 is part of a person's name, not the 金山 zone.
    let text = this.options.people.reduce((t, p) => t.split(p).join('\u0000'.repeat(p.length)), plain);
    const found: { at: number; zone: string; alias: string }[] = [];
    // 鄂尔多斯空港物流园区 is one zone: the 鄂尔多斯 and 空港 inside it are not the corpus zones they
    // name elsewhere (鄂尔多斯市, 空港经开区) unless the zone named is theirs.
    const named = zoneMentions(plain)
      .filter((m) => m.qualified)
      .map((m) => ({ name: m.name, from: m.index - (m.name.length - zoneTypeLength(m.name)), to: m.end }));
    const insideOther = (at: number, a: ZoneAlias) => named.some((n) => at >= n.from && at + a.alias.length <= n.to && !sameZone(n.name, a.zone) && !a.zone.includes(n.name));
    for (const a of this.aliases) {
      for (let at = text.indexOf(a.alias); at >= 0; at = text.indexOf(a.alias, at + 1)) {
        if (insideOther(at, a)) {
          text = text.slice(0, at) + '\u0000'.repeat(a.alias.length) + text.slice(at + a.alias.length);
          continue;
        }
        // 临港 of 宜宾临港经开区 or of 临港区 is not 临港新片区: the same checks as for one zone.
        // Only a bare place name (临港, 岳阳) can be part of another zone's name; a full one cannot.
        const core = zoneCore(a.alias) === a.alias;
        const mention = core ? zoneMentions(text.slice(Math.max(0, at - 6), at + a.alias.length + 8)).find((m) => m.qualified && m.name.includes(a.alias)) : undefined;
        const bare = startsAnotherPlace(text, at, a.alias);
        const other = mention && !sameZone(mention.name, a.zone) && !a.zone.includes(mention.name) && (placeCoreAt(mention.name, 0) ?? '') !== '' && !a.zone.includes(placeCoreAt(mention.name, 0)!);
        if (!bare && !other) found.push({ at, zone: a.zone, alias: a.alias });
        // Mask the match so 岳阳 inside 岳阳经开区 is not found again.
        text = text.slice(0, at) + '\u0000'.repeat(a.alias.length) + text.slice(at + a.alias.length);
      }
    }
    return found.sort((x, y) => x.at - y.at);
  }

  /** The people of the articles a question names, in the order it names them (吴桂英和易先荣分别…). */
  peopleIn(question: string, history?: string[]): string[] {
    const { plain } = this.parse(question, history);
    const named = this.options.people.filter((p) => plain.includes(p));
    // 吴桂英 inside a longer known name is that name, not a second person.
    return named.filter((p) => !named.some((q) => q !== p && q.includes(p))).sort((a, b) => plain.indexOf(a) - plain.indexOf(b));
  }

  /** `only` narrows a question naming several zones, or several people, to one of them. */
  async evidence(question: string, history?: string[], only?: { zone?: string; person?: string }): Promise<EvidenceResult> {
    const asked = this.parse(question, history);
    const parsed = only?.zone ? this.narrowToZone(asked, only.zone) : only?.person ? this.narrowToPerson(asked, only.person) : asked;
    const groups = this.termGroups(parsed);
    const { index } = this.options;
    // A place the question names besides its zone (宁东, 良庆区) is a constraint like the zone:
    // another place's figure is no answer.
    const places = groups.filter((g) => g.place).map((g) => g.forms[0]);
    const accept = this.withinPlaces(this.accepts(parsed), places);
    const terms = this.queryTerms(parsed, groups);
    const queryText = [parsed.zone, parsed.person, parsed.norm].filter(Boolean).join(' ');
    const vector = await index.embedQuery(queryText);

    const fuse = (filter?: AcceptFilter): Hit[] => {
      // Nothing passes the constraints: both searches would come back empty.
      if (filter?.ids?.length === 0) return [];
      const keyword = index.keywordSearch(terms, CANDIDATES, filter);
      const semantic = index.vectors.search(vector, CANDIDATES, filter);
      const fused = new Map<number, number>();
      keyword.forEach((h, rank) => fused.set(h.id, (fused.get(h.id) ?? 0) + 1 / (RRF_K + rank + 1)));
      semantic.forEach((h, rank) => fused.set(h.label, (fused.get(h.label) ?? 0) + 1 / (RRF_K + rank + 1)));
      return [...fused.entries()]
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .map(([id, score]) => ({ passage: index.passages[id], score }));
    };

    const all = fuse(accept).slice(0, KEEP);
    // Nearest articles for a "not found": keep the zone when the question named one we know.
    const zoneOnly = parsed.zone ? this.accepts({ ...parsed, year: null, person: null, unknownZone: null }) : undefined;
    const nearestPool = parsed.unknownZone || all.length === 0 ? fuse(zoneOnly) : all;
    const nearest = firstPerDoc(nearestPool, 3);
    const base = { parsed, terms: groups, nearest };

    if (parsed.unknownZone && !this.placeInText(parsed.unknownZone)) return { ...base, hits: [], facts: [], gap: `关于“${parsed.unknownZone}”的` };
    if (places.length && accept.ids?.length === 0) {
      const unconstrained = fuse(this.accepts(parsed)).slice(0, KEEP);
      return { ...base, hits: [], facts: [], nearest: firstPerDoc(unconstrained, 3), gap: `关于“${places.join('、')}”的` };
    }
    const stranger = this.unknownPerson(parsed);
    if (stranger) return { ...base, hits: [], facts: [], gap: `关于“${stranger}”的` };
    // Nothing asked (只有标点或表情): no evidence can answer it.
    if (groups.length === 0 && !parsed.zone && !parsed.person && !parsed.year && !parsed.indicator) {
      return { ...base, hits: [], facts: [], nearest: [], gap: '' };
    }
    if (all.length === 0) {
      const what = [parsed.year ? `${parsed.year}年` : '', parsed.zone ?? '', parsed.person ?? ''].filter(Boolean).join('、');
      return { ...base, hits: [], facts: [], gap: what ? `符合“${what}”的` : '' };
    }

    const docIds = new Set(all.map((h) => h.passage.docId));
    const facts = this.options.facts?.statementsFor(parsed, docIds) ?? [];
    // The best evidence must actually speak about what was asked, not just share the zone;
    // a matching extracted fact (a person's meetings, a title, a figure) is such evidence.
    // Titles are stored as written (often traditional); matching needs their normalized form.
    const top = all.slice(0, 5).map((h) => `${h.passage.norm}\n${normalizeText(h.passage.title)}`).join('\n');
    // “三化”, “四好” count the items asked for; the text lists them without the count.
    const countWords = (g: TermGroup) => g.forms.every((f) => /^[一二三四五六七八九十两]+[\u4e00-\u9fff]$/.test(f));
    const coverage = weightedCoverage(top, groups.filter((g) => !countWords(g)));
    // Indicator names must appear as written: 经济总量 is not 扩总量.
    const topLower = top.toLowerCase();
    const indicatorMissing = parsed.indicator && !this.indicatorForms(parsed.indicator).some((f) => topLower.includes(f.toLowerCase()));
    // A period (一季度, 1-4月) or a month (2024年9月的讲评会议) the question names must be the
    // evidence's too: the 二季度 meeting does not answer for the 一季度 one.
    const period = periodsIn(parsed.norm).find((p) => !mentionsPeriod(top, p));
    const month = this.monthMissing(parsed, all.slice(0, 5));
    // A meeting the question names (讲评会议) must be the evidence's: 周海兵 spoke at the 协调小组
    // meeting, so he did not speak at the 讲评 one as far as the articles say.
    // Its kind is what matters (调度会 is the article's 调度…会议): 会议/会 itself is in every title.
    // (An English question's meeting is a translation: review meeting may be 评审会 or 讲评会.)
    const meeting = isLatinQuestion(parsed.raw) ? undefined : groups.find((g) => MEETING_WORD.test(g.forms[0]) && !g.forms.some((f) => covers(top, f) || top.includes(f.replace(/会议$|会$/, ''))))?.forms[0];
    // 第33次工委会议, 第五届: the ordinal names one meeting; evidence of another is not an answer.
    // (A dictionary's 第一次 for "for the first time" names no meeting.)
    const ordinal = [...parsed.norm.matchAll(/第[\d一二三四五六七八九十百]+[次届]/g)].map((m) => m[0]).find((o) => !ordinalForms(o).some((f) => top.includes(f)) && !parsed.guessed?.includes(o));
    const when = period ?? month ?? meeting ?? ordinal;
    if (when) return { ...base, hits: [], facts: [], nearest: firstPerDoc(all, 3), gap: `关于“${when}”的` };
    if ((coverage < MIN_COVERAGE && facts.length === 0) || indicatorMissing) {
      const missing = groups
        .filter((g) => !countWords(g) && !g.forms.some((f) => covers(top, f)))
        .sort((a, b) => (b.salience ?? 1) - (a.salience ?? 1))
        .map((g) => g.forms[0]);
      const what = parsed.indicator && indicatorMissing ? parsed.indicator : missing.slice(0, 3).join('、');
      return { ...base, hits: [], facts: [], nearest: firstPerDoc(all, 3), gap: what ? `关于“${what}”的` : '' };
    }
    // A fact is cited to its own passage, which must then be part of the evidence.
    for (const f of facts) {
      if (all.some((h) => h.passage.passageId === f.passageId)) continue;
      const at = this.passageIndex.get(f.passageId);
      if (at !== undefined) all.push({ passage: index.passages[at], score: 0 });
    }
    // The rest of the best article, for answers that gather its members (坚持哪些导向).
    const topDoc = all[0].passage.docId;
    const context = (this.docPassages.get(topDoc) ?? []).filter((id) => !all.some((h) => h.passage.passageId === index.passages[id].passageId)).map((id) => ({ passage: index.passages[id], score: 0 }));
    return { ...base, hits: all, facts, gap: null, context };
  }

  private narrowToPerson<T extends ParsedQuestion & { plain: string }>(parsed: T, person: string): T {
    const others = (text: string) =>
      this.options.people
        .filter((p) => p !== person && !person.includes(p))
        .reduce((t, p) => t.split(p).join(' '), text);
    const strip = (text: string) => aboutOne(others(text));
    const norm = strip(parsed.norm);
    return { ...parsed, person, norm, plain: strip(parsed.plain), intent: detectIntent(norm) };
  }

  /**
   * A person's name the question asks about that no article contains (黄志刚在推进会上讲了什么):
   * the articles cannot say what that person did, whatever else matches.
   */
  private unknownPerson(parsed: ParsedQuestion): string | null {
    if (parsed.person) return null;
    const { tokenizer } = this.options.index;
    const known = (this.knownWords ??= new Set([...this.options.people, ...this.aliases.map((a) => a.alias), ...this.questionWords, ...Object.keys(this.options.lexicon.synonyms)]));
    for (const { word, tag } of tokenizer.tag?.(parsed.plain ?? parsed.norm) ?? []) {
      // Names the dictionary knows are tagged nr; new ones come out of jieba's HMM as x.
      if (!/^(?:nr|x)$/.test(tag) || !/^[\u4e00-\u9fff]{2,3}$/.test(word) || !SURNAMES.includes(word[0]) || known.has(word)) continue;
      // 徐汇区, 黄石市: a place, whatever its first character.
      if (/[区县市省]$/.test(word) && isPlaceCore(word.slice(0, -1))) continue;
      // Used as a name in the question (李明在会上…, 陈志刚是谁), not as the start of a word (文旅融合).
      const asked = parsed.plain ?? parsed.norm;
      if (!new RegExp(`${word}(?:${NAME_FOLLOWERS}|是|的|[^\\u4e00-\\u9fff]|$)`).test(asked)) continue;
      // 李明 inside 李明轩 (a reporter's byline) is not 李明.
      const { passages } = this.options.index;
      const standsAlone = new RegExp(`${word}(?![\\u4e00-\\u9fff])|${word}(?=${NAME_FOLLOWERS})`);
      if (!this.passagesContaining(word).some((id) => standsAlone.test(passages[id].norm))) return word;
    }
    return null;
  }

  private narrowToZone<T extends ParsedQuestion & { unknownZone: string | null; plain: string }>(parsed: T, zone: string): T {
    const { plain } = parsed;
    const mentions = this.zonesNamedIn(plain);
    // A zone named twice (重庆的两江新区…和重庆经开区…) is where its fullest name stands.
    const fullest = (m: { zone: string; alias: string }) => mentions.filter((x) => x.zone === m.zone).reduce((a, b) => (b.alias.length > a.alias.length ? b : a));
    const named = [...new Set(mentions.map(fullest))].sort((a, b) => a.at - b.at);
    const mine = named.findIndex((z) => z.zone === zone);
    if (named.length < 2 || mine < 0) return { ...parsed, zone, unknownZone: null, intent: detectIntent(parsed.norm) };
    // The question is read as segments, one per zone from its name to the next zone's: what a
    // segment says (a year, a meeting, a person) is that zone's alone. In 中牟新区2026年重点项目推进会
    // 和上饶高铁经济试验区…调度会上,讲话的…分别是谁, each zone has its own meeting and year, and the
    // ask after the last one's meeting is shared. In 岳阳经开区和萍乡经开区的GDP目标分别是多少, the
    // zones stand side by side and everything after them is shared.
    const segments = named.map((z, i) => plain.slice(z.at, named[i + 1]?.at ?? plain.length));
    // What a segment says besides its zone's name and the 和 joining it to the next.
    const said = segments.map((seg, i) => seg.slice(named[i].alias.length).replace(/[和与及、,，的\s]+$/, ''));
    const last = segments.length - 1;
    // The last zone's segment says as much as the others did: a year for a year, a meeting for a
    // meeting; the rest (的地区生产总值增速各是多少, 上,分别是谁主持) is everyone's. With nothing said
    // of the others, it is just its name.
    const own = said.slice(0, last).join('');
    const ends = SEGMENT_SLOTS.filter((re) => re.test(own)).map((re) => {
      const m = re.exec(said[last]);
      return m ? named[last].alias.length + m.index + m[0].length : 0;
    });
    const lastEnds = Math.max(named[last].alias.length, ...ends);
    const tail = segments[last].slice(lastEnds);
    segments[last] = segments[last].slice(0, lastEnds);
    const shared = `${plain.slice(0, named[0].at)} ${tail}`;
    const mineText = segments[mine];
    const text = aboutOne(`${plain.slice(0, named[0].at)}${mineText}${tail}`).trim();
    const yearIn = (t: string) => {
      const m = /(20\d{2}|19\d{2})\s*年/.exec(t);
      return m ? Number(m[1]) : null;
    };
    const personIn = (t: string) => this.options.people.filter((p) => t.includes(p)).sort((a, b) => b.length - a.length)[0] ?? null;
    const year = yearIn(mineText) ?? yearIn(shared);
    const person = personIn(mineText) ?? personIn(shared);
    const norm = `${text}${parsed.norm.slice(plain.length)}`;
    // "分别是谁" made it a list across zones; about one zone it is the plain question.
    return { ...parsed, zone, person, year, unknownZone: null, norm, plain: text, intent: detectIntent(norm) };
  }

  /**
   * The month a question names (2024年9月的讲评会议, 9月14日) when none of the best evidence is from
   * that month: dated in it, held in it, or mentioning it. Several months asked: no check.
   */
  private monthMissing(parsed: ParsedQuestion, hits: Hit[]): string | null {
    const months = [...new Set([...parsed.norm.matchAll(/(?<![\d-])(\d{1,2})月(?![\d-])/g)].map((m) => Number(m[1])).filter((m) => m >= 1 && m <= 12))];
    if (months.length !== 1 || hits.length === 0) return null;
    const [month] = months;
    const inMonth = (date: string | null | undefined) => !!date && Number(date.slice(5, 7)) === month && (!parsed.year || date.startsWith(String(parsed.year)));
    // 1-4月份 covers 4月 (截至4月底).
    const said = new RegExp(`(?<!\\d)${month}月`);
    return hits.some((h) => inMonth(h.passage.date) || said.test(h.passage.norm)) ? null : `${parsed.year ? `${parsed.year}年` : ''}${month}月`;
  }

  /** What the collection covers: article count, zones by number of articles, date range. */
  summary(): CorpusSummary {
    if (!this.cachedSummary) {
      const docs = new Map<string, { zone: string | null; date: string | null }>();
      for (const p of this.options.index.passages) if (!docs.has(p.docId)) docs.set(p.docId, { zone: p.zone, date: p.date });
      const perZone = new Map<string, number>();
      for (const d of docs.values()) if (d.zone && !isBareZoneType(d.zone)) perZone.set(d.zone, (perZone.get(d.zone) ?? 0) + 1);
      const dates = [...docs.values()].map((d) => d.date).filter((d): d is string => !!d).sort();
      this.cachedSummary = {
        articles: docs.size,
        zones: [...perZone.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([z]) => z),
        from: dates[0] ?? null,
        to: dates[dates.length - 1] ?? null,
      };
    }
    return this.cachedSummary;
  }

  /** A question that is only a zone's or a person's name (岳阳经开区, 谭勇？): the subject to brief on. */
  bareSubject(question: string): string | null {
    const parsed = this.parse(question);
    if (parsed.unknownZone || parsed.year || parsed.indicator || (parsed.zone && parsed.person)) return null;
    const subject = parsed.person ?? parsed.zone;
    if (!subject) return null;
    // Nothing but the name (and 的情况, 简介): 谭勇是什么职务 is a question, not a request for briefs.
    const names = parsed.person ? [parsed.person] : this.aliases.filter((a) => a.zone === parsed.zone).map((a) => a.alias);
    const rest = names.reduce((t, n) => t.split(n).join(''), parsed.plain).replace(/[\s\p{P}\p{S}]/gu, '');
    return /^(?:的?(?:情况|简介|介绍|简报|会议))?$/.test(rest) ? subject : null;
  }

  indicatorForms(indicator: string): string[] {
    return this.options.lexicon.indicators[indicator] ?? [indicator];
  }

  idf(term: string): number {
    return this.options.index.idf(term);
  }
}

/**
 * How much a word counts when matching: its rarity, scaled by its salience. A verb the articles
 * never use (扛着, 说) is as rare as can be; that rarity must not outweigh the topic.
 */
export function effectiveWeight(g: TermGroup): number {
  const salience = g.salience ?? 1;
  return salience === 1 ? g.weight : salience * Math.min(g.weight, 1.5);
}

/**
 * How much a word counts when choosing sentences: its rarity, except that a phrasing word no
 * article uses (说, 扛着) counts like the phrasing it is; phrasing words the articles do use
 * (分清, 颁发) still tell sentences apart.
 */
export function scoringWeight(g: TermGroup): number {
  return g.absent ? effectiveWeight(g) : g.weight;
}

export function weightedCoverage(text: string, groups: TermGroup[]): number {
  const weight = effectiveWeight;
  const total = groups.reduce((s, g) => s + weight(g), 0);
  if (total === 0) return 1;
  const covered = groups.filter((g) => g.forms.some((f) => covers(text, f))).reduce((s, g) => s + weight(g), 0);
  return covered / total;
}

function firstPerDoc(hits: Hit[], n: number): Hit[] {
  const seen = new Set<string>();
  const out: Hit[] = [];
  for (const h of hits) {
    if (seen.has(h.passage.docId)) continue;
    seen.add(h.passage.docId);
    out.push(h);
    if (out.length >= n) break;
  }
  return out;
}


function intersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      out[n++] = a[i];
      i++;
      j++;
    }
  }
  return out.slice(0, n);
}

function union(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out[n++] = a[i++];
    else if (i >= a.length || b[j] < a[i]) out[n++] = b[j++];
    else {
      out[n++] = a[i++];
      j++;
    }
  }
  return out.slice(0, n);
}

/** A map that forgets its oldest entries beyond `max`. */
class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K, compute: () => V): V {
    let value = this.map.get(key);
    if (value === undefined) {
      value = compute();
      this.map.set(key, value);
      if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
    }
    return value;
  }
}
