import { toTraditional } from './normalize.js';

/** Marks a character lost to mojibake; repaired from context or dropped before text is stored. */
export const LOST = '\uFFFD';
// A lost character whose pinyin survived is written LOST + HINT_OPEN + pinyin + HINT_CLOSE.
const HINT_OPEN = '\uE000';
const HINT_CLOSE = '\uE001';
const LOST_RUN = /(?:\uFFFD(?:\uE000[^\uE001]*\uE001)?)+/g;

const CJK = '\\u3400-\\u9fff';
const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ';
const PINYIN = `[a-zü${TONED}]`;

// A pinyin reading glued after a character: 經(jīng). Legitimate parentheses hold CJK text or capitals.
const PINYIN_ANNOTATION = new RegExp(`(?<=[${CJK}${LOST}])[(（]${PINYIN}{1,6}[)）]`, 'g');
// The character itself was lost and only `?jīng)` survived.
const LOST_WITH_PINYIN = new RegExp(`\\?${PINYIN}{0,6}[)）]`, 'g');
const STRAY_QUESTION = new RegExp(`(?<=[${CJK}${LOST}“”"、，,]|^)\\?|\\?(?=[${CJK}${LOST}“”"])`, 'g');
// Single ASCII letters or `!` wedged between CJK characters come from mis-decoded double-byte text.
const WEDGED_ASCII = new RegExp(`(?<=[${CJK}${LOST}])[!a-zA-Z](?=[${CJK}${LOST}“”"])`, 'g');
// Greek, Cyrillic and box-drawing characters never belong in these articles.
const FOREIGN_GLYPHS = /[\u0370-\u03ff\u0400-\u04ff\u2500-\u257f]/g;
const HTML_TAG = /<?\/?\b(?:span|div|p|a|br|img|script|style|font|strong|b|i|em|table|tbody|tr|td|th|ul|ol|li|h[1-6]|section|article|meta|link|iframe|input|label)\b(?:\s+[a-zA-Z-]+(?:=(?:"[^"]*"|'[^']*'|[^\s>]*))?)*\s*\/?>/gi;
const HTML_ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Remove pinyin annotations, mark mojibake and strip stray HTML from one line (original script kept). */
export function scrubLine(line: string): string {
  let out = line
    .replace(HTML_TAG, ' ')
    .replace(/&(?:nbsp|amp|lt|gt|quot|#39);/g, (e) => HTML_ENTITIES[e] ?? ' ')
    .replace(PINYIN_ANNOTATION, '')
    .replace(LOST_WITH_PINYIN, (m) => LOST + HINT_OPEN + m.slice(1, -1) + HINT_CLOSE)
    .replace(STRAY_QUESTION, LOST)
    .replace(WEDGED_ASCII, LOST)
    .replace(FOREIGN_GLYPHS, LOST);
  // A second pass catches annotations that followed a character revealed by the first.
  out = out.replace(PINYIN_ANNOTATION, '');
  return out.replace(/[ \t\u3000]+/g, (m) => (m.includes('\u3000') || m.length > 1 ? ' ' : m)).trim();
}

/** Guesses a lost character from its context and any surviving pinyin; null when unsure. */
export type LostCharResolver = (left: string, right: string, hints: string[]) => string | null;

/** Fill each run of lost characters with one character when a resolver is sure, drop it otherwise. */
export function repairLost(text: string, resolve?: LostCharResolver, traditional = false): string {
  if (!text.includes(LOST)) return text;
  return text.replace(LOST_RUN, (run, offset: number, whole: string) => {
    if (!resolve) return '';
    const hints = [...run.matchAll(/\uE000([^\uE001]*)\uE001/g)].map((m) => m[1]).filter(Boolean);
    const left = whole.slice(Math.max(0, offset - 4), offset).replace(LOST_RUN, '');
    const right = whole.slice(offset + run.length, offset + run.length + 4).replace(LOST_RUN, '');
    const fill = resolve(left, right, hints);
    return fill ? (traditional ? toTraditional(fill) : fill) : '';
  });
}

/** Tries resolvers in order; the first confident answer wins. */
export function chainResolvers(...resolvers: LostCharResolver[]): LostCharResolver {
  return (left, right, hints) => {
    for (const r of resolvers) {
      const fill = r(left, right, hints);
      if (fill) return fill;
    }
    return null;
  };
}

/**
 * Builds a resolver over a corpus of text: the lost character is the one that sits between
 * the same left and right context somewhere else, provided every such place agrees.
 */
export function corpusResolver(texts: string[]): LostCharResolver {
  const haystack = texts.join('\n');
  return (left, right) => {
    const l = left.slice(-3);
    const r = right.slice(0, 3);
    if (countCjkChars(l) < 2 || countCjkChars(r) < 1 || r.length < 2) return null;
    let found: string | null = null;
    let from = 0;
    for (let guard = 0; guard < 200; guard++) {
      const at = haystack.indexOf(l, from);
      if (at < 0) break;
      from = at + 1;
      const candidate = haystack[at + l.length];
      if (!candidate || !/[\u3400-\u9fff]/.test(candidate)) continue;
      if (haystack.startsWith(r, at + l.length + 1)) {
        if (found && found !== candidate) return null;
        found = candidate;
      }
    }
    return found;
  };
}

function countCjkChars(s: string): number {
  return (s.match(/[\u3400-\u9fff]/g) ?? []).length;
}

/** What a line of page text is, judged on its normalized form. */
export type LineKind = 'chrome' | 'content';

const CHROME_PATTERNS: RegExp[] = [
  /查看内容\s*$/,
  /^发布者\s*[:：]/,
  /\|\s*发布者\s*[:：]/,
  /^评论\s*[:：]\s*\d+/,
  /^摘要\s*[:：]/,
  /^(?:责编|责任编辑|编辑|一审|二审|三审|终审|初审|复审|校对|审核|监制|统筹|策划|来源|发布时间|发布日期|作者|出处)\s*[:：]/,
  /^我要问\s*$/,
  /^(?:鲜花|握手|雷人|路过|鸡蛋|分享|收藏|点赞|相关分类|相关阅读|相关新闻|上一篇|下一篇|返回顶部|返回首页|关闭窗口|打印本页)\s*$/,
  /^扫描二维码|^扫一扫|^在您的设备上浏览|^用手机扫描/,
  /^分享到\s*[:：]?/,
  /^打\S?印\s*[:：]?/,
  /^字体\s*[:：]/,
  /网站简介|广告服务|法律声明|联系方式|版权所有|copyright|ICP备/i,
];

export function classifyLine(norm: string): LineKind {
  const t = norm.trim();
  if (t === '') return 'chrome';
  if (CHROME_PATTERNS.some((re) => re.test(t))) return 'chrome';
  // Navigation: several short links in a row (首页 | 常德新闻 | 园区动态 | 经济 …, 首页 > 园区动态 > 正文).
  const links = t.split(/\s*[|｜>›»]\s*/);
  if (links.length >= 4 && links.every((l) => l.length <= 8)) return 'chrome';
  if (/^当前位置\s*[:：]/.test(t)) return 'chrome';
  // A line with hardly any CJK text left is furniture or noise (`打印`, `字体:`, stray symbols).
  if (countCjkChars(t.replace(LOST_RUN, '')) < 3) return 'chrome';
  return 'content';
}

