import { isCityCore, isPlaceCore, placeCoreAt, placeStart } from '../vocabulary/places.js';

/**
 * Zone detection by rule: a zone is a place-name prefix followed by a zone suffix
 * (新区, 经开区, 高新区 …). The prefix is read backwards from the suffix until a
 * boundary: punctuation, a function word, a verb or a title that cannot be part of a name.
 */

// Zone types, longest first, and the short form each is known by.
const SUFFIXES: [RegExp, string][] = [
  [/^经济技术开发区/, '经开区'],
  [/^高新技术产业开发区/, '高新区'],
  [/^高技术产业开发区/, '高新区'],
  [/^高新技术开发区/, '高新区'],
  [/^高新技术产业园区/, '高新区'],
  [/^经济开发区/, '经开区'],
  [/^经开区/, '经开区'],
  [/^高新区/, '高新区'],
  [/^高区/, '高新区'],
  [/^临港开发区/, '临港开发区'],
  [/^航空港区/, '航空港区'],
  [/^科技产业园区/, '科技产业园区'],
  [/^工业园区/, '工业园区'],
  [/^产业园区/, '产业园区'],
  [/^产业园/, '产业园'],
  [/^农业园/, '农业园'],
  [/^科技园/, '科技园'],
  [/^工业园/, '工业园'],
  [/^开发区/, '开发区'],
  [/^新区/, '新区'],
  [/^经济区/, '经济区'],
  [/^实验区/, '实验区'],
  [/^试验区/, '试验区'],
  [/^合作区/, '合作区'],
  [/^示范区/, '示范区'],
  [/^集聚区/, '集聚区'],
  [/^新片区/, '新片区'],
  [/^台商投资区/, '台商投资区'],
  [/^投资区/, '投资区'],
  [/^综合保税区/, '综合保税区'],
  [/^保税港区/, '保税港区'],
  [/^保税区/, '保税区'],
  [/^工业区/, '工业区'],
  [/^新城/, '新城'],
  [/^科学城/, '科学城'],
  [/^科技城/, '科技城'],
  [/^片区/, '片区'],
  [/^园区/, '园区'],
]
const SUFFIX_START = /经济技术开发区|高新技术产业开发区|高技术产业开发区|高新技术开发区|高新技术产业园区|经济开发区|经开区|高新区|高区(?!域)|临港开发区|航空港区|科技产业园区|工业园区|产业园区|产业园|农业园|科技园|工业园|开发区|新区|经济区|实验区|试验区|合作区|示范区|集聚区|新片区|台商投资区|投资区|综合保税区|保税港区|保税区|工业区|新城(?!建设|区)|科学城|科技城|片区|园区/g;

// Words that end a place name when read backwards: verbs, particles, titles, collective words.
const BOUNDARY_WORDS = [
  '调研', '召开', '推进', '举行', '建设', '考察', '发展', '视察', '走进', '来到', '深入', '位于', '全力', '加快', '打造', '成立', '获批',
  '传达', '学习', '贯彻', '研究', '审议', '汇报', '通报', '观摩', '表彰', '推动', '确保', '听取', '肯定', '完善', '支持', '服务', '实现', '加强', '促进', '融入', '围绕', '对接', '落实', '带动', '助力', '支撑',
  '做好', '抓好', '聚焦', '参观', '前往', '设立', '批复', '关于', '代表', '对标', '提升', '统筹', '保障', '给予', '管理', '运行', '机制',
  '书记', '主任', '区长', '市长', '省长', '主席', '委员', '常委', '领导', '干部', '党工委', '管委会', '工委', '中共',
  '全', '本', '我', '各', '该', '在', '的', '和', '与', '及', '了', '是', '为', '对', '到', '赴', '由', '将', '把', '向', '从', '等', '个', '省级', '国家级',
  '那', '请问', '所在', '问', '说', '会',
];
// 雅安市川藏经济协作 (试验区): a city, a region and a qualifier.
const MAX_PREFIX = 10;
// Characters of descriptions rather than names, for prefixes that hold no administrative place.
const DESCRIPTOR = /[流国全百强先深度型级化式性略争创优好每各该本当前年春技]/;

export interface ZoneMention {
  /** Canonical name, e.g. 岳阳经开区, or just the suffix when unqualified. */
  name: string;
  qualified: boolean;
  /** True when the name starts with an administrative place (岳阳, 金湾), not just any phrase. */
  known: boolean;
  /** Where the zone type starts, and where the mention ends. */
  index: number;
  end: number;
}

function canonicalSuffix(text: string): { suffix: string; length: number } | null {
  for (const [re, canon] of SUFFIXES) {
    const m = re.exec(text);
    if (m) return { suffix: canon, length: m[0].length };
  }
  return null;
}

function readPrefix(text: string, end: number): string {
  const read = readPrefixWords(text, end);
  // 呼和浩特: a place whose name holds a boundary character (和) is read whole.
  const start = end - read.length;
  for (let k = 1; k <= 3 && start - k >= 0; k++) {
    const core = placeCoreAt(text, start - k);
    if (core && core.length > k && start - k + core.length <= end) return text.slice(start - k, end).replace(/^[ \u3000]+/, '');
  }
  return read;
}

function readPrefixWords(text: string, end: number): string {
  // 遂宁 经开区: a space between the place and the zone type is layout, not a boundary.
  const gap = /[ \u3000]$/.test(text.slice(0, end)) && /[\u4e00-\u9fff]/.test(text[end - 2] ?? '') ? 1 : 0;
  const stop = end - gap;
  let start = stop;
  while (start > 0 && stop - start < MAX_PREFIX) {
    const ch = text[start - 1];
    if (!/[\u4e00-\u9fff]/.test(ch) || /[区讯]/.test(ch)) break;
    const before = text.slice(Math.max(0, start - 3), start);
    if (BOUNDARY_WORDS.some((w) => before.endsWith(w))) break;
    start--;
  }
  return text.slice(start, stop);
}

/**
 * The place part of a prefix read back from a zone type: from the first administrative place in
 * it (召开遂宁 → 遂宁; 湖南湘江 → 湖南湘江), or the whole prefix, unverified, when it holds none.
 */
function placePart(prefix: string, standsAlone = false): { place: string; known: boolean } {
  const at = placeStart(prefix);
  // 焦作国家高新技术产业开发区: 国家 (级) is the zone's rank, not part of its name.
  if (at >= 0) return { place: prefix.slice(at).replace(/(?:国家|省)级?$/, '').replace(/(?<=[\u4e00-\u9fff]{2})市$/, ''), known: true };
  // At most four characters of an unknown name: 湘江, 中关村, 西咸; longer runs are phrases, and
  // words that describe (一流, 国家, 深度, 百强) make a phrase, not a name. A run that stands
  // alone between punctuation (、市川藏经济协作试验区) may be six: nothing else can be its start.
  const bare = prefix.replace(/^[市县]/, '');
  const place = standsAlone && bare.length <= 6 ? bare : prefix.slice(-4);
  return { place: DESCRIPTOR.test(place) ? '' : place, known: false };
}

/** Up to MAX_PREFIX characters before `end`, stopping only where the script or a particle does. */
function readRawPrefix(text: string, end: number): string {
  const gap = /[ \u3000]$/.test(text.slice(0, end)) && /[\u4e00-\u9fff]/.test(text[end - 2] ?? '') ? 1 : 0;
  const stop = end - gap;
  let start = stop;
  // Another zone's type (西咸新区秦汉新城) or a dateline (本报讯) ends the name.
  // 地区 (大兴安岭地区) is a prefecture's name, not another zone's type.
  while (start > 0 && stop - start < MAX_PREFIX && /[\u4e00-\u9fff]/.test(text[start - 1]) && (!/[的和与及在是了区讯]/.test(text[start - 1]) || text.slice(start - 2, start) === '地区')) start--;
  return text.slice(start, stop);
}

// Words that never stand inside a zone's name: a clause's verbs and the rank of a zone to be.
const NAME_BREAKER = /[就把将被向于到赴要]|召开|举行|创建|申建|申报|调研|考察|视察|加快|推进|听取|研究|部署|调度|观摩|汇报|主持|出席|传达|学习|什么|哪些|哪个|怎么|多少/;

function crossesBoundary(prefix: string): boolean {
  if (NAME_BREAKER.test(prefix)) return true;
  // What follows the place (现代服务业 of 嘉兴现代服务业集聚区) is a short qualifier, never a
  // phrase (调度全市各 of 吉林市调度全市各开发区).
  const core = placeCoreAt(prefix, 0) ?? '';
  const rest = prefix.slice(core.length).replace(/^[市县区]/, '').replace(/(?:国家|省)级?$/, '');
  return rest.length > 6 || (rest.length > 0 && DESCRIPTOR.test(rest) && placeStart(rest) !== 0);
}

/** Every zone mention in a normalized text. */
export function zoneMentions(norm: string): ZoneMention[] {
  const out: ZoneMention[] = [];
  for (const m of norm.matchAll(SUFFIX_START)) {
    const at = m.index!;
    const s = canonicalSuffix(norm.slice(at));
    if (!s) continue;
    // A named place may be followed by a qualifier the verb list would cut (嘉兴现代服务业集聚区):
    // when the longer run holds a place, the name starts there.
    const raw = readRawPrefix(norm, at);
    // …unless a verb or function word stands between the place and the type (天柱县就创建省级经开区).
    const from = placeStart(raw);
    const prefix = from >= 0 && !crossesBoundary(raw.slice(from)) ? raw : readPrefix(norm, at);
    const before = norm[at - prefix.length - 1];
    const { place, known } = placePart(prefix, before === undefined || /[\s\p{P}]/u.test(before));
    // 一新区 / 各新区 style collective nouns are not names.
    const qualified = place.length >= 2;
    out.push({ name: qualified ? place + s.suffix : s.suffix, qualified, known: qualified && known, index: at, end: at + s.length });
  }
  return out;
}

/** The city a text names, such as 天门市 in 天门市融媒体中心. */
export function cityOf(norm: string): string | null {
  // The place before 市 must be one: 召开全市 names no city.
  for (const m of norm.matchAll(/([\u4e00-\u9fff]{2,4})市/g)) {
    for (let i = 0; i + 2 <= m[1].length; i++) {
      const core = m[1].slice(i);
      if (isPlaceCore(core)) return `${core}市`;
    }
  }
  return null;
}

export interface ZoneInput {
  title: string;
  paragraphs: string[];
  breadcrumb: string;
  source: string;
  /** The page had no headline: `title` is the lead's first sentence, counted in the text already. */
  titleFromLead?: boolean;
}

/** The administrative places with their unit (冀州区, 包头市, 临高县) in a text, in order. */
function placeUnitsOf(text: string): { core: string; name: string }[] {
  const out: { core: string; name: string }[] = [];
  for (const m of text.matchAll(/([\u4e00-\u9fff]{2,5})([市区县])(?![长级直场])/g)) {
    for (let i = 0; i + 2 <= m[1].length; i++) {
      const core = m[1].slice(i);
      if (isPlaceCore(core)) {
        out.push({ core, name: core + m[2] });
        break;
      }
    }
  }
  return out;
}

function placeUnitOf(text: string): { core: string; name: string } | null {
  return placeUnitsOf(text)[0] ?? null;
}

/** A place that is the subject of a meeting headline: 呈贡区召开…, 包头市…会召开, 宝鸡市渭滨区一季度…. */
function placeSubject(title: string): string | null {
  // A headline that opens with a place (宝鸡市渭滨区一季度经济发展实现平稳开局) is about it: the most specific one.
  // Each part of a headline counts as its opening: 天天热点!干劲十足——新建区部署全年发展目标.
  for (const part of title.split(/——|--|—|[:：!！|｜]|\s+/)) {
    const opening = /^((?:[\u4e00-\u9fff]{2,4}[省市])?[\u4e00-\u9fff]{2,4}[市区县])(?!委|政府|长|级|直)/.exec(part);
    if (!opening) continue;
    const units = placeUnitsOf(opening[1]);
    if (units.length && opening[1].endsWith(units[units.length - 1].name)) return units[units.length - 1].name;
  }
  if (!/召开|举行|会议|会$/.test(title)) return null;
  // A column label (天天实时:) or the lead's date (3月31日,) goes before the subject.
  // The clause that holds the meeting is the one to read (为了…,3月18日,秦安县召开…).
  const clause = title.split(/[,，]/).find((c) => /召开|举行/.test(c)) ?? title;
  const plain = (/召开|举行/.test(title) && /[,，]/.test(title) ? clause : title).replace(/^[^:：]{1,6}[:：]/, '').replace(/^[^，,]{0,14}\d{1,2}日(?:上午|下午|晚上|晚)?\s*[,，]\s*/, '');
  const head = /^[^，,:：]*?([\u4e00-\u9fff]{2,5}[市区县])(?:委|政府)?(?:召开|举行|[^，,。:：]{0,40}?会(?:议)?(?:在[^，,。]{1,20})?(?:召开|举行)?$)/.exec(plain);
  if (!head) return null;
  const found = placeUnitOf(head[1]);
  return found && head[1].endsWith(found.name) ? found.name : null;
}

/** The place an outlet is named after: 衢州 in 衢州日报, 天门市 in 天门市融媒体中心. */
export function outletPlace(source: string): string | null {
  const city = cityOf(source);
  if (city && source.startsWith(city)) return city.replace(/市$/, '');
  // 编辑:泰州日报 阅读数:1061: an outlet's name inside a line of labels.
  const outlet = /([\u4e00-\u9fff]{2,6}?)(?:日报|晚报|新闻网|融媒体中心|广播电视台|电视台)/.exec(source);
  const inOutlet = outlet && source.indexOf(outlet[0]) > 0 ? placeCoreAt(outlet[1], 0) : null;
  if (inOutlet) return inOutlet;
  const first = placeCoreAt(source, 0);
  if (first || source.length > 8) return first;
  // A short outlet name holds its place anywhere: 今日沁阳, 魅力衢州.
  for (let i = 1; i + 2 <= source.length; i++) {
    const core = placeCoreAt(source, i);
    if (core) return core;
  }
  return null;
}

/** The kind of body a meeting belongs to, when the headline or lead names it without its place. */
type MeetingUnit =
  | { kind: 'zone'; type: string }
  | { kind: 'city' }
  | { kind: 'county'; unit: '区' | '县' }
  /** 全区, 我区, 区党工委: a zone's or a district's own meeting; which one, the evidence says. */
  | { kind: 'local' };

// The body a meeting belongs to, said by its kind: 市政府常务会议, 区委常委会, 全县, 我区, 区党工委书记.
// A person's title (市委书记, 市长, 市委常委) names whom they serve, not who held the meeting: a
// visiting 市委书记 does not make a zone's meeting the city's.
const UNIT_WORDS = /(市)(?:人民)?(?:政府|委(?!书记|副书记|常委(?!会)|委员|秘书长))|(区|县)(?:人民)?(?:政府|委(?!书记|副书记|常委(?!会)|委员|秘书长))|(?:全|我|本)(市|区|县)|(区)(?:党工委|管委会|工委)(?!书记|副书记|委员)/g;

/** The unit named by kind in a clause: the first of a bare zone type (高新区召开) or a unit word. */
function meetingUnitIn(clause: string): { unit: MeetingUnit; at: number } | null {
  const bare = zoneMentions(clause).find((m) => !m.qualified);
  // 焦作市委, 九龙坡区政府: a unit word after a place name is that place's, named already.
  const word = [...clause.matchAll(UNIT_WORDS)].find((w) => !/全|我|本/.test(w[0][0]) ? ![2, 3, 4].some((n) => isPlaceCore(clause.slice(Math.max(0, w.index - n), w.index))) : true);
  const atWord = word ? word.index : Infinity;
  if (bare && bare.index <= atWord) return { unit: { kind: 'zone', type: bare.name }, at: bare.index };
  if (!word) return null;
  if (word[1] || word[3] === '市') return { unit: { kind: 'city' }, at: atWord };
  if (word[2]) return { unit: { kind: 'county', unit: word[2] as '区' | '县' }, at: atWord };
  if (word[3] === '县') return { unit: { kind: 'county', unit: '县' }, at: atWord };
  return { unit: { kind: 'local' }, at: atWord };
}

/** Zone types of one family compare alike: 开发区 said bare is the 经开区 the text names in full. */
function typeFamily(type: string): string {
  return /开发区$|经开区$/.test(type) && !/临港开发区$/.test(type) ? '经开区' : type;
}

/** The family of a zone's type (岳阳经济技术开发区 → 经开区, 西安高新区 → 高新区). */
export function zoneTypeFamily(zone: string): string {
  const z = canonicalZone(zone);
  return typeFamily(z.slice(-zoneTypeLength(z)));
}

/**
 * The zone or place an article is about: the body that held the meeting, by name.
 *
 * 1. A name the headline gives the meeting's holder (a zone, a district or city, a named
 *    convener such as 松山湖) decides.
 * 2. Otherwise the headline, or the lead's first sentence, names the holder by kind (高新区召开…,
 *    市政府常务会议, 区委常委会, 全区…, 区党工委书记…). The name of that kind comes from the text
 *    (the zone of that type it names most, the city or district it names), the site (a zone's own
 *    masthead or breadcrumb, the outlet's place), and when nothing names it, the bare kind
 *    (高新区): what the text says, and no more.
 * 3. With no holder named, the zone the lead and body name most, or the outlet's city.
 *
 * A zone name whose prefix is no administrative place counts only when the text repeats it or
 * gives it its own office (金普新区党工委), so 当前经开区 said once is no zone.
 */
export function detectZone(input: ZoneInput): string | null {
  const body = input.paragraphs.join('\n');
  const lead = input.paragraphs.slice(0, 2).join('\n');
  const leadSentence = lead.split(/[。！？]/)[0] ?? '';
  const tally = new Map<string, { count: number; known: boolean; office?: boolean }>();
  const add = (text: string, weight: number) => {
    for (const m of zoneMentions(text)) {
      if (!m.qualified) continue;
      const t = tally.get(m.name) ?? { count: 0, known: m.known };
      t.count += weight;
      if (/^(?:党工委|管委会|工委)/.test(text.slice(m.end))) t.office = true;
      tally.set(m.name, t);
    }
  };
  add(body, 1);
  add(lead, 1);
  add(input.breadcrumb, 2);
  const credible = (name: string, needed = 3) => {
    const t = tally.get(name);
    // A name that holds an office of its own (金普新区党工委书记) needs saying only twice.
    return t !== undefined && (t.known || t.count >= needed || (t.office === true && t.count >= 2));
  };
  const mostFrequent = (type?: string): string | null => {
    let best: string | null = null;
    let bestScore = 0;
    for (const [name, t] of tally) {
      if (type && typeFamily(name.slice(-zoneTypeLength(name))) !== typeFamily(type)) continue;
      if (!credible(name)) continue;
      const score = t.count + (t.known ? 0.5 : 0);
      if (score > bestScore || (score === bestScore && best !== null && name.length > best.length)) {
        best = name;
        bestScore = score;
      }
    }
    return best;
  };
  // The outlet or the site's masthead may be the zone itself (国家级曲靖经济技术开发区).
  // A name that is no administrative place (苏锡通科技产业园区) counts when the article says it too.
  const ownSites = [...zoneMentions(input.source), ...zoneMentions(input.breadcrumb)].filter((m) => m.qualified && (m.known || `${input.title}\n${body}`.includes(zoneCore(m.name))));

  // 1. The holder named in the headline.
  // 主持召开会议,专题学习…广州高新区工作委员会会议精神: the zone whose meeting is studied is not the one
  // meeting, whether the clause follows the meeting or opens the sentence (为贯彻…精神,…召开).
  const titleMentions = zoneMentions(
    input.title
      .split(/[,，]/)
      .map((clause) => clause.replace(/(?:专题)?(?:学习|传达|贯彻|落实).*精神.*$/, ''))
      .join('，'),
  );
  const opening = input.title || leadSentence;
  // A title's zone counts when its place is one, or the body names it too (创新驱动战略高新区 is no zone).
  // 西咸新区秦汉新城: of two zones named one after the other, the second is the part that met.
  // From a lead sentence, an unknown name counts when it convenes the meeting (三厂工业园区召开…).
  const convenes = (m: ZoneMention) => /^(?:党工委|管委会)?(?:召开|举行)/.test(input.title.slice(m.end));
  // The site's own zone (苏锡通科技产业园区) vouches for its short name in the headline (苏锡通园区).
  const ofOwnSite = (m: ZoneMention) => ownSites.some((o) => zoneCore(o.name) === zoneCore(m.name));
  const titleZones = titleMentions.filter((m) => m.qualified && (m.known || ofOwnSite(m) || (input.titleFromLead ? credible(m.name) || convenes(m) : tally.has(m.name))));
  // 五象新区(自贸试验区南宁片区): a name in brackets after a zone is its other name, not a part of it.
  const bracketed = (at: number) => (input.title.slice(0, at).match(/[(（]/g)?.length ?? 0) > (input.title.slice(0, at).match(/[)）]/g)?.length ?? 0);
  const nested = titleZones.find((m, i) => i > 0 && m.index - m.name.length <= titleZones[i - 1].index + 4 && !bracketed(m.index));
  const qualifiedInTitle = nested ?? titleZones[0];
  if (qualifiedInTitle) {
    // 医药高新区 in 泰州日报: a zone named by its qualifier alone is the outlet's city's.
    const city = qualifiedInTitle.known ? null : outletPlace(input.source);
    return city && !qualifiedInTitle.name.startsWith(city) && isCityCore(city) ? city + qualifiedInTitle.name : qualifiedInTitle.name;
  }
  // 呈贡区召开一季度经济运作分析会, 包头市…会召开: a place that is itself the meeting's subject.
  // Only when no zone is named up front: 冀州区召开高新区党工委会议 is the 高新区's meeting.
  if (!zoneMentions(opening).some((m) => m.qualified && m.known)) {
    const subject = placeSubject(opening) ?? (input.title ? placeSubject(leadSentence.replace(/^[^，,]{0,14}\d{1,2}日[^，,]{0,4}[,，]\s*/, '')) : null);
    if (subject && !titleMentions.length) return subject;
  }
  // 临港区党工委(扩大)会议…召开: a district that has a 党工委 or 管委会 of its own is a zone, and
  // its headline names it even when it is no administrative district.
  const ownBody = /^([\u4e00-\u9fff]{2,4}[区县园岛城])(?:党工委|管委会|工委)/.exec(opening.replace(/^[^，,]{0,14}\d{1,2}日[^，,]{0,4}[,，]\s*/, ''));
  if (ownBody && !zoneMentions(ownBody[1]).length && !titleMentions.some((m) => m.qualified) && body.includes(ownBody[1])) return ownBody[1];
  // 松山湖召开第三季度经济形势分析会: a name that convenes the meeting, said again in the text, is
  // the zone even without a zone type (never 区委, 我市 or a body such as 管委会).
  for (const clause of [input.title, leadSentence]) {
    const convener = /(?:^|[,，\s])([\u4e00-\u9fff]{2,5}?)(?:召开|举行)/.exec(clause)?.[1];
    if (!convener || zoneMentions(clause).some((m) => m.qualified) || /\d/.test(convener)) continue;
    if (/主持|书记|主任|[区市县]长|^(?:我|全|本|该|各|区|市|县)|(?:委|会|部|局|办|组|府|厅|处|院|司|公司|中心)$/.test(convener)) continue;
    if (zoneMentions(convener).length) continue;
    // 大亚湾召开…, whose text says 大亚湾开发区: the name with its type.
    const typed = [...tally.keys()].find((name) => zoneCore(name) === convener);
    if (typed) return typed;
    if (body.split(convener).length - 1 >= 2 || input.title.includes(convener)) return convener;
  }

  // 2. The holder named by its kind.
  const named = meetingUnitIn(input.title) ?? meetingUnitIn(leadSentence);
  if (named) {
    const resolved = resolveUnit(named.unit);
    if (resolved) return resolved;
    // A city's or county's own meeting whose name the text never gives: no zone it speaks of is
    // the holder.
    if (named.unit.kind === 'city' || named.unit.kind === 'county') return null;
  }

  // 3. No holder named: the zone the lead names, then the one the text names most.
  const inLead = zoneMentions(lead).find((m) => m.qualified && credible(m.name));
  if (inLead) return mostFrequent(inLead.name.slice(-zoneTypeLength(inLead.name))) ?? inLead.name;
  return mostFrequent() ?? ownSites[0]?.name ?? cityOf(input.source) ?? null;

  function resolveUnit(unit: MeetingUnit): string | null {
    switch (unit.kind) {
      case 'zone': {
        const type = unit.type;
        const fromText = mostFrequent(type);
        if (fromText) return fromText;
        const own = ownSites.find((m) => typeFamily(m.name.slice(-zoneTypeLength(m.name))) === typeFamily(type));
        if (own) return own.name;
        const place = placeFromText();
        if (place) return place + type;
        // 高新区是南昌工业经济主阵地: the city the text keeps naming is the zone's.
        const city = mostNamedPlace('市', 2);
        if (city) return city.replace(/市$/, '') + type;
        // The text names the zone only by its type: say that much, and no more.
        return type;
      }
      case 'city':
        return cityOf(input.source) ?? (outletPlace(input.source) ? `${outletPlace(input.source)}市` : null) ?? mostNamedPlace('市');
      case 'county':
        return localPlace(unit.unit) ?? mostNamedPlace(unit.unit);
      case 'local': {
        // 我区 on a zone's own site is the zone; elsewhere the zone the text names most, else the
        // district its outlet serves.
        if (ownSites.length) return ownSites[0].name;
        const fromText = mostFrequent();
        if (fromText) return fromText;
        // The lead names the zone by its type (区党工委书记…经开区): that zone, named as above.
        const bare = zoneMentions(lead).find((m) => !m.qualified);
        if (bare) return resolveUnit({ kind: 'zone', type: bare.name });
        return localPlace('区') ?? mostNamedPlace('区');
      }
    }
  }

  function placeFromText(): string | null {
    const fromOutlet = outletPlace(input.source);
    if (fromOutlet) return fromOutlet;
    // Only the opening sentence: a place named further on is as often a visitor's or a partner's.
    // A county names its zone (安岳县 → 安岳经开区); a district seldom does (文峰区委书记、高新区党工委书记
    // leads 安阳高新区): a district is no zone's place.
    const place = placeUnitOf(leadSentence);
    return place && !place.name.endsWith('区') ? place.core : null;
  }

  /** 广元市昭化区发展和改革局: of the places an outlet names, the one of the unit the text speaks of. */
  function localPlace(unit: '区' | '县'): string | null {
    const own = placeUnitsOf(input.source).find((p) => p.name.endsWith(unit));
    if (own) return own.name;
    return null;
  }

  /** The administrative place of a unit the text names most (鄂尔多斯市, 九龙坡区), if any. */
  function mostNamedPlace(unit: '市' | '区' | '县', atLeast = 1): string | null {
    const counts = new Map<string, number>();
    const text = `${input.title}\n${body}`;
    for (const p of placeUnitsOf(text)) if (p.name.endsWith(unit)) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
    // A city is as often named without its 市 (视察天津, 北票宾馆).
    if (unit === '市') {
      for (const m of text.matchAll(/[\u4e00-\u9fff]{2,4}/g)) {
        for (let i = 0; i + 2 <= m[0].length; i++) {
          for (let len = Math.min(4, m[0].length - i); len >= 2; len--) {
            const core = m[0].slice(i, i + len);
            if (isCityCore(core) && m[0][i + len] !== '市') counts.set(`${core}市`, (counts.get(`${core}市`) ?? 0) + 1);
          }
        }
      }
    }
    let best: string | null = null;
    for (const [name, n] of counts) if (n >= atLeast && (!best || n > counts.get(best)!)) best = name;
    return best;
  }
}

/** How long the zone type at the end of a name is (岳阳经开区 → 3). */
export function zoneTypeLength(name: string): number {
  for (let i = 0; i < name.length; i++) {
    const s = canonicalSuffix(name.slice(i));
    if (s && i + s.length === name.length) return s.length;
  }
  return name.length;
}

/** The place part of a zone name: 湖南湘江新区 → 湖南湘江, 天门市 → 天门. */
export function zoneCore(zone: string): string {
  for (let i = 1; i < zone.length; i++) {
    const s = canonicalSuffix(zone.slice(i));
    if (s && i + s.length === zone.length) return zone.slice(0, i);
  }
  return zone.replace(/[市县区]$/, '');
}

/**
 * Whether a bare place name at `at` (临港, the core of 临港新片区) is there the start of another
 * place (临港区) rather than the zone: followed by 区, 县 or 市 — unless a 市 or 县 leads into a zone
 * type (连云港市开发区 is 连云港开发区).
 */
export function startsAnotherPlace(text: string, at: number, name: string): boolean {
  if (zoneCore(name) !== name) return false;
  const after = text.slice(at + name.length);
  if (!/^[区县市镇乡]/.test(after)) return false;
  return !(/^[市县]/.test(after) && zoneMentions(after.slice(1, 12)).some((m) => m.index === 0));
}

/** Cities and counties named in a question (长沙县, 苏州市), read back from the suffix like zones. */
export function placeMentions(norm: string): string[] {
  const out: string[] = [];
  for (const m of norm.matchAll(/[市县](?!委|政府|长|级|直|场|区|人大|政协)/g)) {
    const name = readPrefix(norm, m.index!);
    const core = name.length > 3 ? name.slice(-3) : name;
    if (core.length >= 2 && !/^[全我本该各]/.test(core)) out.push(core + m[0]);
  }
  // Districts (九龙坡区, 黄埔区) only when the name is an administrative place: 全区 and 园区 are not.
  for (const m of norm.matchAll(/区(?!委|政府|长|级|直|域|人大|政协)/g)) {
    const raw = readRawPrefix(norm, m.index!);
    for (let i = 0; i + 2 <= raw.length; i++) {
      if (isPlaceCore(raw.slice(i))) {
        out.push(`${raw.slice(i)}区`);
        break;
      }
    }
  }
  return out;
}

// Full zone types and their short forms; a zone is compared by its short form.
const ZONE_TYPE_SHORT: [RegExp, string][] = [
  [/经济技术开发区$|经济开发区$|(?<=[\u4e00-\u9fff]{2})开发区$/, '经开区'],
  [/高新技术产业开发区$|高新技术开发区$|高新区$|高区$/, '高新区'],
];

/** A zone name in the one form used to compare: no spaces, no party prefix, short zone type, no 市 before it. */
export function canonicalZone(zone: string): string {
  let z = zone.replace(/\s+/g, '').replace(/^中共/, '').replace(/(党工委|管委会|党委)$/, '');
  for (const [re, short] of ZONE_TYPE_SHORT) z = z.replace(re, short);
  return z.replace(/(?<=[\u4e00-\u9fff]{2})市(?=[\u4e00-\u9fff]{2,}$)/, '');
}

/** Whether two names denote the same zone (岳阳经济技术开发区 ⇄ 岳阳经开区, 遂宁市经开区 ⇄ 遂宁经开区). */
export function sameZone(a: string, b: string): boolean {
  const x = canonicalZone(a);
  const y = canonicalZone(b);
  if (x === y) return true;
  // 湖南湘江新区 ⇄ 湘江新区, 四川遂宁高新区 ⇄ 遂宁高新区: a leading province or city may be left out.
  const [long, short] = x.length > y.length ? [x, y] : [y, x];
  if (!long.endsWith(short)) return false;
  const dropped = long.slice(0, long.length - short.length);
  const core = placeCoreAt(dropped, 0);
  if (!zoneMentions(short).some((m) => m.qualified)) return false;
  // 自贸试验区昆明片区 ⇄ 昆明片区, 西咸新区秦汉新城 ⇄ 秦汉新城: the parent zone may be left out too.
  return (core !== null && dropped.replace(/[省市]$/, '') === core) || /(?:区|园|城)$/.test(dropped);
}

/** A zone known only by its type (高新区, 经开区): the text never says which one. */
export function isBareZoneType(zone: string): boolean {
  const m = zoneMentions(zone);
  return m.length === 1 && !m[0].qualified && m[0].index === 0 && m[0].end === zone.length;
}
