import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

/**
 * A synthetic corpus in the shape of the seed articles: zone meetings with a title, a meta line
 * (date, outlet, byline), a lead paragraph naming leaders with their titles, figure paragraphs,
 * directive paragraphs, page furniture, some traditional-script articles (a few with pinyin
 * annotations or mojibake like the seeds). Deterministic for a given seed; the facts it states are
 * returned alongside so questions can be generated with known answers.
 */

export interface SyntheticLeader {
  name: string;
  title: string;
}

export interface SyntheticFacts {
  zone: string;
  year: number;
  /** ISO date of the meeting. */
  date: string;
  meeting: string;
  /** Speaks (出席并讲话) and gives the directives. */
  secretary: SyntheticLeader;
  /** Chairs (主持). */
  director: SyntheticLeader;
  attendees: string[];
  gdpTarget: number;
  taxTarget: number;
  projects: number;
  /** Clauses of the secretary's directives, as written (simplified). */
  directives: string[];
  traditional: boolean;
}

export interface SyntheticArticle {
  docId: string;
  /** File content, as a user would drop it into corpus/. */
  text: string;
  facts: SyntheticFacts;
}

export interface SyntheticOptions {
  seed?: number;
  /** Index of the first article (generate a corpus in slices with the same result). */
  start?: number;
}

/** mulberry32: small, fast, and the same sequence on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const dec = (r: Rand, lo: number, hi: number, digits = 1): number => Number((lo + r() * (hi - lo)).toFixed(digits));
function pickSome<T>(r: Rand, xs: readonly T[], n: number): T[] {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(r() * pool.length), 1)[0]);
  return out;
}

const PLACES = [
  '岳阳', '株洲', '湘潭', '衡阳', '邵阳', '常德', '益阳', '郴州', '永州', '怀化', '娄底', '浏阳', '宁乡', '醴陵', '汨罗', '萍乡',
  '九江', '赣州', '宜春', '天门', '仙桃', '潜江', '荆州', '襄阳', '宜昌', '孝感', '黄石', '鄂州', '吉安', '上饶', '抚州', '新余',
  '鹰潭', '湘乡', '耒阳', '资兴', '沅江', '韶关', '清远', '梧州', '柳州', '桂林', '遵义', '六盘水', '张家界', '景德镇',
];
const ZONE_SUFFIXES = ['经开区', '经开区', '高新区'];
const LONG_SUFFIX: Record<string, string> = { 经开区: '经济技术开发区', 高新区: '高新技术产业开发区' };

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方邹熊孟秦邱侯江尹薛闫段雷龙黎史陶贺顾毛郝龚邵万覃武钱严戴莫孔向汤';
const GIVEN = '春方海燕国良德明兴吾志强建华晓东立新文博伟平永红丽军勇涛斌辉鹏宇飞俊杰云峰磊鑫洪波刚毅卫兵光荣朝晖智宏凯健敏静婷娟霞芳玲雪梅琳艳秀英桂兰凤洁颖瑶慧思远航帆帅浩然一鸣子豪晨阳泽川嘉铭';
const OUTLETS = ['湖南日报·新湖南客户端', '掌上长沙', '红网时刻', '新华网湖南频道', '长江日报', '江西日报', '湖北日报'];
const CITY_OUTLETS = ['日报', '新闻网', '融媒体中心', '发布'];

const TOPICS = [
  '重点项目建设', '优化营商环境', '招商引资', '产业发展', '稳增长', '安全生产', '科技创新', '园区高质量发展', '经济运行', '开放型经济',
  '民营经济发展', '产业链建设', '数字经济', '工业投资', '项目攻坚', '“五好”园区创建', '新型工业化', '外贸稳增长', '要素保障', '企业服务',
];
const MEETING_KINDS = ['推进会', '调度会', '讲评会议', '座谈会', '部署会', '动员大会', '工作会议'];
const PERIODS = ['一季度', '1-4月份', '上半年', '1-7月份', '前三季度', '1-11月份'];
const PARTS_OF_DAY = ['上午', '下午', ''];
const SECRETARY_TITLES = ['区党工委书记', '区工委书记', '市委常委、区党工委书记', '区党工委书记、管委会主任'];
const DIRECTOR_TITLES = ['区工委副书记、管委会主任', '区党工委副书记、管委会主任', '管委会主任', '区党工委委员、管委会常务副主任'];
const SPEECH_VERBS = ['强调', '要求', '指出'];

const DIRECTIVES = [
  '坚持目标导向,在争先创优中打好攻坚硬仗', '加快补齐各项短板指标,全面确保实现“双过半”', '抢抓时间节点,扎实做好自己的事情',
  '切实担起责任,扎实抓好工作推动落实', '坚持问题导向,在精准发力中促进工作提升', '对标找差、精准补短,加快补齐各项工作短板',
  '压实责任,协调配合,形成齐抓共管的强大合力', '实行清单管理、挂图作战,倒排工作任务', '严格督考,对完成较差的单位严肃追究责任',
  '牢固树立“项目为王”理念,把项目建设作为头等大事抓紧抓实', '推动未签约项目尽快签约、已签约项目尽快落地开工', '加大招商引资力度,狠抓项目谋划储备',
  '强化企业发展要素保障,全力保障企业生产需求', '深入开展“送解优”专项行动,帮助企业找出增量', '持续优化营商环境,全面激发市场主体活力',
  '抓好安全生产,切实扛牢安全生产责任,守牢安全底线', '维护社会稳定,扎实做好矛盾纠纷排查化解工作', '守好廉政底线,营造风清气正的干事氛围',
  '聚焦经济发展主责主业,不断增强危机感、责任感和紧迫感', '强化经济运行监测分析,及时研判解决苗头性问题', '加快在建项目进度,推动项目早投产早见效',
  '坚持创新驱动,支持企业加大研发投入', '推动产业链上下游协同发展,做大做强主导产业', '深化“放管服”改革,提升政务服务效能',
  '盘活低效闲置土地,提高园区亩均效益', '做好外贸企业服务,稳住外贸基本盘', '统筹发展和安全,守住不发生重大风险的底线',
  '发扬“钉钉子”精神,确保各项工作落地见效', '加强干部队伍建设,激励干部担当作为', '推进重点改革事项,增强园区发展活力',
];
const OPENINGS = [
  '牢牢把握高质量发展这个首要任务', '深入落实“三高四新”战略定位和使命任务', '统筹疫情防控和经济社会发展', '坚持稳中求进工作总基调',
  '聚焦“项目为王”', '围绕打造现代化产业园区目标', '全面贯彻新发展理念', '坚持以制造业立区强区',
];
const RESULTS = [
  '主要指标回升向好,有效投资不断扩大,产业基础持续夯实,创新能力加速提升', '经济运行总体平稳、稳中有进,实现了“开门红”“开门稳”',
  '重点项目加快推进,招商引资成效明显,园区综合实力稳步提升', '市场主体持续壮大,营商环境不断优化,发展后劲不断增强',
];
const CLOSINGS = ['会议还就近期安全生产工作进行了安排部署。', '会议还调度了全区综合考核有关情况。', '会议还就节日期间工作进行了安排部署。', '会上,各相关部门单位负责人作了交流发言。'];

// Neutral sentences that lengthen a paragraph to passage size without adding facts.
const FILLERS = [
  '各级各部门要把思想和行动统一到会议精神上来,切实增强做好当前经济工作的责任感和使命感。',
  '要坚持以项目论英雄、以发展论实绩,推动形成比学赶超、争先进位的浓厚氛围。',
  '要加强统筹调度,建立健全周调度、月通报、季讲评工作机制,及时协调解决项目推进中的困难和问题。',
  '要持续深化作风建设,大兴调查研究之风,推动干部走出办公室、深入一线解难题。',
  '要强化要素保障,在用地、用能、融资等方面给予重点项目优先支持。',
  '要坚持稳中求进,锚定年度目标不放松,全力以赴拼经济、抓项目、促发展。',
  '要把安全生产摆在突出位置,压紧压实各方责任,坚决防范遏制重特大事故发生。',
  '会议通报了前一阶段重点工作完成情况,并对表现突出的单位和个人进行了通报表扬。',
  '与会人员围绕各自分管领域,就存在的问题和下一步工作打算进行了深入交流。',
  '要进一步提高站位、凝聚共识,以更大的决心和更实的举措推动各项工作落地落实。',
];

/** Append neutral sentences until the paragraph reaches `min` characters: one paragraph, about one passage. */
function fill(r: Rand, text: string, min: number): string {
  let out = text;
  for (const s of pickSome(r, FILLERS, FILLERS.length)) {
    if (out.length >= min) break;
    out += s;
  }
  return out;
}

const toTraditionalScript = OpenCC.Converter({ from: 'cn', to: 'tw' });

interface Zone {
  name: string;
  place: string;
  suffix: string;
  secretaries: SyntheticLeader[];
  directors: SyntheticLeader[];
  deputies: string[];
  outlet: string;
}

function personName(r: Rand, used: Set<string>): string {
  for (;;) {
    const name = pick(r, [...SURNAMES]) + (r() < 0.7 ? pick(r, [...GIVEN]) + pick(r, [...GIVEN]) : pick(r, [...GIVEN]));
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/** The zones and their leadership; fixed by the seed, shared by every article. */
function buildZones(seed: number): Zone[] {
  const r = rng(seed ^ 0x5eed);
  const used = new Set<string>();
  const zones: Zone[] = [];
  for (const place of PLACES) {
    for (const suffix of pickSome(r, ZONE_SUFFIXES, 2)) {
      const name = place + suffix;
      if (zones.some((z) => z.name === name)) continue;
      // Leaders change over the years: two of each, by era.
      zones.push({
        name,
        place,
        suffix,
        secretaries: [0, 1].map(() => ({ name: personName(r, used), title: pick(r, SECRETARY_TITLES) })),
        directors: [0, 1].map(() => ({ name: personName(r, used), title: pick(r, DIRECTOR_TITLES) })),
        deputies: Array.from({ length: 5 }, () => personName(r, used)),
        outlet: r() < 0.5 ? pick(r, OUTLETS) : place + pick(r, CITY_OUTLETS),
      });
    }
  }
  return zones;
}

const zoneCache = new Map<number, Zone[]>();
function zonesFor(seed: number): Zone[] {
  let zones = zoneCache.get(seed);
  if (!zones) zoneCache.set(seed, (zones = buildZones(seed)));
  return zones;
}

/** Per zone and year the targets are fixed, as a real zone has one GDP target a year. */
function targetsOf(seed: number, zone: Zone, year: number): { gdp: number; tax: number; projects: number } {
  let h = seed ^ year;
  for (const ch of zone.name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  const r = rng(h);
  return { gdp: int(r, 120, 1600), tax: int(r, 12, 160), projects: int(r, 20, 120) };
}

const PARAGRAPH_MIN = 210;
const PARAGRAPH_MAX = 400;
const pad2 = (n: number) => String(n).padStart(2, '0');

function glueSomePinyin(r: Rand, text: string): string {
  // Like seed 000: a reading glued after characters, 經(jīng)濟(jì).
  return text.replace(/[\u4e00-\u9fff]/g, (ch) => (r() < 0.25 ? `${ch}(${pinyin(ch, { toneType: 'symbol' })})` : ch));
}

function loseSomeCharacters(r: Rand, text: string): string {
  // Like seeds 000 and 002: a few characters lost to mojibake, sometimes with their pinyin left.
  let lost = 0;
  return text.replace(/[\u4e00-\u9fff]{4}/g, (run) => {
    if (lost >= 3 || r() > 0.01) return run;
    lost++;
    return r() < 0.5 ? `${run.slice(0, 2)}?${run.slice(3)}` : `${run.slice(0, 2)}?${pinyin(run[2], { toneType: 'symbol' })})${run.slice(3)}`;
  });
}

/** One article; `index` fixes its content, so slices of a corpus can be generated independently. */
export function syntheticArticle(index: number, seed = 1): SyntheticArticle {
  const zones = zonesFor(seed);
  const r = rng(Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  const zone = pick(r, zones);
  const year = int(r, 2019, 2025);
  const month = int(r, 1, 12);
  const day = int(r, 1, 28);
  const era = year < 2022 ? 0 : 1;
  const secretary = zone.secretaries[era];
  const director = zone.directors[era];
  const attendees = pickSome(r, zone.deputies, int(r, 2, 4));
  const topic = pick(r, TOPICS);
  const kind = pick(r, MEETING_KINDS);
  const meeting = `${topic}${kind}`;
  const targets = targetsOf(seed, zone, year);
  const verb = pick(r, SPEECH_VERBS);
  const directives = pickSome(r, DIRECTIVES, int(r, 3, 5));
  const date = `${year}-${pad2(month)}-${pad2(day)}`;
  const traditional = r() < 0.15;
  const docId = `syn${String(index).padStart(6, '0')}_${(Math.floor(r() * 0xffffffff) >>> 0).toString(16).padStart(8, '0')}`;
  const outlet = zone.outlet;
  const reporter = personName(r, new Set());
  const zoneInTitle = r() < 0.85 ? zone.name : zone.suffix;
  const titleShapes = [
    `${zoneInTitle}${meeting}召开`,
    `${zoneInTitle}召开${meeting}`,
    `${zoneInTitle}${meeting}暨${pick(r, TOPICS)}工作推进会召开`,
  ];
  const title = pick(r, titleShapes);
  const part = pick(r, PARTS_OF_DAY);
  const period = pick(r, PERIODS);
  const gdp = dec(r, targets.gdp * 0.15, targets.gdp * 0.9, 2);
  const growth = dec(r, 3, 12);
  const [ind, inv, retail] = [dec(r, 10, 300), dec(r, 10, 400), dec(r, 10, 300)];
  const [g1, g2, g3] = [dec(r, 1, 20), dec(r, 1, 25), dec(r, 1, 15)];
  const subtitle = pick(r, ['奋战一百天 冲刺全年度', '全力稳住经济大盘 确保实现“双过半”', '咬定目标 加压奋进', '扛牢使命 勇挑重任', '抓项目 促发展 强招商']);

  const lead =
    `${outlet}${month}月${day}日讯(通讯员 ${reporter})${month}月${day}日${part},${zone.name}${meeting}召开,听取${topic}情况汇报,安排部署下阶段工作任务。` +
    `${secretary.title}${secretary.name}出席并讲话,${director.title}${director.name}主持,区工委领导${attendees.join('、')}出席,区直部门、园区企业主要负责人参加。` +
    `会议指出,${pick(r, OPENINGS)},是做好当前各项工作的重要抓手,全区上下要${pick(r, DIRECTIVES)},以更加有力的举措推动${topic}工作取得新成效。`;
  const figures =
    `今年以来,${zone.name}${pick(r, OPENINGS)},${pick(r, RESULTS)}。${period},全区实现GDP${gdp}亿元,同比增长${growth}%。` +
    `全区完成规模工业增加值${ind}亿元,完成固定资产投资${inv}亿元,完成社会消费品零售总额${retail}亿元,同比分别增长${g1}%、${g2}%、${g3}%,全市排位稳中有进。` +
    `实现财政总收入${dec(r, 5, 120)}亿元,其中税收收入${dec(r, 3, 90)}亿元,实际使用外资${dec(r, 0.5, 30, 2)}亿美元,进出口总额${dec(r, 5, 300)}亿元。`;
  const targetsParagraph =
    `会议明确,今年全区地区生产总值目标为${targets.gdp}亿元,全口径税收目标为${targets.tax}亿元,计划铺排重大项目${targets.projects}个,` +
    `项目计划总投资${int(r, 100, 900)}亿元,年度计划投资${dec(r, 30, 300)}亿元。各级各部门要对照目标细化任务,倒排工期、挂图作战,逐一明确责任单位和完成时限,确保全年目标任务圆满完成。`;
  const directiveParagraph = `${secretary.name}${verb},要${directives.join(';要')}。${pick(r, ['全区上下要坚定信心、振奋精神,以更加务实的作风推动各项工作落地见效,为全年目标任务顺利完成奠定坚实基础。', '各级各部门要以时不我待的紧迫感抓好落实,以优异成绩交出一份满意答卷。'])}`;
  const secondDirectives = pickSome(r, DIRECTIVES.filter((d) => !directives.includes(d)), 3);
  const directorParagraph = `${director.name}就抓好会议精神落实提出具体要求。他指出,要${secondDirectives.join(';要')},确保会议部署的各项任务按时保质完成,以实际行动推动${zone.name}高质量发展再上新台阶。`;

  // 3 to 7 body paragraphs of 200-450 characters: about five passages an article.
  const body: string[] = [lead, figures];
  if (r() < 0.75) body.push(targetsParagraph);
  body.push(directiveParagraph);
  if (r() < 0.3) {
    const more = pickSome(r, DIRECTIVES.filter((d) => !directives.includes(d)), 3);
    body.push(`${secretary.name}${pick(r, SPEECH_VERBS)},${pick(r, OPENINGS)},要${more.join(';要')}。要进一步转变作风、提升效能,以“马上就办”的工作作风抓落实,以钉钉子精神推动各项工作走深走实,奋力推动${zone.name}高质量发展迈上新台阶。`);
  }
  if (r() < 0.6) body.push(directorParagraph);
  if (r() < 0.35) {
    const started = int(r, 5, 60);
    body.push(
      `会前,与会人员实地观摩了${pick(r, ['智能制造产业园', '新材料产业园', '电子信息产业园', '生物医药产业园', '现代物流园', '科创中心'])}等${int(r, 3, 9)}个重点项目现场,一路看、一路听、一路议、一路评。` +
        `${period},全区${started}个新开工项目已开工${int(r, 1, started)}个,${int(r, 3, 40)}个续建项目完成投资${dec(r, 5, 120)}亿元,新签约项目${int(r, 2, 30)}个,合同引资${dec(r, 10, 500)}亿元,新增规模以上工业企业${int(r, 1, 25)}家。` +
        `会议要求,要强化项目调度,对进度滞后的项目逐一分析原因、限时整改,确保项目建设提速增效。`,
    );
  }
  for (let i = 0; i < body.length; i++) body[i] = fill(r, body[i], int(r, PARAGRAPH_MIN, PARAGRAPH_MAX));
  body.push(pick(r, CLOSINGS));

  const footerStyles = [
    ['', `责编:${personName(r, new Set())}`, '', `一审:${personName(r, new Set())}`, '', `二审:${personName(r, new Set())}`, '', `来源:${outlet}`, '', '我要问'],
    ['', '', '鲜花', '', '握手', '', '雷人', '', '路过', '', '鸡蛋', '', '相关分类'],
    ['', '扫描二维码', '在您的设备上浏览本页', '', '网站简介广告服务标识说明联系方式法律声明建议投诉'],
  ];
  const time = `${pad2(int(r, 6, 22))}:${pad2(int(r, 0, 59))}`;
  const layout = r();
  let lines: string[];
  if (layout < 0.45) {
    lines = [title, '', `通讯员 ${reporter}   ${outlet}   ${date} ${time}:${pad2(int(r, 0, 59))}`, '', subtitle, '', title, '', ...body.flatMap((p) => [p, '']), ...pick(r, footerStyles)];
  } else if (layout < 0.7) {
    lines = [title, '', `  ${outlet}   ${date} ${time}:${pad2(int(r, 0, 59))}`, '', title, '', ...body.flatMap((p) => [p, '']), ...footerStyles[0]];
  } else if (layout < 0.85) {
    const summary = `${lead.slice(0, 80)} ...`;
    lines = [
      `${zone.place}城事网—${zone.place}最具影响力门户网站 门户 城事资讯 ${zone.place}${LONG_SUFFIX[zone.suffix]} 查看内容`,
      '',
      title,
      '',
      `${year}-${month}-${day} ${time}| 发布者: admin| 评论: ${int(r, 0, 9)}`,
      '',
      `摘要: ${summary}`,
      '',
      ...body.flatMap((p) => [p, '']),
      ...footerStyles[1],
    ];
  } else {
    lines = [title, '', `发布时间:${year}年${pad2(month)}月${pad2(day)}日`, `来源:${outlet}`, '打印<span id="printapp">', '字体:', '', ...body.map((p) => `  ${p}`), ...footerStyles[2]];
  }

  let text = lines.join('\n');
  if (traditional) {
    text = toTraditionalScript(text);
    if (r() < 0.2) text = text.replace(/[^\n]+/, (head) => glueSomePinyin(r, head));
  }
  if (r() < 0.02) text = loseSomeCharacters(r, text);

  return {
    docId,
    text,
    facts: {
      zone: zone.name,
      year,
      date,
      meeting,
      secretary,
      director,
      attendees,
      gdpTarget: targets.gdp,
      taxTarget: targets.tax,
      projects: targets.projects,
      directives,
      traditional,
    },
  };
}

/** `count` articles from `start`; the same seed always gives the same corpus. */
export function* syntheticCorpus(count: number, options: SyntheticOptions = {}): Generator<SyntheticArticle> {
  const start = options.start ?? 0;
  for (let i = start; i < start + count; i++) yield syntheticArticle(i, options.seed ?? 1);
}

export interface BenchQuestion {
  type: 'leader' | 'target' | 'directive' | 'unanswerable';
  q: string;
  /** Strings of which one should appear in a correct answer; empty for unanswerable. */
  expect: string[];
}

const UNKNOWN_ZONES = ['深圳前海新区', '雄安新区', '苏州工业园区', '成都天府新区', '西安高新区', '大连金普新区'];

/** Questions with known answers, built from the facts of the generated articles. */
export function syntheticQuestions(facts: SyntheticFacts[], count: number, seed = 1): BenchQuestion[] {
  const r = rng(seed ^ 0x0a5c);
  const out: BenchQuestion[] = [];
  if (facts.length === 0) return out;
  for (let i = 0; out.length < count; i++) {
    const f = pick(r, facts);
    switch (i % 8) {
      case 0:
        out.push({ type: 'leader', q: `${f.year}年${f.zone}${f.meeting}由谁主持？`, expect: [f.director.name] });
        break;
      case 1:
        out.push({ type: 'leader', q: `${f.secretary.name}是什么职务？`, expect: [f.secretary.title.split('、').pop()!] });
        break;
      case 2:
        out.push({ type: 'target', q: `${f.zone}${f.year}年GDP目标是多少？`, expect: [`${f.gdpTarget}亿元`] });
        break;
      case 3:
        out.push({ type: 'target', q: `${f.year}年${f.zone}全口径税收目标是多少亿元？`, expect: [`${f.taxTarget}亿元`] });
        break;
      case 4:
        out.push({ type: 'directive', q: `${f.secretary.name}在${f.zone}${f.meeting}上提出了哪些要求？`, expect: f.directives.map((d) => d.split(/[,，、]/)[0]) });
        break;
      case 5:
        out.push({ type: 'target', q: `${f.zone}${f.year}年计划铺排重大项目多少个？`, expect: [`${f.projects}个`] });
        break;
      case 6:
        out.push({ type: 'unanswerable', q: `${pick(r, UNKNOWN_ZONES)}${f.year}年GDP目标是多少？`, expect: [] });
        break;
      default:
        out.push({ type: 'unanswerable', q: `${f.zone}${f.year}年碳排放强度下降目标是多少？`, expect: [] });
    }
  }
  return out;
}
