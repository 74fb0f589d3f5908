import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerInThread } from '../../answer-flow.js';
import { isChannelAllowed } from '../../channels.js';
import type { SlackDeps } from '../../deps.js';
import { mentionsUser, startsWithPrefix } from '../../question-text.js';
import { asUserMessage, questionOf } from '../../user-message.js';

/** A channel message starting with TRIGGER_PREFIX (`我要问 …`), no mention needed. */
export function triggerPrefixMessage(deps: SlackDeps) {
  return async ({ event, client, context, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>): Promise<void> => {
    const msg = asUserMessage(event, context.botUserId);
    if (!msg || msg.channelType === 'im') return;
    if (!startsWithPrefix(msg.text, deps.config.TRIGGER_PREFIX)) return;
    // With a mention, Slack also sends app_mention; that handler answers.
    if (mentionsUser(msg.text, context.botUserId)) return;
    // Passive trigger: the word may just be part of a conversation in a channel we were not enabled for.
    if (!isChannelAllowed(deps.config, msg.channel, msg.channelType)) return;
    await answerInThread(deps, client, logger, questionOf(msg, deps.config.TRIGGER_PREFIX));
  };
}
