import { randomBytes } from 'node:crypto';
import type { Answer } from '../qa/types.js';
import { BoundedTtlMap, type Clock } from './bounded-map.js';

/** What a button needs to find again: the question and what the bot said. */
export interface StoredAnswer {
  question: string;
  /** Set for answers; briefs carry `brief` instead. */
  answer?: Answer;
  brief?: string;
  user: string;
  channel: string;
  /** Votes already recorded, so a double click is not counted twice. */
  votes: Map<string, 'up' | 'down'>;
}

/**
 * Buttons carry only a short id into this store: a button value is limited to 2,000
 * characters and the answer is not ours to put back into Slack payloads anyway.
 */
export class AnswerStore {
  private readonly entries: BoundedTtlMap<string, StoredAnswer>;

  constructor(options: { clock?: Clock; maxEntries?: number; ttlMs?: number } = {}) {
    this.entries = new BoundedTtlMap({
      maxEntries: options.maxEntries ?? 2_000,
      ttlMs: options.ttlMs ?? 7 * 24 * 60 * 60 * 1000,
      clock: options.clock,
    });
  }

  put(entry: Omit<StoredAnswer, 'votes'>): string {
    const id = randomBytes(6).toString('base64url');
    this.entries.set(id, { ...entry, votes: new Map() });
    return id;
  }

  get(id: string): StoredAnswer | undefined {
    return this.entries.get(id);
  }
}
