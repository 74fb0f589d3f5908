import { renderAnswerMessage, renderBriefMessage, renderNotice } from '../../../render/slack.js';
import { COPY } from '../../copy.js';
import { ConversationMemory } from '../../conversations.js';
import type { SlackDeps } from '../../deps.js';
import { describeError, respondSafely, slackErrorCode } from '../../ephemeral.js';
import { type ButtonArgs, clickedMessage, replyToClicker } from '../../button-reply.js';

/** 分享到频道: posts a slash-command answer (seen only by the asker) to the channel for everyone. */
export function shareAnswerButton(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, action, body, client, respond, logger } = args;
    await ack();
    const ref = action.value ?? '';
    const entry = deps.answers.get(ref);
    if (!entry) {
      await replyToClicker(args, renderNotice(COPY.expired));
      return;
    }
    const channel = clickedMessage(body).channel ?? entry.channel;
    const sharedBy = { userId: body.user.id, question: entry.question };
    const message = entry.answer
      ? renderAnswerMessage(entry.answer, { ref, sharedBy })
      : renderBriefMessage(entry.brief ?? '', { sharedBy });
    try {
      const posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
      // The shared answer starts a thread people can follow up in, like any other answer.
      if (entry.answer && posted.ts) deps.conversations.remember(ConversationMemory.key(channel, posted.ts), entry.question);
      await respondSafely(respond, logger, { replace_original: true, text: COPY.shared });
    } catch (error) {
      const code = slackErrorCode(error);
      logger.warn(`sharing to ${channel} failed: ${describeError(error)}`);
      const notice = code === 'not_in_channel' || code === 'channel_not_found' ? COPY.shareNotInChannel : COPY.error;
      await replyToClicker(args, renderNotice(notice));
    }
  };
}
