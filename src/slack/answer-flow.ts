import type { Logger, types, webApi } from '@slack/bolt';
import { renderAnswerMessage, renderNotice } from '../render/slack.js';
import { COPY } from './copy.js';
import { ConversationMemory } from './conversations.js';
import type { SlackDeps } from './deps.js';
import { describeError, postEphemeralSafely, slackErrorCode } from './ephemeral.js';

type WebClient = webApi.WebClient;

/** A question that arrived as a channel/DM message (mention, prefix, DM or thread follow-up). */
export interface ThreadQuestion {
  channel: string;
  user: string;
  /** The asking message. */
  ts: string;
  /** Set when the message is itself inside a thread. */
  threadTs?: string;
  question: string;
}

// Work under way is shown with a reaction on the question, removed when the reply is posted.
const WORKING_REACTION = 'eyes';

/**
 * Answer in the thread of the asking message. Never throws and never stays silent:
 * a rate limit, a failure or "not found" is said in the thread.
 */
export async function answerInThread(deps: SlackDeps, client: WebClient, logger: Logger, q: ThreadQuestion): Promise<void> {
  const threadTs = q.threadTs ?? q.ts;
  if (!q.question) {
    await postInThread(client, logger, q.channel, threadTs, renderNotice(COPY.emptyQuestion(deps.config.TRIGGER_PREFIX, deps.config.ASK_COMMAND)));
    return;
  }
  if (!deps.rateLimiter.tryAcquire(q.user)) {
    await postEphemeralSafely(client, logger, { channel: q.channel, user: q.user, threadTs }, renderNotice(COPY.rateLimited(deps.rateLimiter.limit)));
    return;
  }

  const key = ConversationMemory.key(q.channel, threadTs);
  const reacted = await react(client, logger, 'add', q.channel, q.ts);
  try {
    let reply;
    try {
      const answer = await deps.qa.ask(q.question, { history: deps.conversations.history(key) });
      deps.conversations.remember(key, q.question);
      const ref = deps.answers.put({ question: q.question, answer, user: q.user, channel: q.channel });
      reply = renderAnswerMessage(answer, { ref });
    } catch (error) {
      logger.error(`answering failed in ${q.channel}: ${describeError(error)}`, error);
      reply = renderNotice(COPY.error);
    }
    await postInThread(client, logger, q.channel, threadTs, reply);
  } finally {
    if (reacted) await react(client, logger, 'remove', q.channel, q.ts);
  }
}

/** Posts in a thread; after the client's own retries a failure is logged, not thrown. */
export async function postInThread(
  client: WebClient,
  logger: Logger,
  channel: string,
  threadTs: string,
  message: { text: string; blocks?: types.KnownBlock[] },
): Promise<boolean> {
  try {
    await client.chat.postMessage({ channel, thread_ts: threadTs, text: message.text, blocks: message.blocks });
    return true;
  } catch (error) {
    logger.error(`chat.postMessage to ${channel} (thread ${threadTs}) failed after retries: ${describeError(error)}`);
    return false;
  }
}

async function react(client: WebClient, logger: Logger, op: 'add' | 'remove', channel: string, ts: string): Promise<boolean> {
  try {
    await client.reactions[op]({ channel, timestamp: ts, name: WORKING_REACTION });
    return true;
  } catch (error) {
    if (slackErrorCode(error) === 'already_reacted') return true;
    // Cosmetic only: a missing reactions:write scope must not stop the answer.
    logger.debug(`reactions.${op} failed: ${describeError(error)}`);
    return false;
  }
}
