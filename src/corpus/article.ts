import { classifyLine, LOST, repairLost, scrubLine, type LostCharResolver } from './clean.js';
import { isTraditional, normalizeText } from './normalize.js';
import type { Article } from './types.js';
import { detectZone } from './zone.js';

const DATE_TIME = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?/;
const BYLINE = /(通讯员|记者|作者)\s*[:：]?\s*([\u4e00-\u9fff]{2,3}?)(?=[)）\s,，。、|]|$)/;

export interface ScrubbedLine {
  original: string;
  norm: string;
}

/** First pass over a file: lines with pinyin removed and mojibake marked, both scripts. */
export function scrubLines(text: string): ScrubbedLine[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => scrubLine(line))
    .map((original) => ({ original, norm: normalizeText(original) }));
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

function findMeetingDate(paragraphs: string[], published: string | null): string | null {
  for (const p of paragraphs.slice(0, 3)) {
    const explicit = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(p);
    if (explicit) return isoDate(+explicit[1], +explicit[2], +explicit[3]);
    const md = /(\d{1,2})月(\d{1,2})日/.exec(p);
    if (md) return resolveMonthDay(+md[1], +md[2], published);
    if (/今天|今日/.test(p) && published) return published;
  }
  return null;
}

export interface ParseOptions {
  resolveLost?: LostCharResolver;
}

/** Turn one decoded file into a clean article: metadata, display paragraphs and their normalized twins. */
const META_LABEL = /(来源|发布时间|发布日期|时间|日期)\s*[:：]\s*/g;

/**
 * A line of labelled metadata, alone or several together: 来源：X, 发布时间：2022年08月15日 来源：常德日报,
 * 来源：九江新闻网 | 2024-03-21 09:30. Null when the line does not start with a label.
 */
function labelledMeta(original: string): { source: string | null; date: string | null } | null {
  const trimmed = original.replace(/^[*_\s]+|[*_\s]+$/g, '');
  const line = normalizeText(trimmed);
  if (!/^(?:来源|发布时间|发布日期)\s*[:：]/.test(line)) return null;
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
    if (m[1] === '来源') {
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
  let title = '';
  let abstract = '';

  for (const line of lines) {
    const { original, norm } = line;
    const header = parseSiteHeader(original);
    if (header) {
      siteName = header.site;
      breadcrumb = header.breadcrumb;
      continue;
    }
    const labelled = labelledMeta(original);
    if (labelled) {
      labelledSource = labelled.source ?? labelledSource;
      date = date ?? labelled.date;
      continue;
    }
    if (/^摘要\s*[:：]/.test(norm)) {
      abstract = repair(original.replace(/^\S*?[:：]\s*/, '').replace(/\s*(?:\.{3,}|…+)\s*$/, '')).trim();
      continue;
    }
    if (isMetaLine(norm)) {
      date = date ?? findDate(norm);
      metaSource = metaSource ?? sourceFromMetaLine(original);
      const b = BYLINE.exec(norm);
      if (b && !byline) byline = `${b[1]} ${b[2]}`;
      continue;
    }
    if (classifyLine(norm) === 'chrome') continue;
    const repaired = repair(original);
    if (!title) {
      title = repaired;
      continue;
    }
    // Headlines are often repeated above the body; the abstract duplicates the lead paragraph.
    if (repaired === title) continue;
    content.push(repaired);
  }

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

  if (!byline) {
    for (const p of normParagraphs) {
      const b = BYLINE.exec(p);
      if (b) {
        byline = `${b[1]} ${b[2]}`;
        break;
      }
    }
  }
  const source = cleanSource(labelledSource ?? metaSource ?? siteName, repair);
  const normTitle = normalizeText(title);
  const zone = detectZone({
    title: normTitle,
    paragraphs: normParagraphs,
    breadcrumb: normalizeText(breadcrumb),
    source: source ? normalizeText(source) : '',
  });

  return {
    docId,
    title: title || docId,
    date,
    source,
    byline,
    zone,
    meetingDate: findMeetingDate(normParagraphs, date),
    paragraphs,
    normParagraphs: normParagraphs.map((p) => p.replace(/\s+/g, (m) => (m.length > 1 ? ' ' : m)).trim()),
  };
}

function cleanSource(source: string | null, repair: (s: string) => string): string | null {
  if (!source) return null;
  const s = repair(source).trim();
  return s.includes(LOST) || s === '' ? null : s;
}

