import type { Passage } from '../corpus/types.js';

export type Intent = 'leader' | 'target' | 'directive' | 'date' | 'list' | 'general';
export type Script = 'simplified' | 'traditional';

/** What a question asks and what it pins down. */
export interface ParsedQuestion {
  raw: string;
  /** Normalized (simplified, half-width) text of the question, with lexicon synonyms appended. */
  norm: string;
  /** The normalized question as asked (plus a follow-up's carried words), without synonyms. */
  plain?: string;
  intent: Intent;
  script: Script;
  zone: string | null;
  person: string | null;
  year: number | null;
  indicator: string | null;
  /**
   * What a yes/no question supposes (是不是谭勇主持的 → 谭勇; 目标是不是450亿 → 450亿): checked
   * against the answer, never used to narrow the search.
   */
  claimed?: string[];
  /** Every name the lexicon gives the indicator (GDP, 地区生产总值, 经济总量), when one is asked about. */
  indicatorForms?: string[];
  /** Words of an English question translated by the general dictionary: guesses, not the asker's words. */
  guessed?: string[];
}

export interface Hit {
  passage: Passage;
  score: number;
}

/** A statement extracted from an article, tied to the passage that proves it. */
export interface FactStatement {
  text: string;
  passageId: string;
}

/** Everything an answerer may use: the parsed question, passages that satisfy its constraints, and facts. */
export interface Evidence {
  parsed: ParsedQuestion;
  hits: Hit[];
  facts: FactStatement[];
  /** Closest articles when the constraints removed everything, for an honest "not found". */
  nearest: Hit[];
}

export interface Citation {
  n: number;
  docId: string;
  passageId: string;
  title: string;
  source: string | null;
  date: string | null;
  quote: string;
}

export interface RetrievedRef {
  docId: string;
  passageId: string;
  score: number;
}

/** One answer, as rendered to JSON by `ask --json` and each `batch` line (plus id and latency). */
export interface Answer {
  question: string;
  answer: string;
  abstained: boolean;
  mode: 'extractive' | 'llm';
  citations: Citation[];
  retrieved: RetrievedRef[];
  /** A short remark for the user, e.g. that the language model was unavailable. */
  note?: string;
}

export interface AnswerOptions {
  /** Receives growing partial text while an answer is produced (streaming surfaces). */
  onPartial?: (text: string) => void;
  signal?: AbortSignal;
}

/** Turns evidence into an answer. Extractive and LLM answerers implement this. */
export interface Answerer {
  readonly mode: 'extractive' | 'llm';
  answer(evidence: Evidence, options?: AnswerOptions): Promise<Answer>;
}

/** What chat surfaces (Slack, terminal chat) need from the question-answering side. */
export interface QaService {
  /** `history` holds earlier questions of the same conversation, oldest first. */
  ask(question: string, options?: AnswerOptions & { history?: string[] }): Promise<Answer>;
  /** A Markdown meeting brief for a docId, zone or person; null when nothing matches. */
  brief(query: string): Promise<string | null>;
}
