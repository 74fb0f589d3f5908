import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { renderNotice } from '../../../render/slack.js';
import { answerInThread } from '../../answer-flow.js';
import { isChannelAllowed } from '../../channels.js';
import { COPY } from '../../copy.js';
import type { SlackDeps } from '../../deps.js';
import { postEphemeralSafely } from '../../ephemeral.js';
import { extractQuestion } from '../../question-text.js';

/** `@我要问 问题` in a channel, at top level or inside a thread. */
export function appMention(deps: SlackDeps) {
  return async ({ event, client, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>): Promise<void> => {
    if (event.bot_id || event.subtype || !event.user) return;
    if (!isChannelAllowed(deps.config, event.channel)) {
      // The user addressed the bot directly, so silence would look broken: say why, privately.
      await postEphemeralSafely(client, logger, { channel: event.channel, user: event.user, threadTs: event.thread_ts }, renderNotice(COPY.channelNotEnabled));
      return;
    }
    await answerInThread(deps, client, logger, {
      channel: event.channel,
      user: event.user,
      ts: event.ts,
      threadTs: event.thread_ts,
      question: extractQuestion(event.text, deps.config.TRIGGER_PREFIX),
    });
  };
}
