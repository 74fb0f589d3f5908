import type { Config } from '../config.js';
import type { QaService } from '../qa/types.js';
import type { AnswerStore } from './answer-store.js';
import type { Clock } from './bounded-map.js';
import type { ConversationMemory } from './conversations.js';
import type { FeedbackSink } from './feedback.js';
import type { SlidingWindowRateLimiter } from './rate-limit.js';

/** What every listener receives; built once in createSlackApp, replaced by fakes in unit tests. */
export interface SlackDeps {
  config: Config;
  qa: QaService;
  clock: Clock;
  feedback: FeedbackSink;
  answers: AnswerStore;
  conversations: ConversationMemory;
  rateLimiter: SlidingWindowRateLimiter;
}
