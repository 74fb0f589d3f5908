import { BoundedTtlMap, type Clock } from './bounded-map.js';

const MAX_HISTORY = 6;

/** Earlier questions per Slack thread, so follow-ups like "那税收目标呢？" keep their subject. */
export class ConversationMemory {
  private readonly threads: BoundedTtlMap<string, string[]>;

  constructor(options: { clock?: Clock; maxThreads?: number; ttlMs?: number } = {}) {
    this.threads = new BoundedTtlMap({
      maxEntries: options.maxThreads ?? 2_000,
      ttlMs: options.ttlMs ?? 24 * 60 * 60 * 1000,
      clock: options.clock,
    });
  }

  static key(channel: string, threadTs: string): string {
    return `${channel}:${threadTs}`;
  }

  /** True once the bot has answered in this thread. */
  has(key: string): boolean {
    return this.threads.has(key);
  }

  /** Earlier questions, oldest first. */
  history(key: string): string[] {
    return [...(this.threads.get(key) ?? [])];
  }

  /** A thread recalled from Slack after a restart: the bot took part, with these earlier questions. */
  adopt(key: string, questions: string[]): void {
    this.threads.set(key, questions.slice(-MAX_HISTORY));
  }

  remember(key: string, question: string): void {
    const questions = [...(this.threads.get(key) ?? []), question];
    this.threads.set(key, questions.slice(-MAX_HISTORY));
  }
}
