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

const TONED_ANNOTATION = new RegExp(`[(（][a-zü]*[${TONED}][a-zü${TONED}]*[)）]`);
const QUESTION_IN_WORD = new RegExp(`[${CJK}]\\?[${CJK}a-zü${TONED}]`, 'g');

/**
 * Whether a file shows the marks of mis-decoded text: pinyin glosses with tone marks, or `?`
 * inside words. Only then is a lone Latin letter or `!` between characters taken for mojibake;
 * in clean text it is a real letter (全市P) or an exclamation.
 */
export function looksGarbled(text: string): boolean {
  return TONED_ANNOTATION.test(text) || (text.match(QUESTION_IN_WORD)?.length ?? 0) >= 2;
}

/** Remove pinyin annotations, mark mojibake and strip stray HTML from one line (original script kept). */
export function scrubLine(line: string, garbled = true): string {
  let out = line
    .replace(/<!--.*?(?:-->|$)|^.*?-->/g, ' ')
    // Image and link remnants of pages saved as Markdown: ![](…), [](…).
    .replace(/!?\[[^\]]*\]\([^)]*\)/g, ' ')
    // Continuation markers of e-papers inside a paragraph: (转2版), （下转A3版）.
    .replace(/[(（](?:下)?[转接]\s*[A-Z]?\d{1,3}\s*版[)）]/g, '')
    // Injected spam: runs of letters and digits joined by _ or -, with the few characters between them.
    .replace(/(?=[\w-]*[A-Za-z])[A-Za-z0-9]*\d{3,}[A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+(?:[\u4e00-\u9fff]{0,4}[-_][A-Za-z0-9]+)*(?:[\u4e00-\u9fff]{0,4}(?:官网|在线|平台|入口|下载))*/g, '')
    // Image file names left by page editors: _fororder_图片2, 微信图片_2023041418.jpg.
    .replace(/_fororder_\S*/g, '')
    .replace(/\S*\.(?:jpe?g|png|gif|webp|bmp)\b/gi, '')
    .replace(HTML_TAG, ' ')
    .replace(/&(?:nbsp|amp|lt|gt|quot|#39);/g, (e) => HTML_ENTITIES[e] ?? ' ')
    .replace(PINYIN_ANNOTATION, '')
    .replace(LOST_WITH_PINYIN, (m) => LOST + HINT_OPEN + m.slice(1, -1) + HINT_CLOSE)
    .replace(garbled ? STRAY_QUESTION : /(?!)/g, LOST)
    .replace(garbled ? WEDGED_ASCII : /(?!)/g, LOST)
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

/** A line after which a page lists other articles (新闻推荐, 相关阅读): the article has ended. */
export function endsArticle(norm: string): boolean {
  return /^(?:热门评论|最新推荐|相关内容|新闻推荐|相关阅读|相关新闻|相关报道|相关文章|相关文档|相关链接|频道精选|推荐阅读|延伸阅读|热点推荐|猜你喜欢|更多新闻|往期回顾|热门文章)\s*[:：]?$/.test(norm.trim().replace(/^[▼▲>\s]+|[▼▲\s]+$/g, ''));
}

const CHROME_PATTERNS: RegExp[] = [
  /查看内容\s*$/,
  /^发布者\s*[:：]/,
  /\|\s*发布者\s*[:：]/,
  /^评论\s*[:：]\s*\d+/,
  /^摘要\s*[:：]/,
  // The headline the article had where it was first published.
  /^原标题\s*[:：]/,
  /^(?:责编|责任编辑|编辑|一审|二审|三审|终审|初审|复审|校对|审核|监制|统筹|策划|来源|发布时间|发布日期|作者|出处)\s*[:：]/,
  /^[(（]?(?:责编|责任编辑|编辑|编审|一审|二审|三审|终审|初审|复审|校对|审核|监制|图片|摄影|文字|文稿|撰稿|美编|版面设计|设计)\s*[:：]?\s*[\u4e00-\u9fff]{2,4}(?:[\s、]+[\u4e00-\u9fff]{2,4})*[)）]?$/,
  // A line of production credits: (文稿:吴炳翔 校对:赵娟 审核:程佩佩).
  /^[(（]?(?:(?:文稿|文字|撰稿|图片|摄影|编辑|责编|校对|审核|审校|终审)\s*[:：]\s*[\u4e00-\u9fff]{2,4}\s*){2,}[)）]?$/,
  // Contact lines of a site's footer.
  /^(?:地址|电话|邮编|传真|邮箱|联系电话|联系人|联系我们|新闻报料|报料电话|报料热线|新闻热线|热线电话)\s*[:：]/,
  // App promotions of portals: 打开网易新闻 查看精彩图片, 下载客户端.
  /^打开[\u4e00-\u9fffA-Za-z]{0,8}\s*查看|查看精彩图片|^下载(?:APP|客户端)|^打开APP/i,
  /^我要问\s*$/,
  /^(?:鲜花|握手|雷人|路过|鸡蛋|分享|收藏|点赞|相关分类|相关阅读|相关新闻|上一篇|下一篇|返回顶部|返回首页|关闭窗口|打印本页)\s*$/,
  /^扫描二维码|^扫一扫|^在您的设备上浏览|^用手机扫描/,
  /^分享到\s*[:：]?/,
  /^打\S?印\s*[:：]?/,
  /^字体\s*[:：]/,
  /网站简介|广告服务|法律声明|联系方式|版权所有|copyright|ICP备/i,
];

// Separators of breadcrumbs: 您当前的位置：首页 > 新闻中心 > 正文.
const CRUMB_SEPARATOR = /\s*(?:>|›|»|→|＞|>>)\s*/;
// E-paper furniture: 当前版：02版 上一版 下一版, 第05版：要闻 PDF版.
const EPAPER = /上一版|下一版|上一期|下一期|PDF版|版面导航|往期回顾|当前版|第\s*[A-Z]?\d{1,3}\s*版|(?:^|\s)[A-Z]?\d{1,3}版\s*[:：]/;
// Disclaimers and copyright notices, wherever they sit on the page.
const DISCLAIMER = /(?:produced|powered) by|不良信息举报|违法和不良信息|意见反馈|网站地图|新闻地图|旧版回顾|powered by|技术支持[:：]|有限公司主营|公网安备|网安备|立即注册|马上登录|没有账号|长按识别|扫码关注|免责声明|版权声明|转载请注明|未经授权|不得转载|版权归|版权属|仅代表作者|本网站所刊|本站所刊|本网所刊|如有侵权/i;
// Counters, share and print widgets, font switches: short lines only, never a sentence.
const WIDGET = /索引号|主题词|文号[:：]|政府信息公开|随机阅读|网站标识|体裁分类|主题分类|热门评论|最新推荐|栏目索引|相关内容|内容导航|频道精选|^[大中小]字号$|^(?:关闭|打印|收藏|分享|返回)(?:\s*(?:关闭|打印|收藏|分享|返回))+$|留言|加载中|智能问答|还可以输入|相关文章|相关链接|相关新闻|责任编辑|纠错|上一篇|下一篇|推荐阅读|欢迎您的关注|欢迎关注|点击数|点击量|点击率|浏览次数|浏览量|阅读量|阅读次数|访问量|分享到|字号\s*[:：]|【字体|打印本页|关闭窗口|收藏本页|加入收藏|返回列表/;
// A note on a picture, alone on its line: (资料图片仅供参考), （图片来源：网络）.
const PICTURE_NOTE = /^[(（][^()（）]{0,30}(?:图片|图|摄影|摄|资料)[^()（）]{0,30}[)）]$/;
const SENTENCE_END = /[。！？!?]/;

export function classifyLine(norm: string): LineKind {
  // List bullets (• 扫一扫…, - 高新区新闻) are layout; the item is judged on its own.
  const t = norm.trim().replace(/^(?:[•·▪■□◆◇●○▶►]\s*|[-–*]\s+)/, '');
  if (t === '') return 'chrome';
  if (CHROME_PATTERNS.some((re) => re.test(t))) return 'chrome';
  if (/^(?:您)?(?:当前|现在|所在)?(?:的)?位置\s*[:：]/.test(t)) return 'chrome';
  const crumbs = t.split(CRUMB_SEPARATOR);
  if (crumbs.length >= 2 && !SENTENCE_END.test(t) && (/^(?:首页|主页|网站首页)/.test(crumbs[0]) || (crumbs.length >= 3 && crumbs.every((c) => c.length <= 16)))) return 'chrome';
  if (t.length <= 80 && !SENTENCE_END.test(t) && EPAPER.test(t)) return 'chrome';
  if (DISCLAIMER.test(t)) return 'chrome';
  if (t.length <= 60 && !/[。！？]/.test(t) && WIDGET.test(t)) return 'chrome';
  if (PICTURE_NOTE.test(t) || /^[【[][^】\]]{0,10}图[^】\]]{0,10}[】\]]$/.test(t)) return 'chrome';
  if (t.length <= 40 && /^图为/.test(t)) return 'chrome';
  // A caption alone on its line (重点项目观摩现场). Captions with a photographer's credit stay:
  // who took the pictures is something readers ask.
  if (t.length <= 16 && !/[，,；;：:]/.test(t) && /(?:现场|合影)。?$/.test(t)) return 'chrome';
  if (/^[(（]?[转接]\s*[A-Z]?\d{1,3}\s*版[)）]?$/.test(t)) return 'chrome';
  if (/https?:\/\/|www\.[a-z0-9-]+\.|<!--|-->/i.test(t) && countCjkChars(t) < 30) return 'chrome';
  // Navigation: several short links in a row (首页 | 常德新闻 | 园区动态 | 经济 …, 首页 > 园区动态 > 正文).
  const links = t.split(/\s*[|｜>›»]\s*/);
  if (links.length >= 4 && links.every((l) => l.length <= 8)) return 'chrome';
  if (/^当前位置\s*[:：]/.test(t)) return 'chrome';
  // A line with hardly any CJK text left is furniture or noise (`打印`, `字体:`, stray symbols).
  if (countCjkChars(t.replace(LOST_RUN, '')) < 3) return 'chrome';
  return 'content';
}

