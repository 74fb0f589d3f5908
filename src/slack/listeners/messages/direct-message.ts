import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerInThread } from '../../answer-flow.js';
import type { SlackDeps } from '../../deps.js';
import { asUserMessage, questionOf } from '../../user-message.js';

/** Any message in a DM with the bot is a question; the prefix and mentions are optional there. */
export function directMessage(deps: SlackDeps) {
  return async ({ event, client, context, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>): Promise<void> => {
    const msg = asUserMessage(event, context.botUserId);
    if (!msg || msg.channelType !== 'im') return;
    await answerInThread(deps, client, logger, questionOf(msg, deps.config.TRIGGER_PREFIX));
  };
}
