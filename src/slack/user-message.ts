import type { ThreadQuestion } from './answer-flow.js';
import { extractQuestion } from './question-text.js';

/** The parts of a `message` event the question surfaces need, once bots, edits and system messages are filtered out. */
export interface UserMessage {
  channel: string;
  channelType: string | undefined;
  user: string;
  text: string;
  ts: string;
  threadTs?: string;
}

// Subtypes that are still a person writing: a file with a caption, a thread reply also sent to the channel.
const PERSON_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * Returns null for anything that is not a person's new message: other bots (bot_id or
 * bot_message), our own posts, edits and deletions (message_changed / message_deleted),
 * joins and other system subtypes.
 */
export function asUserMessage(event: unknown, botUserId: string | undefined): UserMessage | null {
  const e = event as {
    subtype?: string;
    bot_id?: string;
    user?: string;
    text?: string;
    channel?: string;
    channel_type?: string;
    ts?: string;
    thread_ts?: string;
  };
  if (!PERSON_SUBTYPES.has(e.subtype)) return null;
  if (e.bot_id || !e.user || e.user === botUserId) return null;
  if (!e.channel || !e.ts || !e.text) return null;
  return {
    channel: e.channel,
    channelType: e.channel_type,
    user: e.user,
    text: e.text,
    ts: e.ts,
    threadTs: e.thread_ts && e.thread_ts !== e.ts ? e.thread_ts : undefined,
  };
}

/** The thread question a user message asks, with the trigger prefix and mentions removed. */
export function questionOf(msg: UserMessage, prefix: string): ThreadQuestion {
  return { channel: msg.channel, user: msg.user, ts: msg.ts, threadTs: msg.threadTs, question: extractQuestion(msg.text, prefix) };
}
