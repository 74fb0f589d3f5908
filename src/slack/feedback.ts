import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One 👍/👎 click, as a line of FEEDBACK_FILE. */
export interface FeedbackRecord {
  question: string;
  answer: string;
  vote: 'up' | 'down';
  user: string;
  channel: string;
  /** The Slack message the vote was cast on (ts), when known. */
  ts: string | null;
  /** ISO time of the click. */
  time: string;
}

export interface FeedbackSink {
  record(entry: FeedbackRecord): Promise<void>;
}

/** Appends JSONL; writes are chained so concurrent clicks never interleave within a line. */
export function createFileFeedbackSink(path: string): FeedbackSink {
  let queue: Promise<void> = Promise.resolve();
  return {
    record(entry) {
      const line = `${JSON.stringify(entry)}\n`;
      const write = queue.then(async () => {
        await mkdir(dirname(path), { recursive: true });
        await appendFile(path, line, 'utf8');
      });
      // A failed write must not poison the writes that follow it.
      queue = write.catch(() => undefined);
      return write;
    },
  };
}
