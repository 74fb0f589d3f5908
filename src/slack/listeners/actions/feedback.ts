import { renderNotice } from '../../../render/slack.js';
import { COPY } from '../../copy.js';
import type { SlackDeps } from '../../deps.js';
import { describeError } from '../../ephemeral.js';
import { type ButtonArgs, clickedMessage, replyToClicker } from '../../button-reply.js';

/** 👍 / 👎 on an answer: one JSONL line per user and vote in FEEDBACK_FILE. */
export function feedbackButton(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, action, body, logger } = args;
    await ack();
    const vote = action.action_id === 'feedback_up' ? 'up' : 'down';
    const entry = deps.answers.get(action.value ?? '');
    if (!entry) {
      await replyToClicker(args, renderNotice(COPY.expired));
      return;
    }
    const user = body.user.id;
    if (entry.votes.get(user) !== vote) {
      const where = clickedMessage(body);
      try {
        await deps.feedback.record({
          question: entry.question,
          answer: entry.answer?.answer ?? entry.brief ?? '',
          vote,
          user,
          channel: where.channel ?? entry.channel,
          ts: where.ts ?? null,
          time: new Date(deps.clock.now()).toISOString(),
        });
        entry.votes.set(user, vote);
      } catch (error) {
        logger.error(`recording feedback failed: ${describeError(error)}`);
        await replyToClicker(args, renderNotice(COPY.feedbackFailed));
        return;
      }
    }
    await replyToClicker(args, renderNotice(COPY.feedbackThanks(vote)));
  };
}
