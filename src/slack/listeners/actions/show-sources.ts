import { renderNotice, renderSourceQuotes } from '../../../render/slack.js';
import { COPY } from '../../copy.js';
import type { SlackDeps } from '../../deps.js';
import { replyToClicker, type ButtonArgs } from '../../button-reply.js';

/** 原文: the quoted passages behind each [n], shown only to whoever asked to see them. */
export function showSourcesButton(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const entry = deps.answers.get(args.action.value ?? '');
    await replyToClicker(args, entry?.answer ? renderSourceQuotes(entry.answer) : renderNotice(COPY.expired));
  };
}
