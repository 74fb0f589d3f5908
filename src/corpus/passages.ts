import { effectiveDate } from './article.js';
import { normalizeText } from './normalize.js';
import type { Article, Passage } from './types.js';

export const PASSAGE_MIN = 200;
export const PASSAGE_MAX = 500;

/** Split a paragraph into sentences, keeping closing quotes and brackets with their sentence. */
export function splitSentences(paragraph: string): string[] {
  const out: string[] = [];
  const re = /[^。！？；!?;]*(?:[。！？；!?;]+[”’」』)）"]*|$)/g;
  for (const m of paragraph.matchAll(re)) {
    const s = m[0];
    if (s.trim()) out.push(s.trim());
    if (m.index! >= paragraph.length) break;
  }
  return out;
}

/**
 * Pack sentences into passages of roughly PASSAGE_MIN–PASSAGE_MAX characters. A passage ends at a
 * sentence end; it crosses a paragraph end only while it is still short. A single sentence longer
 * than PASSAGE_MAX stays whole rather than being cut mid-sentence.
 */
export function chunkArticle(article: Article): Passage[] {
  const pieces: { text: string; paragraphEnd: boolean }[] = [];
  for (const p of article.paragraphs) {
    const sentences = splitSentences(p);
    sentences.forEach((s, i) => pieces.push({ text: s, paragraphEnd: i === sentences.length - 1 }));
  }
  const chunks: string[] = [];
  let current = '';
  let currentParagraphs: string[] = [];
  const flush = () => {
    const parts = current ? currentParagraphs.concat(current) : currentParagraphs;
    if (parts.length > 0) chunks.push(parts.join("\n"));
    current = '';
    currentParagraphs = [];
  };
  const length = () => currentParagraphs.reduce((n, p) => n + p.length + 1, 0) + current.length;
  for (const piece of pieces) {
    if (length() > 0 && length() + piece.text.length > PASSAGE_MAX) flush();
    current += piece.text;
    if (piece.paragraphEnd) {
      if (length() >= PASSAGE_MIN) flush();
      else {
        currentParagraphs.push(current);
        current = '';
      }
    }
  }
  flush();
  // A short tail joins the previous passage when that stays within bounds.
  if (chunks.length > 1 && chunks[chunks.length - 1].length < PASSAGE_MIN / 2) {
    const tail = chunks.pop()!;
    if (chunks[chunks.length - 1].length + tail.length <= PASSAGE_MAX + PASSAGE_MIN / 2) chunks[chunks.length - 1] += '\n' + tail;
    else chunks.push(tail);
  }
  return chunks.map((text, position) => ({
    passageId: `${article.docId}#${position}`,
    docId: article.docId,
    position,
    title: article.title,
    date: effectiveDate(article),
    source: article.source,
    zone: article.zone,
    text,
    norm: normalizeText(text),
  }));
}

/** The text a passage is indexed under: its article's title and date give every passage context. */
export function indexingText(p: Passage): string {
  return `${normalizeText(p.title)} ${p.date ?? ''}\n${p.norm}`;
}
