/** What the ingestion knows about one article. Dates are ISO `YYYY-MM-DD` or null. */
export interface ArticleMeta {
  docId: string;
  title: string;
  /** True when the file had no headline and the title was made from the lead's meeting name. */
  titleDerived?: boolean;
  date: string | null;
  source: string | null;
  byline: string | null;
  zone: string | null;
  /** ISO date, or `MM-DD` when the article gives only a month and day. */
  meetingDate: string | null;
  /** True when the meeting's year was inferred from what the text reports on, not stated. */
  meetingYearInferred?: boolean;
}

export interface Article extends ArticleMeta {
  /** Cleaned paragraphs in the original script, for display. */
  paragraphs: string[];
  /** The same paragraphs normalized (simplified, half-width), for matching. */
  normParagraphs: string[];
}

export interface Passage {
  passageId: string;
  docId: string;
  position: number;
  title: string;
  date: string | null;
  source: string | null;
  zone: string | null;
  /** Original script, for display and quotes. */
  text: string;
  /** Normalized form, for matching. */
  norm: string;
}

/** Word segmentation; the jieba adapter lives outside the pure core. */
export interface Tokenizer {
  cut(text: string): string[];
  /** Words with their part of speech (jieba's tags: n noun, v verb, r pronoun…), when the adapter knows them. */
  tag?(text: string): { word: string; tag: string }[];
}
