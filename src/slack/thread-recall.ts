import type { Logger, webApi } from '@slack/bolt';
import { ConversationMemory } from './conversations.js';
import type { SlackDeps } from './deps.js';
import { describeError } from './ephemeral.js';
import { extractQuestion } from './question-text.js';

/** How far back a thread is read to rebuild it: the memory keeps six questions. */
const REPLIES_LIMIT = 50;

interface ThreadMessage {
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  subtype?: string;
}

/**
 * A thread the process does not remember (after a restart, or on another replica): read it back
 * with conversations.replies. True when the bot took part in it; its earlier questions are then
 * remembered, so a follow-up keeps its subject. A failed read is logged and counts as "not ours".
 */
export async function recallThread(
  deps: SlackDeps,
  client: webApi.WebClient,
  logger: Logger,
  where: { channel: string; threadTs: string; beforeTs: string; botUserId?: string; botId?: string },
): Promise<boolean> {
  const key = ConversationMemory.key(where.channel, where.threadTs);
  if (deps.conversations.has(key)) return true;
  let messages: ThreadMessage[];
  try {
    const res = await client.conversations.replies({ channel: where.channel, ts: where.threadTs, limit: REPLIES_LIMIT });
    messages = (res.messages ?? []) as ThreadMessage[];
  } catch (error) {
    logger.warn(`conversations.replies for ${where.channel} (thread ${where.threadTs}) failed: ${describeError(error)}`);
    return false;
  }
  const ours = (m: ThreadMessage) => (where.botUserId !== undefined && m.user === where.botUserId) || (where.botId !== undefined && m.bot_id === where.botId);
  if (!messages.some(ours)) return false;
  const questions = messages
    .filter((m) => !ours(m) && !m.bot_id && m.user && m.text && m.ts && Number(m.ts) < Number(where.beforeTs) && (m.subtype === undefined || m.subtype === 'thread_broadcast'))
    .sort((a, b) => Number(a.ts) - Number(b.ts))
    .map((m) => extractQuestion(m.text!, deps.config.TRIGGER_PREFIX))
    .filter(Boolean);
  deps.conversations.adopt(key, questions);
  return true;
}
