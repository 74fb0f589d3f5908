import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerInThread } from '../../answer-flow.js';
import { isChannelAllowed } from '../../channels.js';
import { ConversationMemory } from '../../conversations.js';
import type { SlackDeps } from '../../deps.js';
import { mentionsUser, startsWithPrefix } from '../../question-text.js';
import { recallThread } from '../../thread-recall.js';
import { asUserMessage, questionOf } from '../../user-message.js';

/** A reply in a channel thread the bot has answered in: a follow-up, no mention needed. */
export function threadFollowUp(deps: SlackDeps) {
  return async ({ event, client, context, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>): Promise<void> => {
    const msg = asUserMessage(event, context.botUserId);
    if (!msg || msg.channelType === 'im' || !msg.threadTs) return;
    // Those are answered by the app_mention and trigger-prefix handlers; answering here too would reply twice.
    if (mentionsUser(msg.text, context.botUserId) || startsWithPrefix(msg.text, deps.config.TRIGGER_PREFIX)) return;
    if (!isChannelAllowed(deps.config, msg.channel, msg.channelType)) return;
    // A thread the process does not remember (after a restart) is read back from Slack.
    const known = deps.conversations.has(ConversationMemory.key(msg.channel, msg.threadTs));
    if (!known && !(await recallThread(deps, client, logger, { channel: msg.channel, threadTs: msg.threadTs, beforeTs: msg.ts, botUserId: context.botUserId, botId: context.botId }))) return;
    await answerInThread(deps, client, logger, questionOf(msg, deps.config.TRIGGER_PREFIX));
  };
}
