import { looksGarbled, scrubLine } from './clean.js';
import { normalizeText } from './normalize.js';
import type { ArticleMeta } from './types.js';
import { sameZone } from './zone.js';

/** One hand-checked article of `eval/real/labels.jsonl`. */
export interface ArticleLabel {
  docId: string;
  /** Acceptable headline forms. */
  title: string[];
  titleDerived?: boolean;
  /** Publication date, or null when the text does not give one. */
  date: string | null;
  /** Canonical short form first, then the full form and aliases. */
  zone: string[];
  /** `YYYY-MM-DD`, `MM-DD` when only month and day are given, or null. */
  meetingDate: string | null;
  /** Substrings of the lead paragraph that must survive in some passage. */
  lead: string[];
  /** Substrings of page chrome that must not survive anywhere. */
  chrome: string[];
}

export interface MetaCheck {
  docId: string;
  dropped: boolean;
  titleOk: boolean;
  /** Null when the label gives no date to check. */
  dateOk: boolean | null;
  zoneOk: boolean;
  meetingDateOk: boolean | null;
  leadOk: boolean;
  chromeFree: boolean;
  got: { title: string; date: string | null; zone: string | null; meetingDate: string | null };
  missingLead: string[];
  keptChrome: string[];
}

export interface MetaScores {
  articles: number;
  headline: number | null;
  date: number | null;
  zone: number | null;
  meetingDate: number | null;
  leadKept: number | null;
  chromeFree: number | null;
  dropped: number;
}

/** Parse a labels file; a bad line is reported by number. */
export function parseLabels(text: string): ArticleLabel[] {
  const out: ArticleLabel[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let raw: Partial<ArticleLabel> & { title?: string | string[]; zone?: string | string[] | null };
    try {
      raw = JSON.parse(line) as typeof raw;
    } catch {
      throw new Error(`line ${i + 1}: not valid JSON`);
    }
    if (typeof raw.docId !== 'string') throw new Error(`line ${i + 1}: missing "docId"`);
    const list = (v: string | string[] | null | undefined) => (v == null ? [] : Array.isArray(v) ? v : [v]);
    out.push({
      docId: raw.docId,
      title: list(raw.title),
      titleDerived: raw.titleDerived === true,
      date: raw.date ?? null,
      zone: list(raw.zone),
      meetingDate: raw.meetingDate ?? null,
      lead: list(raw.lead),
      chrome: list(raw.chrome),
    });
  });
  return out;
}

// Compared without spaces and punctuation, in simplified half-width form. Labels are copied from
// the raw page, so their pinyin glosses and mojibake go the way the article's own do.
const compact = (s: string) =>
  normalizeText(scrubLine(s, looksGarbled(s)))
    .replace(/[\uFFFD\uE000-\uE0FF]/g, '')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase();

/** A headline matches a label form when equal, or when one holds most of the other. */
export function headlineMatches(title: string, forms: string[]): boolean {
  const t = compact(title);
  if (!t) return false;
  return forms.some((f) => {
    const c = compact(f);
    if (!c) return false;
    if (c === t) return true;
    const [short, long] = c.length < t.length ? [c, t] : [t, c];
    return long.includes(short) && short.length / long.length >= 0.6;
  });
}

// The meeting a derived headline names: what follows 召开/举行, or what precedes it (XX会议召开).
function meetingOf(title: string): string {
  const c = compact(title);
  const after = /(?:召开|举行|举办)(.{4,})$/.exec(c);
  if (after) return after[1];
  const before = /^(.{4,}?)(?:召开|举行|开幕)$/.exec(c);
  return before ? before[1] : c;
}

/** A headline the project derived names the same meeting as the label's derived form. */
function meetingNameMatches(title: string, forms: string[]): boolean {
  const mine = meetingOf(title);
  return forms.some((f) => {
    const theirs = meetingOf(f);
    return theirs.length >= 4 && (mine.includes(theirs) || theirs.includes(mine));
  });
}

function meetingDateMatches(got: string | null, want: string): boolean {
  if (!got) return false;
  return want.length === 5 ? got.endsWith(want) : got === want;
}

export interface ArticleUnderTest {
  meta: ArticleMeta;
  /** Normalized text of each of the article's passages. */
  passages: string[];
}

export function checkArticle(label: ArticleLabel, article: ArticleUnderTest | undefined): MetaCheck {
  if (!article) {
    return {
      docId: label.docId,
      dropped: true,
      titleOk: false,
      dateOk: label.date ? false : null,
      zoneOk: false,
      meetingDateOk: label.meetingDate ? false : null,
      leadOk: false,
      chromeFree: true,
      got: { title: '', date: null, zone: null, meetingDate: null },
      missingLead: label.lead,
      keptChrome: [],
    };
  }
  const { meta } = article;
  const texts = article.passages.map(compact);
  const everywhere = [...texts, compact(meta.title)];
  const missingLead = label.lead.filter((l) => !texts.some((t) => t.includes(compact(l))));
  const keptChrome = label.chrome.filter((c) => compact(c).length > 0 && everywhere.some((t) => t.includes(compact(c))));
  return {
    docId: label.docId,
    dropped: false,
    titleOk: headlineMatches(meta.title, label.title) || (label.titleDerived === true && meta.titleDerived === true && meetingNameMatches(meta.title, label.title)),
    dateOk: label.date ? meta.date === label.date : null,
    zoneOk: meta.zone !== null && label.zone.some((z) => sameZone(meta.zone!, normalizeText(z))),
    meetingDateOk: label.meetingDate ? meetingDateMatches(meta.meetingDate, label.meetingDate) : null,
    leadOk: missingLead.length === 0,
    chromeFree: keptChrome.length === 0,
    got: { title: meta.title, date: meta.date, zone: meta.zone, meetingDate: meta.meetingDate },
    missingLead,
    keptChrome,
  };
}

const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

export function summarizeMeta(checks: MetaCheck[]): MetaScores {
  const share = (pick: (c: MetaCheck) => boolean | null) => {
    const judged = checks.map(pick).filter((v): v is boolean => v !== null);
    return ratio(judged.filter(Boolean).length, judged.length);
  };
  return {
    articles: checks.length,
    headline: share((c) => c.titleOk),
    date: share((c) => c.dateOk),
    zone: share((c) => c.zoneOk),
    meetingDate: share((c) => c.meetingDateOk),
    leadKept: share((c) => c.leadOk),
    chromeFree: share((c) => c.chromeFree),
    dropped: checks.filter((c) => c.dropped).length,
  };
}
