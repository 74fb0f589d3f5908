import type { Logger, RespondFn, types, webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;

export interface EphemeralTarget {
  channel: string;
  user: string;
  threadTs?: string;
}

/** Ephemeral notes never matter enough to fail a handler; a failure is logged and dropped. */
export async function postEphemeralSafely(
  client: WebClient,
  logger: Logger,
  target: EphemeralTarget,
  message: { text: string; blocks?: types.KnownBlock[] },
): Promise<void> {
  try {
    await client.chat.postEphemeral({
      channel: target.channel,
      user: target.user,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    });
  } catch (error) {
    logger.warn(`chat.postEphemeral failed in ${target.channel}: ${describeError(error)}`);
  }
}

export async function respondSafely(
  respond: RespondFn | undefined,
  logger: Logger,
  message: Parameters<RespondFn>[0],
): Promise<void> {
  if (!respond) return;
  try {
    await respond(message);
  } catch (error) {
    logger.warn(`respond() to response_url failed: ${describeError(error)}`);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const data = (error as { data?: { error?: string } }).data;
    return data?.error ? `${error.message} (${data.error})` : error.message;
  }
  return String(error);
}

/** Slack's platform error code (`not_in_channel`, `channel_not_found`, …) if the error carries one. */
export function slackErrorCode(error: unknown): string | undefined {
  return (error as { data?: { error?: string } } | undefined)?.data?.error;
}
