import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Tokenizer } from '../corpus/types.js';

/** Jieba in search mode, with the corpus's own names and terms added so they stay whole. */
export function createJiebaTokenizer(userWords: Iterable<string> = []): Tokenizer & { addWords(words: Iterable<string>): void } {
  const jieba = Jieba.withDict(dict);
  const addWords = (words: Iterable<string>) => {
    const lines = [...words].filter((w) => w.length >= 2 && !/\s/.test(w)).map((w) => `${w} 200000 n`);
    if (lines.length > 0) jieba.loadDict(Buffer.from(lines.join('\n') + '\n'));
  };
  addWords(userWords);
  return {
    cut: (text: string) => jieba.cutForSearch(text, true),
    tag: (text: string) => jieba.tag(text, true),
    addWords,
  };
}

/** The jieba dictionary's words, used to recover characters lost to mojibake. */
export function jiebaDictionaryWords(): string[] {
  return Buffer.from(dict)
    .toString('utf8')
    .split('\n')
    .map((line) => line.slice(0, line.indexOf(' ')))
    .filter((w) => w.length === 2);
}
