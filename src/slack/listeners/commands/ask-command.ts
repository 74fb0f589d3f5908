import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { renderAnswerMessage, renderBriefMessage, renderNotice } from '../../../render/slack.js';
import { isChannelAllowed } from '../../channels.js';
import { COPY } from '../../copy.js';
import type { SlackDeps } from '../../deps.js';
import { describeError, respondSafely } from '../../ephemeral.js';
import { extractQuestion } from '../../question-text.js';

export type AskCommand = { kind: 'help' } | { kind: 'brief'; query: string } | { kind: 'ask'; question: string };

export function parseAskCommand(text: string): AskCommand {
  const t = extractQuestion(text);
  if (!t || /^(help|帮助|-h|--help|\?|？)$/i.test(t)) return { kind: 'help' };
  const brief = /^简报(?:$|[\s:：]+(.*)$)/.exec(t);
  if (brief) {
    const query = (brief[1] ?? '').trim();
    return query ? { kind: 'brief', query } : { kind: 'help' };
  }
  return { kind: 'ask', question: t };
}

/**
 * The slash command: acknowledged at once (Slack gives us 3 s), then the answer is sent
 * to response_url as an ephemeral message with a button to share it with the channel.
 */
export function askCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, logger }: AllMiddlewareArgs & SlackCommandMiddlewareArgs): Promise<void> => {
    const { config } = deps;
    const parsed = parseAskCommand(command.text ?? '');
    if (parsed.kind === 'help') {
      await ack({ response_type: 'ephemeral', ...renderNotice(COPY.usage(config.ASK_COMMAND, config.TRIGGER_PREFIX)) });
      return;
    }
    if (!isChannelAllowed(config, command.channel_id)) {
      await ack({ response_type: 'ephemeral', ...renderNotice(COPY.channelNotEnabled) });
      return;
    }
    if (!deps.rateLimiter.tryAcquire(command.user_id)) {
      await ack({ response_type: 'ephemeral', ...renderNotice(COPY.rateLimited(deps.rateLimiter.limit)) });
      return;
    }
    const shown = parsed.kind === 'ask' ? parsed.question : `简报 ${parsed.query}`;
    await ack({ response_type: 'ephemeral', text: COPY.searching(shown) });

    const base = { response_type: 'ephemeral', replace_original: false } as const;
    try {
      if (parsed.kind === 'brief') {
        const brief = await deps.qa.brief(parsed.query);
        if (brief === null) {
          await respondSafely(respond, logger, { ...base, ...renderNotice(COPY.briefNotFound(parsed.query)) });
          return;
        }
        const ref = deps.answers.put({ question: shown, brief, user: command.user_id, channel: command.channel_id });
        await respondSafely(respond, logger, { ...base, ...renderBriefMessage(brief, { ref, shareable: true }) });
        return;
      }
      const answer = await deps.qa.ask(parsed.question, { history: [] });
      const ref = deps.answers.put({ question: parsed.question, answer, user: command.user_id, channel: command.channel_id });
      await respondSafely(respond, logger, { ...base, ...renderAnswerMessage(answer, { ref, shareable: true }) });
    } catch (error) {
      logger.error(`${config.ASK_COMMAND} failed: ${describeError(error)}`, error);
      await respondSafely(respond, logger, { ...base, ...renderNotice(COPY.error) });
    }
  };
}
