import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerInThread } from '../../answer-flow.js';
import { isChannelAllowed } from '../../channels.js';
import { ConversationMemory } from '../../conversations.js';
import type { SlackDeps } from '../../deps.js';
import { mentionsUser, startsWithPrefix } from '../../question-text.js';
import { asUserMessage, questionOf } from '../../user-message.js';

/** A reply in a channel thread the bot has answered in: a follow-up, no mention needed. */
export function threadFollowUp(deps: SlackDeps) {
  return async ({ event, client, context, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>): Promise<void> => {
    const msg = asUserMessage(event, context.botUserId);
    if (!msg || msg.channelType === 'im' || !msg.threadTs) return;
    if (!deps.conversations.has(ConversationMemory.key(msg.channel, msg.threadTs))) return;
    // Those are answered by the app_mention and trigger-prefix handlers; answering here too would reply twice.
    if (mentionsUser(msg.text, context.botUserId) || startsWithPrefix(msg.text, deps.config.TRIGGER_PREFIX)) return;
    if (!isChannelAllowed(deps.config, msg.channel, msg.channelType)) return;
    await answerInThread(deps, client, logger, questionOf(msg, deps.config.TRIGGER_PREFIX));
  };
}
