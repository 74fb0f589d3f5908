import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../fakes/slack-api-server.js';
import { type Harness, startHarness } from './harness.js';

const EVENTS = 500;
const CONCURRENCY = 50;
/** Slack gives up on (and retries) a request not acknowledged within 3 s. */
const ACK_LIMIT_MS = 3_000;
/** Generous: the point is that nothing grows per event without bound. */
const HEAP_GROWTH_LIMIT_MB = 200;

interface Sent {
  eventId: string;
  channel: string;
  ts: string;
  status: number;
  ms: number;
}

const isAnswer = (c: RecordedCall) => c.method === 'chat.postMessage' && c.status === 200;

/** One question per event: a mention or a trigger-prefix message, each user, channel and ts its own mix. */
function eventFor(i: number, prefix: string): { event: Record<string, unknown>; eventId: string } {
  const channel = `CLOAD${i % 7}`;
  const user = `UL${String(i % 97).padStart(3, '0')}`;
  const ts = `1700100000.${String(i).padStart(6, '0')}`;
  const question = `岳阳经开区今年GDP目标是多少？第${i}问`;
  const event =
    i % 2 === 0
      ? { type: 'app_mention', user, text: `<@UBOT> ${question}`, ts, channel }
      : { type: 'message', channel_type: 'channel', user, text: `${prefix} ${question}`, ts, channel };
  return { event, eventId: `EvLoad${i}` };
}

/** Sends every event through at most `concurrency` requests at a time; resolves when all got a response. */
async function burst(h: Harness, count: number, concurrency: number): Promise<Sent[]> {
  const sent: Sent[] = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const { event, eventId } = eventFor(i, h.config.TRIGGER_PREFIX);
      const started = performance.now();
      const res = await h.event(event, { eventId });
      await res.arrayBuffer();
      sent.push({ eventId, channel: String(event.channel), ts: String(event.ts), status: res.status, ms: performance.now() - started });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return sent;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the Bolt HTTP receiver under a burst of 500 questions', () => {
  let h: Harness;
  let sent: Sent[];
  let heapBefore: number;
  let heapAfter: number;

  beforeAll(async () => {
    // The per-user limit is not what is being tested here: set it out of the way.
    h = await startHarness({ config: { SLACK_RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn' } });
    // A little time per answer, so that many are in flight at once.
    h.qa.delayMs = 5;
    // Warm the path once, so the heap comparison is not about first-use allocations.
    await h.event({ type: 'app_mention', user: 'UWARM', text: '<@UBOT> 热身', ts: '1700099999.000001', channel: 'CWARM' }, { eventId: 'EvWarm' });
    await h.api.waitFor(isAnswer);
    heapBefore = process.memoryUsage().heapUsed;
    sent = await burst(h, EVENTS, CONCURRENCY);
    await until(() => h.api.calls.filter(isAnswer).length >= EVENTS + 1, 20_000);
    // Let the last replies settle before looking for duplicates.
    await new Promise((r) => setTimeout(r, 300));
    heapAfter = process.memoryUsage().heapUsed;
  }, 60_000);

  afterAll(() => h?.close());

  it('acknowledges every event with 200', () => {
    // How fast under load is a figure for the bench, not a pass mark on a shared machine; that the
    // ack never waits for the answer is checked below with an answer slower than Slack's limit.
    expect(sent).toHaveLength(EVENTS);
    expect(sent.filter((s) => s.status !== 200)).toEqual([]);
  });


  it('asks every question exactly once and answers each in its own thread exactly once', () => {
    expect(h.qa.asks).toHaveLength(EVENTS + 1);
    const replies = new Map<string, number>();
    for (const c of h.api.calls.filter(isAnswer)) {
      const key = `${String(c.args.channel)}/${String(c.args.thread_ts)}`;
      replies.set(key, (replies.get(key) ?? 0) + 1);
    }
    for (const s of sent) expect(replies.get(`${s.channel}/${s.ts}`), `${s.eventId} in ${s.channel}/${s.ts}`).toBe(1);
    expect(replies.size).toBe(EVENTS + 1);
  });

  it('stays within a bounded amount of memory', () => {
    expect((heapAfter - heapBefore) / 1024 / 1024).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
  });

  it('keeps serving afterwards, and logged no errors', async () => {
    expect(h.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
  });

  it('acknowledges before answering: an answer slower than Slack’s 3 s does not hold the ack', async () => {
    h.qa.delayMs = ACK_LIMIT_MS + 1_000;
    const answersBefore = h.api.calls.filter(isAnswer).length;
    const started = performance.now();
    const res = await h.event({ type: 'app_mention', user: 'USLOW', text: '<@UBOT> 岳阳经开区今年GDP目标是多少？', ts: '1700199999.000001', channel: 'CSLOW' }, { eventId: 'EvSlow' });
    await res.arrayBuffer();
    const ackMs = performance.now() - started;
    expect(res.status).toBe(200);
    // The answer cannot have been posted yet: it takes longer than the ack had.
    expect(h.api.calls.filter(isAnswer).length).toBe(answersBefore);
    expect(ackMs).toBeLessThan(h.qa.delayMs);
    await h.api.waitFor((c) => isAnswer(c) && c.args.channel === 'CSLOW');
    h.qa.delayMs = 5;
  }, 30_000);
});
