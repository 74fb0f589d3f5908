import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { BoundedTtlMap, type Clock } from '../bounded-map.js';

/**
 * Slack re-delivers an event (with x-slack-retry-num) when it did not see our ack in time,
 * and may deliver the same event_id more than once. Each event_id is handled once; ids are
 * remembered for an hour, within a fixed number of entries.
 */
export function createEventDeduper(options: { clock?: Clock; ttlMs?: number; maxEntries?: number } = {}): BoundedTtlMap<string, true> {
  return new BoundedTtlMap<string, true>({
    ttlMs: options.ttlMs ?? 60 * 60 * 1000,
    maxEntries: options.maxEntries ?? 20_000,
    clock: options.clock,
  });
}

export function dedupeEvents(seen: BoundedTtlMap<string, true>): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, logger, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string') {
      if (seen.has(eventId)) {
        logger.debug(`ignoring duplicate event ${eventId} (retry ${context.retryNum ?? 0}, ${context.retryReason ?? 'no reason'})`);
        return;
      }
      // A retry of an id we never saw (e.g. we restarted mid-request) is still answered.
      seen.set(eventId, true);
    }
    await next();
  };
}
