import { pinyin } from 'pinyin-pro';

/** True when a question is written mostly in Latin letters (English or pinyin). */
export function isLatinQuestion(text: string): boolean {
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  const cjk = (text.match(/[\u3400-\u9fff]/g) ?? []).length;
  return latin >= 6 && latin > cjk * 2;
}

function pinyinKey(word: string): string {
  return (pinyin(word, { toneType: 'none', type: 'array' }) as string[]).join('').toLowerCase();
}

export interface Transliteration {
  /** Chinese search words. */
  text: string;
  /** Capitalized names the corpus does not know (Beijing, Yizhuang): the question is about something else. */
  unknownNames: string[];
  /**
   * Words taken from the general dictionary (set → 规定, public → 公开): its commonest sense, often
   * not the articles' word, so they help find passages but no answer is declined for lacking them.
   */
  guessed: string[];
}

export type Transliterator = (question: string) => Transliteration;

const SENTENCE_WORDS = new Set(
  ('what who whom whose how when which where why did does do is are was were be been being has have had will would should shall may might must ' +
    'in at for on of to by with from about into over under during between before after since until than as and or but not no yes ' +
    'tell list please give can could the a an i we you he she it they this that these those its their his her our your my me us them ' +
    'name show according much many more most some any all each every other also only just there here then so such very').split(' '),
);

/** English words for kinds of place, as their pinyin syllable in Chinese names. */
const PLACE_WORDS: Record<string, string> = { island: 'dao', lake: 'hu', port: 'gang', bay: 'wan', mountain: 'shan', district: 'qu', county: 'xian', city: 'shi', town: 'zhen' };

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_WORD = `(${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)`;
const MONTH_RANGE = new RegExp(` ${MONTH_WORD}(?: to | through | - | -|- |-| )${MONTH_WORD}(?= )`, 'g');
const MONTH = new RegExp(`(?<= )${MONTH_WORD}(?= )`, 'g');

function monthOf(word: string): number {
  return MONTHS.findIndex((m) => m.startsWith(word.slice(0, 3))) + 1;
}

const PINYIN_SYLLABLES = /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|in|un|ia|ie|iu|ua|uo|ui|ue|ve|a|o|e|i|u|v))+$/;
const ENGLISH_ENDING = /(?:ize|ise|ly|tion|sion|ment|ness|ed|ful|ous|ive|ity|ies|ate|est|al)$/;

/** A Chinese place or person written in pinyin (Yizhuang, Zhuzhou), not an English word (Summarize, Festival). */
function looksLikePinyinName(word: string): boolean {
  const w = word.toLowerCase();
  return PINYIN_SYLLABLES.test(w) && !ENGLISH_ENDING.test(w);
}

/**
 * Turns an English question into the Chinese words the articles use: names of people and places
 * by their pinyin (Tan Yong → 谭勇, Yueyang → 岳阳), domain phrases by the lexicon's glossary.
 * Whatever it cannot map is left out, so the result is a bag of Chinese search words.
 */
/** The forms a dictionary may list an English word under: as written, singular, without -ed/-ing. */
function wordForms(word: string): string[] {
  const forms = [word];
  if (/ies$/.test(word)) forms.push(word.replace(/ies$/, 'y'));
  if (/(?:s|x|ch|sh)es$/.test(word)) forms.push(word.replace(/es$/, ''));
  if (/[^s]s$/.test(word)) forms.push(word.slice(0, -1));
  if (/ed$/.test(word)) forms.push(word.slice(0, -2), word.slice(0, -1));
  if (/ing$/.test(word)) forms.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  return forms;
}

export function createTransliterator(names: string[], glossary: Record<string, string>, dictionary?: () => Record<string, string[]>): Transliterator {
  const byPinyin = new Map<string, string>();
  for (const name of names) {
    if (!/^[\u3400-\u9fff]{2,6}$/.test(name)) continue;
    const key = pinyinKey(name);
    if (!byPinyin.has(key)) byPinyin.set(key, name);
  }
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const phrases: [string, string, RegExp | null][] = Object.entries(glossary)
    .sort((a, b) => b[0].length - a[0].length)
    .map(([en, zh]) => [en, zh, en.split(' ').length >= 3 ? new RegExp(` ${en.split(' ').map(escape).join(' (?:[a-z]+ )?')} `) : null]);
  // "New Area" is a glossary phrase, not a place the corpus lacks, even where "area" stands alone.
  const vocabulary = new Set([...SENTENCE_WORDS, ...Object.keys(glossary).flatMap((k) => k.split(/[\s-]+/))]);
  return (question) => {
    const original = question.replace(/[^A-Za-z0-9.%\s'-]/g, ' ').split(/\s+/).filter(Boolean);
    let rest = ` ${question.toLowerCase().replace(/[^a-z0-9.%\s-]/g, ' ').replace(/\s+/g, ' ')} `;
    const out: string[] = [];
    const guessed: string[] = [];
    // Months, alone or as a range (January–April 2022 → 1-4月): the articles write 1-4月份, 5月.
    rest = rest.replace(MONTH_RANGE, (_, a: string, b: string) => {
      out.push(`${monthOf(a)}-${monthOf(b)}月`);
      return ' ';
    });
    rest = rest.replace(MONTH, (_, m: string) => {
      out.push(`${monthOf(m)}月`);
      return ' ';
    });
    // Names first: adjacent words are joined and looked up by pinyin, longest run first. A place
    // word after a name is said in pinyin for the lookup (Changxing Island → changxing dao).
    const english = rest.trim().split(' ');
    const words = english.map((w, i, all) => (i > 0 && PLACE_WORDS[w] && /^[a-z]+$/.test(all[i - 1]) && !SENTENCE_WORDS.has(all[i - 1]) ? PLACE_WORDS[w] : w));
    const used = new Set<number>();
    for (let len = 4; len >= 1; len--) {
      for (let i = 0; i + len <= words.length; i++) {
        if ([...Array(len).keys()].some((k) => used.has(i + k))) continue;
        // The syllable a place word stands for (County → xian) names nothing alone (西安).
        if (len === 1 && words[i] !== english[i]) continue;
        const joined = words.slice(i, i + len).join('');
        const hit = byPinyin.get(joined) ?? (len === 2 ? byPinyin.get(words[i + 1] + words[i]) : undefined);
        if (hit) {
          out.push(hit);
          for (let k = 0; k < len; k++) used.add(i + k);
        }
      }
    }
    // A place word after a name (District, County) is part of the name, found or not.
    rest = ` ${words.filter((_, i) => !used.has(i)).join(' ')} `;
    for (const [en, zh, loose] of phrases) {
      const needle = ` ${en} `;
      while (rest.includes(needle)) {
        out.push(zh);
        rest = rest.replace(needle, ' ');
      }
      // A phrase of the field with a word slipped in (public fiscal budget revenue) is the phrase.
      const m = loose?.exec(rest);
      if (m) {
        out.push(zh);
        rest = rest.replace(m[0], ' ');
      }
    }
    for (const m of rest.matchAll(/\b(?:19|20)\d{2}\b/g)) out.push(`${m[0]}年`);
    // What the field's glossary does not know, a general dictionary may: the longest phrase first
    // (integrated circuit → 集成电路, fixed assets → 固定资产), its commonest translation.
    if (dictionary) {
      const dict = dictionary();
      const left = rest.trim().split(' ').filter(Boolean);
      const taken = new Set<number>();
      for (let len = 4; len >= 1; len--) {
        for (let i = 0; i + len <= left.length; i++) {
          if ([...Array(len).keys()].some((k) => taken.has(i + k))) continue;
          const words = left.slice(i, i + len);
          if (len === 1 && (SENTENCE_WORDS.has(words[0]) || /^\d/.test(words[0]) || words[0].length < 3)) continue;
          const last = words[len - 1];
          const hit = wordForms(last).map((f) => dict[[...words.slice(0, -1), f].join(' ')]).find((x) => x && x.length);
          if (!hit) continue;
          out.push(hit[0]);
          guessed.push(hit[0]);
          for (let k = 0; k < len; k++) taken.add(i + k);
        }
      }
      rest = ` ${left.filter((_, i) => !taken.has(i)).join(' ')} `;
    }
    const leftover = new Set(rest.trim().split(' ').filter(Boolean));
    const unknownNames = original
      .map((w) => w.replace(/'s$/, ''))
      .filter((w) => /^[A-Z][a-z]+$/.test(w) && leftover.has(w.toLowerCase()) && !vocabulary.has(w.toLowerCase()) && looksLikePinyinName(w));
    return { text: out.join(''), unknownNames, guessed };
  };
}
