import type { Passage, Tokenizer } from '../corpus/types.js';
import { zoneCore } from '../corpus/zone.js';
import { createTransliterator, type Transliterator } from './crosslingual.js';
import type { ScoredId } from '../index/bm25.js';
import type { VectorIndex } from '../index/vector-index.js';
import { expandSynonyms, parseQuestion, PROVINCE_PREFIX, zoneAliases, type Lexicon, type ZoneAlias } from './parse.js';
import type { Evidence, FactStatement, Hit, ParsedQuestion } from './types.js';

/** The searchable side of an index, as the core sees it; adapters supply the implementations. */
export interface SearchIndex {
  passages: Passage[];
  tokenizer: Tokenizer;
  keywordSearch(terms: string[], k: number, accept?: (id: number) => boolean): ScoredId[];
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
  facts?: FactSource;
}

/** A word of the question with its accepted spellings (the user's and the articles'). */
export interface TermGroup {
  forms: string[];
  weight: number;
}

export interface EvidenceResult extends Evidence {
  /** Why there is no usable evidence, when there is none. */
  gap: string | null;
  terms: TermGroup[];
}

const RRF_K = 60;
const CANDIDATES = 80;
const KEEP = 8;
const MIN_COVERAGE = 0.5;

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
  private readonly docText = new Map<string, string>();
  private readonly docPassages = new Map<string, number[]>();
  private readonly passageIndex = new Map<string, number>();
  private readonly transliterate: Transliterator;

  constructor(private readonly options: EngineOptions) {
    const { passages } = options.index;
    this.aliases = zoneAliases(passages.map((p) => p.zone).filter((z): z is string => !!z));
    this.questionWords = new Set(options.lexicon.questionWords);
    const placeNames = this.aliases.map((a) => a.alias).filter((a) => /^[\u4e00-\u9fff]{2,4}$/.test(a) && zoneCore(a) === a);
    // Provinces prefixing zone names (湖南湘江) are names users write too (Hunan).
    for (const a of [...placeNames]) {
      const province = PROVINCE_PREFIX.exec(a)?.[1];
      if (province) placeNames.push(province);
    }
    this.transliterate = createTransliterator([...options.people, ...placeNames], options.lexicon.english ?? {});
    passages.forEach((p, i) => {
      this.passageIndex.set(p.passageId, i);
      this.docText.set(p.docId, (this.docText.get(p.docId) ?? '') + '\n' + p.norm);
      if (!this.docPassages.has(p.docId)) this.docPassages.set(p.docId, []);
      this.docPassages.get(p.docId)!.push(i);
    });
  }

  parse(question: string, history?: string[]) {
    return parseQuestion(question, { lexicon: this.options.lexicon, aliases: this.aliases, people: this.options.people, history, transliterate: this.transliterate });
  }

  /** Content words of the question, each with its synonym, weighted by rarity in the corpus. */
  termGroups(parsed: ParsedQuestion): TermGroup[] {
    const { tokenizer } = this.options.index;
    const zoneWords = new Set(this.aliases.filter((a) => a.zone === parsed.zone).map((a) => a.alias));
    const words = tokenizer
      .cut(parsed.raw ? parsedNormWithoutExpansion(parsed) : parsed.norm)
      .map((w) => w.trim().toLowerCase())
      .filter((w) => w && !/^[\s\p{P}\p{S}\d]+$/u.test(w) && !this.questionWords.has(w))
      .filter((w) => !zoneWords.has(w) && w !== parsed.person && !/^\d{4}年?$/.test(w));
    const groups = new Map<string, TermGroup>();
    for (const w of [...new Set(words)].sort((a, b) => b.length - a.length)) {
      if (groups.has(w)) continue;
      // jieba's search mode also emits the pieces of long words; skip pieces of a word already kept.
      if ([...groups.keys()].some((g) => g.length > w.length && g.includes(w))) continue;
      const synonym = this.options.lexicon.synonyms[w];
      const forms = synonym && synonym !== w ? [w, synonym] : [w];
      groups.set(w, { forms, weight: Math.max(0.5, this.options.index.idf(w)) });
    }
    return [...groups.values()];
  }

  private accepts(parsed: ParsedQuestion & { unknownZone: string | null }): (id: number) => boolean {
    const { passages } = this.options.index;
    const zoneForms = parsed.zone ? this.aliases.filter((a) => a.zone === parsed.zone && a.alias.length >= 2).map((a) => a.alias) : [];
    return (id) => {
      const p = passages[id];
      if (parsed.unknownZone) return false;
      if (parsed.zone && p.zone !== parsed.zone && !zoneForms.some((z) => p.norm.includes(z))) return false;
      if (parsed.year && !(p.date?.startsWith(String(parsed.year)) || p.norm.includes(`${parsed.year}年`))) return false;
      if (parsed.person && !(this.docText.get(p.docId) ?? '').includes(parsed.person)) return false;
      return true;
    };
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

  async evidence(question: string, history?: string[]): Promise<EvidenceResult> {
    const parsed = this.parse(question, history);
    const groups = this.termGroups(parsed);
    const { index } = this.options;
    const accept = this.accepts(parsed);
    const terms = this.queryTerms(parsed, groups);
    const queryText = [parsed.zone, parsed.person, parsed.norm].filter(Boolean).join(' ');
    const vector = await index.embedQuery(queryText);

    const fuse = (filter?: (id: number) => boolean): Hit[] => {
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

    if (parsed.unknownZone) return { ...base, hits: [], facts: [], gap: `关于“${parsed.unknownZone}”的` };
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
    const top = all.slice(0, 5).map((h) => `${h.passage.norm}\n${h.passage.title}`).join('\n');
    const coverage = weightedCoverage(top, groups);
    const indicatorMissing = parsed.indicator && !this.indicatorForms(parsed.indicator).some((f) => covers(top, f));
    if ((coverage < MIN_COVERAGE && facts.length === 0) || indicatorMissing) {
      const missing = groups.filter((g) => !g.forms.some((f) => covers(top, f))).map((g) => g.forms[0]);
      const what = parsed.indicator && indicatorMissing ? parsed.indicator : missing.slice(0, 3).join('、');
      return { ...base, hits: [], facts: [], nearest: firstPerDoc(all, 3), gap: what ? `关于“${what}”的` : '' };
    }
    // A fact is cited to its own passage, which must then be part of the evidence.
    for (const f of facts) {
      if (all.some((h) => h.passage.passageId === f.passageId)) continue;
      const at = this.passageIndex.get(f.passageId);
      if (at !== undefined) all.push({ passage: index.passages[at], score: 0 });
    }
    return { ...base, hits: all, facts, gap: null };
  }

  indicatorForms(indicator: string): string[] {
    return this.options.lexicon.indicators[indicator] ?? [indicator];
  }

  idf(term: string): number {
    return this.options.index.idf(term);
  }
}

function parsedNormWithoutExpansion(parsed: ParsedQuestion): string {
  return parsed.norm;
}

export function weightedCoverage(text: string, groups: TermGroup[]): number {
  const total = groups.reduce((s, g) => s + g.weight, 0);
  if (total === 0) return 1;
  const covered = groups.filter((g) => g.forms.some((f) => covers(text, f))).reduce((s, g) => s + g.weight, 0);
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

export { expandSynonyms };
