import type { Article, Passage } from '../corpus/types.js';

export interface Brief {
  docId: string;
}

export function buildBriefs(articles: Article[], _passages: Passage[]): Brief[] {
  return articles.map((a) => ({ docId: a.docId }));
}
