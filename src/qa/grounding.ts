import { normalizeText } from '../corpus/normalize.js';

/** What grounding needs of a numbered passage; title and date are optional because the model saw them in the header. */
export interface GroundingPassage {
  text: string;
  norm: string;
  title?: string;
  date?: string | null;
}

export type GroundingResult = { ok: true } | { ok: false; reason: string };

export interface GroundingOptions {
  /** Person names found anywhere in the corpus; each one the answer mentions must be in a cited passage. */
  knownNames?: string[];
}

/** One answer sentence with the citation numbers attached to it. */
export interface CitedSentence {
  /** The sentence (normalized) without its citation markers. */
  text: string;
  cites: number[];
}

// Models write [1][2], [1,2], [1、2] and sometimes 【1】; full-width forms are folded before matching.
const MARKER_SOURCE = String.raw`[\[【]\s*(\d+(?:\s*[,、，]\s*\d+)*)\s*[\]】]`;
const LEADING_MARKERS = new RegExp(String.raw`^(?:\s*${MARKER_SOURCE})+`);

function markerRegex(): RegExp {
  return new RegExp(MARKER_SOURCE, 'g');
}

function numbersInMarker(inner: string): number[] {
  return inner.split(/[,、，]/).map((s) => Number(s.trim()));
}

/** Citation numbers in order of first appearance. */
export function citedNumbers(text: string): number[] {
  const seen: number[] = [];
  for (const m of normalizeText(text).matchAll(markerRegex())) {
    for (const n of numbersInMarker(m[1])) if (!seen.includes(n)) seen.push(n);
  }
  return seen;
}

/**
 * Renumber citations 1..k in order of first appearance, so the answer's markers
 * match a citation list built from `order` (order[k-1] is the original number).
 */
export function renumberCitations(text: string): { text: string; order: number[] } {
  const order: number[] = [];
  const rewritten = text.replace(new RegExp(String.raw`[\[【［]\s*([\d０-９]+(?:\s*[,、，]\s*[\d０-９]+)*)\s*[\]】］]`, 'g'), (_m, inner: string) => {
    const nums = numbersInMarker(normalizeText(inner));
    const out: number[] = [];
    for (const n of nums) {
      if (!order.includes(n)) order.push(n);
      const k = order.indexOf(n) + 1;
      if (!out.includes(k)) out.push(k);
    }
    return out.map((k) => `[${k}]`).join('');
  });
  return { text: rewritten, order };
}

/**
 * Split a (normalized) answer at 。!?\n. Markers that open a segment belong to the
 * sentence before it, because models often write "…增长8.3%。[1]".
 */
export function splitCitedSentences(answerText: string): CitedSentence[] {
  const norm = normalizeText(answerText);
  const out: CitedSentence[] = [];
  for (let segment of norm.split(/(?<=[。!?\n])/)) {
    const lead = segment.match(LEADING_MARKERS);
    if (lead && out.length > 0) {
      const prev = out[out.length - 1];
      for (const m of lead[0].matchAll(markerRegex())) {
        for (const n of numbersInMarker(m[1])) if (!prev.cites.includes(n)) prev.cites.push(n);
      }
      segment = segment.slice(lead[0].length);
    }
    const cites: number[] = [];
    for (const m of segment.matchAll(markerRegex())) {
      for (const n of numbersInMarker(m[1])) if (!cites.includes(n)) cites.push(n);
    }
    const text = segment.replace(markerRegex(), '');
    if (text.trim() !== '' || cites.length > 0) out.push({ text, cites });
  }
  return out;
}

function contentLength(text: string): number {
  return text.replace(/[^\p{L}\p{N}]/gu, '').length;
}

// ---- numbers ---------------------------------------------------------------

interface NumberToken {
  raw: string;
  value: string;
  /** Magnitude or percent written right after the digits; 元 is ignored so 440亿元 equals 440亿. */
  suffix: string;
  /** Character after the token, to recognise 年/月/日. */
  next: string;
  /** Parts of a comma-grouped number, tried one by one when the grouped form is not found. */
  parts: string[];
}

const NUMBER_RE = /(\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)\s*(%|‰|万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|百)?(元)?/g;

function canonical(digits: string): string {
  const n = Number(digits.replace(/,/g, ''));
  return Number.isFinite(n) ? String(n) : digits;
}

function numberTokens(normText: string): NumberToken[] {
  const out: NumberToken[] = [];
  for (const m of normText.matchAll(NUMBER_RE)) {
    const end = (m.index ?? 0) + m[0].length;
    out.push({
      raw: m[0],
      value: canonical(m[1]),
      suffix: m[2] ?? '',
      next: normText.charAt(end),
      parts: m[1].includes(',') ? m[1].split(',').map(canonical) : [],
    });
  }
  return out;
}

interface PassageNumbers {
  keyed: Set<string>;
  values: Set<string>;
}

function passageNumbers(p: GroundingPassage): PassageNumbers {
  const keyed = new Set<string>();
  const values = new Set<string>();
  const text = p.title ? `${normalizeText(p.title)}\n${p.norm}` : p.norm;
  for (const t of numberTokens(text)) {
    keyed.add(`${t.value}|${t.suffix}`);
    values.add(t.value);
    // Passages also write "GDP 44,000" and the model may drop the comma, or vice versa.
    for (const part of t.parts) values.add(part);
  }
  return { keyed, values };
}

function numberIn(t: NumberToken, nums: PassageNumbers): boolean {
  if (t.suffix ? nums.keyed.has(`${t.value}|${t.suffix}`) : nums.values.has(t.value)) return true;
  return t.parts.length > 0 && t.parts.every((part) => nums.values.has(part));
}

/** Years, months and days the model may state because they are the cited article's date (今年 → 2024年). */
function isDateOfCited(t: NumberToken, cited: GroundingPassage[]): boolean {
  for (const p of cited) {
    const m = p.date?.match(/^(\d{4})-(\d{2})-(\d{2})/);
    if (!m) continue;
    const year = Number(m[1]);
    // 去年 resolves to the year before the article's.
    if (/^\d{4}$/.test(t.value) && (Number(t.value) === year || (Number(t.value) === year - 1 && t.next === '年'))) return true;
    if (t.next === '月' && t.value === String(Number(m[2]))) return true;
    if ((t.next === '日' || t.next === '号') && t.value === String(Number(m[3]))) return true;
  }
  return false;
}

// ---- names -----------------------------------------------------------------

const TITLES = ['书记', '主任', '区长', '市长', '县长', '主席', '部长', '局长', '同志'];
const VERBS = ['主持', '讲话', '强调', '要求', '指出', '出席'];
const KEYWORD_RE = new RegExp(`(${[...TITLES, ...VERBS].join('|')})`, 'g');

// Common surnames: a candidate must start with one, which keeps ordinary words ("会议强调") out.
const SURNAMES = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤易文欧'.split(''),
);

const CJK = /[\u3400-\u9fff]/;

function containsKeyword(s: string): boolean {
  return [...TITLES, ...VERBS].some((k) => s.includes(k));
}

/** Names suggested by a title or verb next to them; each entry lists alternatives, any of which may match. */
function titleAdjacentNames(text: string): string[][] {
  const out: string[][] = [];
  for (const m of text.matchAll(KEYWORD_RE)) {
    const at = m.index ?? 0;
    // Before the keyword: "王小明书记", "谢春生主持".
    let i = at;
    while (i > 0 && CJK.test(text[i - 1])) i--;
    const before = text.slice(i, at).replace(/(常务)?副$/, '');
    const c3 = before.slice(-3);
    const c2 = before.slice(-2);
    if (c3.length === 3 && SURNAMES.has(c3[0]) && !containsKeyword(c3)) out.push([c3]);
    else if (c2.length === 2 && SURNAMES.has(c2[0]) && !containsKeyword(c2)) out.push([c2]);
    // After a title: "书记王小明". The name's length is unknown, so 2 or 3 characters may match.
    if (TITLES.includes(m[1])) {
      let j = at + m[1].length;
      let after = '';
      while (j < text.length && CJK.test(text[j]) && after.length < 5) after += text[j++];
      const k = after.search(KEYWORD_RE);
      after = (k >= 0 ? after.slice(0, k) : after).slice(0, 3);
      if (after.length >= 2 && SURNAMES.has(after[0]) && !containsKeyword(after)) {
        out.push(after.length === 3 ? [after, after.slice(0, 2)] : [after]);
      }
    }
  }
  return out;
}

// ---- the check -------------------------------------------------------------

/**
 * Whether an LLM answer is supported by the passages it cites: citations exist,
 * every content sentence carries one, and numbers and person names come from
 * the cited passages. The reason names the first failure.
 */
export function checkGrounding(
  answerText: string,
  numbered: Map<number, GroundingPassage>,
  options: GroundingOptions = {},
): GroundingResult {
  const sentences = splitCitedSentences(answerText);
  const all = [...new Set(sentences.flatMap((s) => s.cites))];
  if (all.length === 0) return { ok: false, reason: 'no citations' };
  for (const n of all) if (!numbered.has(n)) return { ok: false, reason: `citation [${n}] does not exist` };

  for (const s of sentences) {
    // A short fragment ("答：") carries no claim.
    if (s.cites.length === 0 && contentLength(s.text) > 4) {
      return { ok: false, reason: `sentence without citation: ${s.text.trim().slice(0, 40)}` };
    }
  }

  const cited = all.map((n) => numbered.get(n)!);
  const numbersOf = new Map<number, PassageNumbers>(all.map((n) => [n, passageNumbers(numbered.get(n)!)]));
  const anyCited = (t: NumberToken) => all.some((n) => numberIn(t, numbersOf.get(n)!));
  for (const s of sentences) {
    // List numbering ("1. ", "(2)") is layout, not a claim.
    const body = s.text.replace(/^\s*(?:\d{1,2}[.、)](?!\d)|\(\d{1,2}\))/, '');
    for (const t of numberTokens(body)) {
      if (s.cites.some((n) => numberIn(t, numbersOf.get(n)!)) || anyCited(t)) continue;
      if (isDateOfCited(t, cited)) continue;
      return { ok: false, reason: `number ${t.raw.trim()} not in cited passages` };
    }
  }

  const citedText = cited.map((p) => (p.title ? `${normalizeText(p.title)}\n${p.norm}` : p.norm)).join('\n');
  const answerBody = sentences.map((s) => s.text).join('\n');
  for (const name of options.knownNames ?? []) {
    const n = normalizeText(name).trim();
    if (n.length >= 2 && answerBody.includes(n) && !citedText.includes(n)) {
      return { ok: false, reason: `name ${n} not in cited passages` };
    }
  }
  // Run even with known names: an invented name is by definition not among them.
  for (const alternatives of titleAdjacentNames(answerBody)) {
    if (!alternatives.some((a) => citedText.includes(a))) {
      return { ok: false, reason: `name ${alternatives[0]} not in cited passages` };
    }
  }
  return { ok: true };
}
