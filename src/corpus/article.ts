import { classifyLine, endsArticle, looksGarbled, LOST, repairLost, scrubLine, type LostCharResolver } from './clean.js';
import { isTraditional, normalizeText } from './normalize.js';
import type { Article } from './types.js';
import { detectZone } from './zone.js';
import { looksLikeName } from '../vocabulary/surnames.js';

const DATE_TIME = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?/;
const BYLINE = /(通讯员|记者|作者)\s*[:：]?\s*([\u4e00-\u9fff]{2,3}?)(?=[)）\s,，。、|]|$)/;

export interface ScrubbedLine {
  original: string;
  norm: string;
}

/** First pass over a file: lines with pinyin removed and mojibake marked, both scripts. */
export function scrubLines(text: string): ScrubbedLine[] {
  const garbled = looksGarbled(text);
  const lines = text
    .replace(/\r\n?/g, '\n')
    // A line broken mid-sentence (…党工委副书记,⏎管委会主任李东新…) is one paragraph.
    .replace(/([\u4e00-\u9fff][，,、])[ \t]*\n(?=[ \t]*[\u4e00-\u9fff])/g, '$1')
    // A headline with its metadata run on (…召开党工委会议 发布时间:2024-12-12 来源:…): two lines.
    .replace(/(?<=[^\s\n]{5,})[ \t\u3000]+(?=(?:发布时间|发布日期|发表时间|来源|作者)\s*[:：])/g, '\n')
    .split('\n')
    .map((line) => scrubLine(line, garbled))
    .map((original) => ({ original, norm: normalizeText(original) }));
  // A run of three or more short bulleted lines (- 政策解读, - 高新区新闻) is a menu.
  const bullet = (l: ScrubbedLine) => /^[-–•·]\s*\S{1,16}$/.test(l.norm.trim());
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j < lines.length && (bullet(lines[j]) || (lines[j].norm.trim() === '' && j + 1 < lines.length && bullet(lines[j + 1])))) j++;
    if (lines.slice(i, j).filter(bullet).length >= 3) for (let k = i; k < j; k++) lines[k] = { original: '', norm: '' };
    i = Math.max(i, j);
  }
  return lines;
}

function isoDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function findDate(norm: string): string | null {
  const m = DATE_TIME.exec(norm);
  return m ? isoDate(+m[1], +m[2], +m[3]) : null;
}

/** A header line carrying date, outlet and byline, e.g. `通讯员 肖芳   湖南日报·新湖南客户端   2024-09-14 22:17:29`. */
function isMetaLine(norm: string): boolean {
  if (!DATE_TIME.test(norm)) return false;
  const rest = norm.replace(DATE_TIME, '').replace(/发布者\s*[:：]\s*\S*|评论\s*[:：]\s*\d+/g, '');
  return rest.replace(/[\s|]/g, '').length <= 40 && !/[。！？]/.test(rest);
}

/** The headline part of a line that holds a headline and its date, or null. */
function headlineBesideDate(original: string, norm: string): string | null {
  const m = DATE_TIME.exec(norm);
  if (!m || m.index < 10 || norm.length !== original.length) return null;
  const before = original.slice(0, m.index).trim();
  const after = norm.slice(m.index + m[0].length).replace(/\d{1,2}:\d{2}(?::\d{2})?/g, '').trim();
  if (after !== '' || /来源|发布|作者|编辑|[:：|]/.test(before)) return null;
  return /召开|举行|会议|大会|调研|推进|部署|强调|要求/.test(before) && (before.match(/[\u4e00-\u9fff]/g)?.length ?? 0) >= 10 ? before : null;
}

/** Outlet names on a meta line: the pieces that are neither the date nor the byline nor widgets. */
function sourceFromMetaLine(original: string): string | null {
  const pieces = original
    .split(/\s{2,}|\||\u3000/)
    // 九江新闻网 2024-03-21 09:30:00 (spaces already folded): the outlet is what the date leaves.
    .map((p) => {
      const norm = normalizeText(p);
      const m = DATE_TIME.exec(norm);
      const rest = m && norm.length === p.length ? `${p.slice(0, m.index)} ${p.slice(m.index + m[0].length)}` : p;
      return rest.replace(/(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])/g, ' ').replace(/\s+/g, ' ').trim();
    })
    .filter(Boolean)
    .filter((p) => !DATE_TIME.test(normalizeText(p)))
    .filter((p) => !/^(發布者|发布者|評論|评论)/.test(p))
    .filter((p) => !BYLINE.test(normalizeText(p)));
  return pieces.find((p) => /[\u4e00-\u9fff]{2,}/.test(p)) ?? null;
}

/** `萍乡城事网—萍乡最具影响力门户网站 门户 城事资讯 萍乡经济技术开发区 查看内容`: site name and breadcrumb. */
function parseSiteHeader(original: string): { site: string | null; breadcrumb: string } | null {
  const norm = normalizeText(original);
  if (!/查看内容\s*$/.test(norm)) return null;
  const dash = original.search(/[—–-]/);
  const site = dash > 0 ? original.slice(0, dash).trim() : null;
  return { site, breadcrumb: original.slice(dash > 0 ? dash + 1 : 0) };
}

/** Resolve `5月18日` against the publication date: the same year, or the previous one across New Year. */
export function resolveMonthDay(month: number, day: number, published: string | null): string | null {
  if (!published) return null;
  const [py, pm] = published.split('-').map(Number);
  const year = month > pm + 1 ? py - 1 : py;
  return isoDate(year, month, day);
}

function shiftDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The meeting's date from the opening paragraphs: a full date, a month and day (resolved against
 * the publication date, or kept as `MM-DD` when there is none), a lone day of the publication's
 * month (5日), or 今天/昨天/前天 counted from the publication date.
 */
export function findMeetingDate(paragraphs: string[], published: string | null): string | null {
  // The dateline's date (水母网12月15日讯) is the report's, not the meeting's. Subtitle lines
  // above the lead (全力抓实重大项目建设…) do not count among the opening paragraphs.
  const opening = paragraphs.filter((p) => p.length >= 30 || /[。！？]/.test(p)).slice(0, 3);
  // 昨日 and 今天 count from the dateline's day when it gives one (红网1月16日讯…昨日), else from
  // the publication date.
  for (const p of opening) {
    const dateline = DATELINE_HEAD.exec(p)?.[0].match(/(\d{1,2})月(\d{1,2})日/);
    if (dateline && published) {
      published = resolveMonthDay(+dateline[1], +dateline[2], published) ?? published;
      break;
    }
  }
  for (const p of opening.map((x) => x.replace(DATELINE_HEAD, ''))) {
    const explicit = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(p);
    if (explicit) return isoDate(+explicit[1], +explicit[2], +explicit[3]);
    const md = /(\d{1,2})月(\d{1,2})日/.exec(p);
    if (md) {
      if (published) return resolveMonthDay(+md[1], +md[2], published);
      const m = +md[1];
      const d = +md[2];
      return m >= 1 && m <= 12 && d >= 1 && d <= 31 ? `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : null;
    }
    if (!published) continue;
    const day = /(?<![\d月年])(\d{1,2})日(?:上午|下午|晚|,|，|在|召开|举行)/.exec(p);
    if (day) {
      const [py, pm, pd] = published.split('-').map(Number);
      const n = +day[1];
      return n <= pd ? isoDate(py, pm, n) : pm > 1 ? isoDate(py, pm - 1, n) : isoDate(py - 1, 12, n);
    }
    if (/今天|今日|当天|当日/.test(p)) return published;
    if (/昨天|昨日/.test(p)) return shiftDays(published, -1);
    if (/前天|前日/.test(p)) return shiftDays(published, -2);
  }
  return null;
}

/**
 * A date a page lays out over several lines (2022 / 04/21 / 07:11), near the top: the year alone on
 * its line, then month/day.
 */
function splitDate(lines: ScrubbedLine[]): { date: string; lines: number[] } | null {
  const top = Math.min(lines.length, 20);
  for (let i = 0; i < top; i++) {
    const y = /^(\d{4})$/.exec(lines[i].norm.trim());
    if (!y) continue;
    let j = i + 1;
    while (j < lines.length && lines[j].norm.trim() === '') j++;
    const md = /^(\d{1,2})[/.-](\d{1,2})$/.exec(lines[j]?.norm.trim() ?? '');
    if (!md) continue;
    const date = isoDate(+y[1], +md[1], +md[2]);
    if (!date) continue;
    const used = [i, j];
    let k = j + 1;
    while (k < lines.length && lines[k].norm.trim() === '') k++;
    if (/^\d{1,2}:\d{2}(?::\d{2})?$/.test(lines[k]?.norm.trim() ?? '')) used.push(k);
    return { date, lines: used };
  }
  return null;
}

// A year the text reports on: 2023年上半年, 2017年度, 2022年区区合作会议.
const REPORTED_YEAR = /(\d{4})年(?=上半年|下半年|[一二三四]季度|前三季度|1-\d|全年|度|工作|以来|是|经济|目标|GDP|地区生产总值|[^，。,]{0,40}会)/g;

/**
 * The year of an undated meeting held in `month`: the year its text reports on most (ties: the
 * later). A meeting early in the year looks back on the last one and ahead to its own: the latest
 * year it names, and the year after one it sums up (2018年度工作总结大会 in February is 2019's).
 */
export function inferYear(paragraphs: string[], month: number): number | null {
  const counts = new Map<number, number>();
  let summed: number | null = null;
  for (const p of paragraphs) {
    for (const m of p.matchAll(REPORTED_YEAR)) {
      const y = +m[1];
      if (y >= 1990 && y <= 2100) counts.set(y, (counts.get(y) ?? 0) + 1);
    }
    for (const m of p.matchAll(/(\d{4})年度?(?:工作)?总结|过去的?(\d{4})年/g)) summed = Math.max(summed ?? 0, +(m[1] ?? m[2]));
  }
  if (counts.size === 0 && summed === null) return null;
  // 2017年总结表彰暨2018年重点工作推进会: a meeting that sums one year up and names the next is the next one's.
  if (summed !== null && counts.has(summed + 1)) return summed + 1;
  if (month <= 3) {
    const latest = Math.max(...counts.keys(), summed ?? 0);
    return summed !== null && summed >= latest ? summed + 1 : latest;
  }
  // Later in the year, one year must stand out; a wrong year is worse than none.
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return null;
  return ranked.length === 1 || ranked[0][1] >= 2 * ranked[1][1] ? ranked[0][0] : null;
}

/**
 * The date an article's facts are dated by: its publication date, or else its meeting's date when
 * that has a year. 今年 and 去年 in the text resolve against it.
 */
export function effectiveDate(meta: { date: string | null; meetingDate: string | null; meetingYearInferred?: boolean }): string | null {
  return meta.date ?? (meta.meetingDate && meta.meetingDate.length === 10 && !meta.meetingYearInferred ? meta.meetingDate : null);
}

/** A partial `MM-DD` meeting date as users read it: 2月23日. */
export function displayDate(date: string | null): string | null {
  if (!date) return null;
  const partial = /^(\d{2})-(\d{2})$/.exec(date);
  return partial ? `${+partial[1]}月${+partial[2]}日` : date;
}

export interface ParseOptions {
  resolveLost?: LostCharResolver;
  /** The page's own headline (HTML og:title, h1 or title), when the file format gives one. */
  titleHint?: string;
  /** Normalized lines that recur across many files of the corpus: site furniture. */
  repeatedLines?: ReadonlySet<string>;
}

// A line that opens the body, not a headline: a dateline or a sentence.
const DATELINE = /^(?:本报讯|本报|本台讯|新华社|据|近日|日前|昨日|昨天|今天|今日|前不久|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}年\d{1,2}月)/;

/** Whether a line reads as a headline: short, no sentence inside it, not a dateline. */
export function isHeadlineLike(norm: string): boolean {
  const t = norm.trim();
  if (t.length < 5 || t.length > 64) return false;
  if (/[。；;]/.test(t)) return false;
  if (/[，,]/.test(t) && t.length > 40) return false;
  return !DATELINE.test(t);
}

// Words of a report's headline, as opposed to a site's name or slogan.
const NEWS_WORD = /会议|大会|会|召开|举行|强调|要求|部署|调研|推进|工作|经济|发展|增长|目标|项目|区|县|市/;
// Names of sites, outlets and bodies that head pages: 某某管理委员会, 无锡新传媒, 某某日报.
const MASTHEAD = /(?:管理委员会|委员会|人民政府|政府|网|网站|新传媒|传媒|日报|晚报|报社|报|融媒体中心|门户|首页|官网|客户端|园区|开发区|新区|高新区)$/;

/**
 * Which of the lines before the body is the headline, or -1: headline-like lines are weighed by
 * being repeated further down, standing right above the date line, reading like news rather than
 * a masthead, and standing nearest the body.
 */
export function pickHeadline(content: string[], beforeMeta: ReadonlySet<number>, afterCrumb: ReadonlySet<number> = new Set()): number {
  const norms = content.map((c) => normalizeText(c).trim());
  // The body starts with a paragraph: long, with sentence punctuation (a row of tags is not one).
  let bodyStart = norms.findIndex((n) => !isHeadlineLike(n) && n.length >= 30 && /[，,；;]/.test(n) && (/[。！？]/.test(n) || n.length >= 80));
  if (bodyStart < 0) bodyStart = norms.length;
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < Math.min(bodyStart, 8); i++) {
    const n = norms[i];
    if (!isHeadlineLike(n)) continue;
    const compact = n.replace(/\s+/g, '');
    const repeated = norms.some((o, j) => j !== i && o.replace(/\s+/g, '') === compact);
    let score = 0;
    if (repeated) score += 3;
    if (beforeMeta.has(i)) score += 2;
    // Pages put the headline under the breadcrumb (您现在的位置:首页 > 时政要闻 > 正文).
    if (afterCrumb.has(i)) score += 2;
    if (NEWS_WORD.test(n)) score += 2;
    if (MASTHEAD.test(n) && n.length <= 24) score -= 3;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  // A lone line of text is the article itself, not a headline.
  return best >= 0 && content.length > 1 ? best : -1;
}

const MEETING_CLAUSE = /[^，。,；;：:！？!?]{0,30}?(?:召开|举行|举办)了?[^，。,；;！？!?]{2,40}?(?:会议|大会|会)(?![\u4e00-\u9fff]{0,2}(?:精神|要求|部署))/;
// The other order: XX会议召开, XX大会举行.
const MEETING_HELD = /[^，。,；;：:！？!?]{2,40}?(?:会议|大会|会)(?:在[^，。,；;]{1,24})?(?:召开|举行|开幕)/;
// A dateline before the lead: 水母网12月15日讯(通讯员 …), 厦门日报讯(记者 …), 本报讯.
const DATELINE_HEAD = /^[^，,。;；]{0,14}?(?:\d{1,2}月\d{1,2}日)?讯\s*(?:[(（][^)）]{0,40}[)）]|(?:\s*(?:首席|全媒体|融媒体|见习)?(?:记者|通讯员|实习生)\s*[\u4e00-\u9fff]{2,4})+\s*(?:报道)?)?\s*/;
// 据玉溪市人民政府消息, 4 月1 日下午: how the lead opens, not what happened.
const LEADING_SOURCE = /^据[^，,。]{1,20}(?:消息|报道)[,，]?\s*/;
const LEADING_WHEN = /^(?:本报讯|本台讯)?(?:[(（][^)）]{0,20}[)）])?\s*(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:上午|下午|晚上|晚)?\s*[,，]?\s*|^(?:近日|日前|昨日|昨天|今天|今日)(?:上午|下午)?\s*[,，]?\s*/;

/**
 * A headline for an article that has none: the meeting named in its lead (XX召开三季度经济形势分析会),
 * or else the lead's first clause.
 */
export function derivedTitle(lead: string, zone: string | null = null): string {
  lead = lead.replace(DATELINE_HEAD, '');
  const found = [MEETING_CLAUSE.exec(lead), MEETING_HELD.exec(lead)].filter((x): x is RegExpExecArray => x !== null);
  const m = found.sort((a, b) => a.index - b.index)[0];
  const firstClause = lead
    .replace(LEADING_SOURCE, '')
    .split(/[，。,；;！？!?]/)
    .map((c) => c.replace(/\s+(?=[月日])|(?<=[月日])\s+/g, '').replace(LEADING_WHEN, '').trim())
    .find((c) => c.length >= 4);
  let clause = (m ? m[0].replace(LEADING_WHEN, '') : (firstClause ?? lead)).trim().replace(/[(（]以下简称[^)）]*[)）]/g, '');
  // 某某书记主持召开…会: the title names the zone that met, not the chair.
  // 记者从1月25日召开的…会议上获悉: the meeting is named by what follows 召开的.
  const modifier = /(?:召开|举行|举办)的(.+)$/.exec(clause);
  if (modifier) clause = modifier[1];
  const held = /^(.*?)(?:主持)?(召开|举行|举办)(.+)$/.exec(clause);
  const titled = held && (/主持$|书记|主任|区长|市长|县长|部长|[、，,]/.test(held[1]) || held[1].length > 14);
  if (held && titled && zone) clause = `${zone}${held[2]}${held[3]}`;
  else if (held && titled) {
    // No zone to name: the chair does (…专职副主任李蓉主持召开例会 → 李蓉主持召开例会).
    const before = held[1].replace(/主持$/, '');
    const afterTitle = /(?:书记|主任|区长|市长|县长|部长|局长|主席|组长|委员|巡视员|常委)([\u4e00-\u9fff]{2,3})$/.exec(before)?.[1];
    const chair = afterTitle && looksLikeName(afterTitle) ? afterTitle : [3, 2].map((n) => before.slice(-n)).find(looksLikeName);
    if (chair) clause = `${chair}主持${held[2]}${held[3]}`;
  }
  const cut = [...clause];
  return cut.length > 40 ? `${cut.slice(0, 40).join('')}…` : clause;
}

const PROSE = (norm: string) => /[。！？]/.test(norm) || (norm.length >= 40 && /[，,]/.test(norm));

/**
 * Page furniture told by where it stands rather than by what it says: between the headline and
 * the first paragraph of prose, very short lines with no punctuation and no word of news (头条, 分享 微信,
 * [复制链接]); after the last paragraph of prose, short lines with no punctuation (相关报道,
 * 管理登录, 一 审: 某某). Headings inside the body stand between paragraphs and stay.
 */
export function dropLayoutFurniture(paragraphs: string[]): string[] {
  const norms = paragraphs.map((p) => normalizeText(p).trim());
  const first = norms.findIndex(PROSE);
  if (first < 0) return paragraphs;
  let last = norms.length - 1;
  while (last > first && !PROSE(norms[last])) last--;
  const bare = (n: string) => !/[，,。！？；;]/.test(n);
  return paragraphs.filter((_, i) => {
    const n = norms[i];
    if (i < first) return !(n.length <= 8 && bare(n) && !NEWS_WORD.test(n) && !DATELINE.test(n));
    if (i > last) return !(n.length <= 24 && bare(n));
    return true;
  });
}

// A reporter's or photographer's credit at the end of a paragraph: （融媒体记者 陈维）.
const TRAILING_CREDIT = /\s*[(（](?:[^()（）]{0,12}(?:记者|通讯员|摄影|摄|供稿|编辑|作者))[^()（）]{0,30}[)）]\s*$/;
// Production credits glued after a paragraph's last sentence: …持续巩固扩大区域经济发展基本盘。版面设计、校对:某某.
const GLUED_CREDIT = /(?<=[。！？])\s*(?:[\u4e00-\u9fff、]{0,6}(?:编辑|校对|审核|设计|摄影|图片|责编|监制|文字|撰稿)\s*[:：]\s*[\u4e00-\u9fff]{2,4}(?:[\s、][\u4e00-\u9fff]{2,4})*\s*)+$/;
const CREDIT_LINE = /^[(（]?(?:[^()（）。]{0,10}(?:记者|通讯员|摄影|供稿|编辑|作者))[\s:：]*[\u4e00-\u9fff ]{2,30}[)）]?$/;

/** Turn one decoded file into a clean article: metadata, display paragraphs and their normalized twins. */
const META_LABEL = /(发布机构|成文日期|信息来源|稿件来源|文章来源|来源|发布时间|发布日期|更新时间|时间|日期|作者|责任编辑|编辑|点击数|浏览次数)\s*[:：]\s*/g;

/**
 * A line of labelled metadata, alone or several together: 来源：X, 发布时间：2022年08月15日 来源：常德日报,
 * 来源：九江新闻网 | 2024-03-21 09:30. Null when the line does not start with a label.
 */
function labelledMeta(original: string): { source: string | null; date: string | null } | null {
  const trimmed = original.replace(/^[*_\s]+|[*_\s]+$/g, '');
  const line = normalizeText(trimmed);
  // 来自 苏锡通科技产业园区: where the page took the article from.
  const from = /^来自[\s:：]+([^\s:：][^\s:：]{1,30})$/.exec(line);
  if (from) return { source: trimmed.slice(trimmed.length - from[1].length), date: null };
  if (!/^(?:发布机构|成文日期|信息来源|稿件来源|文章来源|来源|发布时间|发布日期|更新时间)\s*[:：]/.test(line) && !(/^(?:作者|责任编辑|编辑|时间|日期)\s*[:：]/.test(line) && DATE_TIME.test(line))) return null;
  // The outlet keeps the article's own script; positions match when conversion kept the length.
  const display = line.length === trimmed.length ? trimmed : line;
  const labels = [...line.matchAll(META_LABEL)];
  let source: string | null = null;
  let date: string | null = null;
  labels.forEach((m, i) => {
    const from = m.index! + m[0].length;
    const to = labels[i + 1]?.index ?? line.length;
    const value = line.slice(from, to).trim();
    date = date ?? findDate(value);
    if (m[1].endsWith('来源') || m[1] === '发布机构') {
      // What is left once dates and separators are off is the outlet.
      const outlet = display
        .slice(from, to)
        .trim()
        .split(/\s*[|｜]\s*/)
        .filter((part) => !findDate(normalizeText(part)))
        .join(' ')
        .trim();
      source = outlet || source;
    }
  });
  return { source, date };
}

export function parseArticle(docId: string, text: string, options: ParseOptions = {}): Article {
  const lines = scrubLines(text);
  const traditional = isTraditional(text);
  const repair = (s: string) => repairLost(s, options.resolveLost, traditional);
  let date: string | null = null;
  let metaSource: string | null = null;
  let labelledSource: string | null = null;
  let siteName: string | null = null;
  let byline: string | null = null;
  let breadcrumb = '';
  const content: string[] = [];
  // Content lines directly followed by a metadata line: where headlines sit on most pages.
  const beforeMeta = new Set<number>();
  const markMeta = () => {
    if (content.length > 0) beforeMeta.add(content.length - 1);
  };
  // Content lines right under a breadcrumb.
  const afterCrumb = new Set<number>();
  let abstract = '';
  let labelledTitle = '';

  let dateLabelled = false;
  const split = splitDate(lines);
  if (split) date = split.date;
  for (const [i, line] of lines.entries()) {
    if (split?.lines.includes(i)) {
      markMeta();
      continue;
    }
    const { original, norm } = line;
    const header = parseSiteHeader(original);
    if (header) {
      siteName = header.site;
      breadcrumb = header.breadcrumb;
      continue;
    }
    // Government disclosure pages label the headline: 名称: 我区召开上半年经济形势分析会.
    const named = /^(?:名称|标题)\s*[:：]\s*(.{4,80})$/.exec(norm.trim());
    if (named && !labelledTitle) {
      labelledTitle = original.trim().replace(/^\S{2}\s*[:：]\s*/, '');
      markMeta();
      continue;
    }
    const labelled = labelledMeta(original);
    if (labelled) {
      labelledSource = labelled.source ?? labelledSource;
      // A labelled date (发布日期:2012-06-29) is the article's; a bare date above it
      // (2023年10月10日 星期二) may be the site's clock.
      if (labelled.date && !dateLabelled) {
        date = labelled.date;
        dateLabelled = true;
      }
      markMeta();
      continue;
    }
    if (/^(?:摘要|核心提示|内容提要|导读)\s*[:：]/.test(norm)) {
      abstract = repair(original.replace(/^\S*?[:：]\s*/, '').replace(/\s*(?:\.{3,}|…+)\s*$/, '')).trim();
      continue;
    }
    if (isMetaLine(norm)) {
      date = date ?? findDate(norm);
      // A headline printed on one line with its date (…召开年度工作会议 2021/10/22 0:00:00) is a
      // headline with metadata after it, not an outlet's name.
      const headline = headlineBesideDate(original, norm);
      if (headline) {
        content.push(repair(headline));
        markMeta();
        continue;
      }
      metaSource = metaSource ?? sourceFromMetaLine(original);
      const b = BYLINE.exec(norm);
      if (b && !byline) byline = `${b[1]} ${b[2]}`;
      markMeta();
      continue;
    }
    // Once the page turns to other articles, nothing after is this one's.
    if (content.length > 1 && endsArticle(norm)) break;
    if (classifyLine(norm) === 'chrome') {
      if (/位置\s*[:：]|^(?:首页|主页|网站首页)\s*(?:>|›|»)/.test(norm.trim())) afterCrumb.add(content.length);
      // 主办:焦作国家高新技术产业开发区 in the footer: whose site it is, which names the zone.
      const owner = /(?:主办(?:单位)?|版权所有|主管(?:单位)?)\s*[:：]\s*([^\s|｜,，。:：]{4,30})/.exec(norm)?.[1];
      if (owner) breadcrumb = `${breadcrumb} ${owner}`;
      continue;
    }
    if (options.repeatedLines?.has(norm.trim())) continue;
    if (CREDIT_LINE.test(norm.trim())) {
      const b = BYLINE.exec(norm);
      if (b && !byline) byline = `${b[1]} ${b[2]}`;
      continue;
    }
    content.push(repair(original));
  }

  // The headline: the page's own, or the first line when it reads as one. The lead is never
  // taken for it; an article without a headline gets one derived from its lead.
  let title = '';
  let titleDerived = false;
  const hint = options.titleHint ? repair(options.titleHint).trim() : labelledTitle ? repair(labelledTitle) : '';
  const compactOf = (s: string) => normalizeText(s).replace(/\s+/g, '');
  if (hint) {
    title = hint;
  } else {
    const at = pickHeadline(content, beforeMeta, afterCrumb);
    if (at >= 0) {
      title = content[at];
      // A masthead above the headline names the outlet when no metadata line did.
      const masthead = content.slice(0, at).find((c) => MASTHEAD.test(normalizeText(c).trim()) && c.length <= 24);
      if (masthead && !siteName) siteName = masthead.trim();
      // The masthead of a zone's own site (某某经济技术开发区管理委员会) names the zone.
      if (masthead) breadcrumb = `${breadcrumb} ${masthead}`;
      // What stands above the headline is the page's masthead, slogans and navigation.
      content.splice(0, at + 1);
    }
  }
  // 奇宝库 > 长春净月高新区:…: a breadcrumb left in front of the headline.
  title = title.replace(/^(?:[^>›»，,。]{1,12}\s*[>›»]\s*)+(?=\S{8})/, '');
  title = title.replace(/^【[^】]{1,12}】\s*/, '').replace(/^[-–•·■]\s+/, '').replace(/\s*[|_｜]+\s*$/, '').trim();
  if (title) {
    // Headlines are often repeated above the body.
    const t = compactOf(title);
    for (let i = content.length - 1; i >= 0; i--) if (compactOf(content[i]) === t) content.splice(i, 1);
  }
  for (let i = 0; i < content.length; i++) {
    content[i] = content[i].replace(GLUED_CREDIT, '');
    const credit = TRAILING_CREDIT.exec(content[i]);
    if (!credit) continue;
    if (!byline) {
      const b = BYLINE.exec(normalizeText(credit[0]));
      if (b) byline = `${b[1]} ${b[2]}`;
    }
    content[i] = content[i].slice(0, credit.index).trim();
  }
  const kept = dropLayoutFurniture(content.filter((p) => p.trim() !== ''));
  content.length = 0;
  content.push(...kept);

  const normParagraphs = content.map((p) => normalizeText(p));
  let paragraphs = content;
  if (abstract) {
    const head = normalizeText(abstract).slice(0, 30);
    const dup = normParagraphs.findIndex((p) => p.startsWith(head));
    if (dup < 0) {
      // An abstract without a matching paragraph is the only copy of that text: keep it.
      paragraphs = [abstract, ...content];
      normParagraphs.unshift(normalizeText(abstract));
    }
  }
  paragraphs = paragraphs.map((p) => p.replace(/\s+/g, (m) => (m.length > 1 ? ' ' : m)).trim());
  titleDerived = !title && paragraphs.length > 0;

  if (!byline) {
    for (const p of normParagraphs) {
      const b = BYLINE.exec(p);
      if (b) {
        byline = `${b[1]} ${b[2]}`;
        break;
      }
    }
  }
  // 德州新闻网讯(记者 …): the dateline names the outlet when no metadata line did.
  const datelineOutlet = /^([\u4e00-\u9fff·]{2,12}?(?:日报|晚报|新闻网|网|报|电视台|融媒体中心|客户端))(?:\d{1,2}月\d{1,2}日)?讯/.exec(normParagraphs[0] ?? '')?.[1] ?? null;
  const source = cleanSource(labelledSource ?? metaSource ?? siteName ?? datelineOutlet, repair);
  const normTitle = normalizeText(title);
  let meetingDate = findMeetingDate(normParagraphs, date);
  let meetingYearInferred = false;
  if (meetingDate && meetingDate.length === 5) {
    // Month and day without a year: the year the report is about, when its text says. It is shown
    // in briefs, but never used to date the article's facts: an inference is not evidence.
    const year = inferYear([normalizeText(title), ...normParagraphs], Number(meetingDate.slice(0, 2)));
    if (year) {
      meetingDate = `${year}-${meetingDate}`;
      meetingYearInferred = true;
    }
  }
  // Without a headline, the lead's first sentence plays its part: it names who met.
  const leadSentence = (normParagraphs[0] ?? '').split(/[。！？]/)[0];
  const zone = detectZone({
    title: titleDerived ? leadSentence.replace(DATELINE_HEAD, '') : normTitle,
    titleFromLead: titleDerived,
    paragraphs: normParagraphs,
    breadcrumb: normalizeText(breadcrumb),
    source: source ? normalizeText(source) : '',
  });

  if (titleDerived) title = derivedTitle(normParagraphs[0], zone);
  return {
    docId,
    title: title || docId,
    titleDerived,
    date,
    source,
    byline,
    zone,
    meetingDate,
    ...(meetingYearInferred ? { meetingYearInferred } : {}),
    paragraphs,
    normParagraphs: normParagraphs.map((p) => p.replace(/\s+/g, (m) => (m.length > 1 ? ' ' : m)).trim()),
  };
}

function cleanSource(source: string | null, repair: (s: string) => string): string | null {
  if (!source) return null;
  const s = repair(source).trim();
  return s.includes(LOST) || s === '' ? null : s;
}

