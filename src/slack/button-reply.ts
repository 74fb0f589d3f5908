import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, types } from '@slack/bolt';
import { postEphemeralSafely, respondSafely } from './ephemeral.js';

export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** Where the clicked button lives: a real message (has a ts) or an ephemeral one (reachable only via response_url). */
export function clickedMessage(body: BlockAction<ButtonAction>): { channel?: string; ts?: string; threadTs?: string; ephemeral: boolean } {
  const container = body.container as { is_ephemeral?: boolean; message_ts?: string; channel_id?: string } | undefined;
  const ephemeral = Boolean(container?.is_ephemeral) || !body.message;
  const ts = body.message?.ts ?? container?.message_ts;
  const threadTs = (body.message?.thread_ts as string | undefined) ?? ts;
  return { channel: body.channel?.id ?? container?.channel_id, ts, threadTs, ephemeral };
}

/** An answer only the clicking user sees, next to the message they clicked. */
export async function replyToClicker(args: ButtonArgs, message: { text: string; blocks?: types.KnownBlock[] }): Promise<void> {
  const { body, client, respond, logger } = args;
  const where = clickedMessage(body);
  if (where.ephemeral || !where.channel) {
    await respondSafely(respond, logger, { response_type: 'ephemeral', replace_original: false, ...message });
    return;
  }
  await postEphemeralSafely(client, logger, { channel: where.channel, user: body.user.id, threadTs: where.threadTs }, message);
}
