import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { COPY } from '../../src/slack/copy.js';
import type { RecordedCall } from '../fakes/slack-api-server.js';
import { buttonClick, type Harness, sleep, startHarness } from './harness.js';

type Block = { type: string; text?: unknown; elements?: Array<{ type: string; text?: string; action_id?: string; value?: string }> };

const blocksOf = (call: RecordedCall) => (call.args.blocks ?? []) as Block[];
const blockText = (call: RecordedCall) => JSON.stringify(call.args.blocks ?? []);
const isPost = (c: RecordedCall) => c.method === 'chat.postMessage' && c.status === 200;
const buttonValue = (call: RecordedCall, actionId: string) =>
  blocksOf(call)
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === actionId)?.value;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const mention = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'app_mention',
  user: 'U0001',
  text: `<@UBOT> ${text}`,
  ts: '1700000000.000100',
  channel: 'C0001',
  ...extra,
});

describe('HTTP receiver basics', () => {
  it('answers url_verification with the challenge', async () => {
    h = await startHarness();
    const res = await h.post(JSON.stringify({ type: 'url_verification', token: 't', challenge: 'abc123' }), 'application/json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'abc123' });
  });

  it('serves /healthz', async () => {
    h = await startHarness();
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, mode: 'http' });
  });

  it('rejects a bad signature with 401 and does not answer', async () => {
    h = await startHarness();
    const res = await h.event(mention('岳阳经开区今年GDP目标是多少？'), { signature: 'v0=deadbeef' });
    expect(res.status).toBe(401);
    await sleep(200);
    expect(h.qa.asks).toHaveLength(0);
  });

  it('rejects a request signed more than 5 minutes ago', async () => {
    h = await startHarness();
    const res = await h.event(mention('岳阳经开区今年GDP目标是多少？'), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    await sleep(200);
    expect(h.qa.asks).toHaveLength(0);
  });

  it('called auth.test at start to learn its own ids', async () => {
    h = await startHarness();
    expect(h.api.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);
  });
});

describe('questions in channels', () => {
  it('answers a mention in the thread with [n] citations and numbered sources, showing work with a reaction', async () => {
    h = await startHarness();
    const res = await h.event(mention('岳阳经开区今年GDP目标是多少？'));
    expect(res.status).toBe(200);

    const reply = await h.api.waitFor(isPost);
    expect(reply.args.channel).toBe('C0001');
    expect(reply.args.thread_ts).toBe('1700000000.000100');
    expect(String(reply.args.text)).toContain('440亿元');
    const blocks = blocksOf(reply);
    const markdown = blocks.filter((b) => b.type === 'markdown').map((b) => String(b.text)).join('');
    expect(markdown).toContain('[1]');
    expect(markdown).toContain('[2]');
    const sources = blocks.filter((b) => b.type === 'context').flatMap((b) => b.elements ?? []).map((e) => e.text);
    expect(sources).toContain('[1] 岳阳经开区召开经济工作会议 · 岳阳日报 · 2024-02-20');
    expect(sources).toContain('[2] 岳阳经开区一季度讲评会 · 湖南日报·新湖南客户端 · 2024-04-10');
    expect(buttonValue(reply, 'feedback_up')).toBeTruthy();

    expect(h.qa.asks[0].question).toBe('岳阳经开区今年GDP目标是多少？');
    const add = await h.api.waitFor((c) => c.method === 'reactions.add');
    const remove = await h.api.waitFor((c) => c.method === 'reactions.remove');
    expect(add.args).toMatchObject({ channel: 'C0001', timestamp: '1700000000.000100', name: 'eyes' });
    expect(remove.args).toMatchObject({ name: 'eyes' });
    expect(add.at).toBeLessThanOrEqual(reply.at);
    expect(remove.at).toBeGreaterThanOrEqual(reply.at);
  });

  it('answers a retried event (same event_id, x-slack-retry-num: 1) only once', async () => {
    h = await startHarness();
    const event = mention('岳阳经开区今年GDP目标是多少？');
    await h.event(event, { eventId: 'EvSAME' });
    const retry = await h.event(event, { eventId: 'EvSAME', headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await h.api.waitFor(isPost);
    await sleep(300);
    expect(h.api.calls.filter(isPost)).toHaveLength(1);
    expect(h.qa.asks).toHaveLength(1);
  });

  it('passes earlier questions of the thread as history for a follow-up without a mention', async () => {
    h = await startHarness();
    await h.event(mention('岳阳经开区今年GDP目标是多少？'));
    await h.api.waitFor(isPost);

    await h.event({ type: 'message', channel_type: 'channel', user: 'U0001', text: '那税收目标呢？', ts: '1700000000.000200', thread_ts: '1700000000.000100', channel: 'C0001' });
    const second = await h.api.waitFor((c) => isPost(c) && h!.api.calls.filter(isPost).indexOf(c) === 1);
    expect(second.args.thread_ts).toBe('1700000000.000100');
    expect(h.qa.asks[1]).toMatchObject({ question: '那税收目标呢？', options: { history: ['岳阳经开区今年GDP目标是多少？'] } });
  });

  it('after a restart, reads back a thread it answered in: the follow-up is answered with the thread’s earlier question', async () => {
    h = await startHarness();
    // The thread from before the restart: a question, the bot's answer, a thread this process never saw.
    h.api.threads.set('1700000000.000700', [
      { type: 'message', user: 'U0001', text: '<@UBOT> 岳阳经开区今年GDP目标是多少？', ts: '1700000000.000700' },
      { type: 'message', user: 'UBOT', bot_id: 'BBOT', text: '岳阳经开区今年GDP目标是440亿元。', ts: '1700000000.000701', thread_ts: '1700000000.000700' },
    ]);
    await h.event({ type: 'message', channel_type: 'channel', user: 'U0001', text: '那税收目标呢？', ts: '1700000000.000702', thread_ts: '1700000000.000700', channel: 'C0001' });
    const reply = await h.api.waitFor(isPost);
    expect(reply.args.thread_ts).toBe('1700000000.000700');
    expect(h.qa.asks[0]).toMatchObject({ question: '那税收目标呢？', options: { history: ['岳阳经开区今年GDP目标是多少？'] } });
    expect(h.api.callsTo('conversations.replies')).toHaveLength(1);
  });

  it('ignores replies in threads it has not answered in', async () => {
    h = await startHarness();
    await h.event({ type: 'message', channel_type: 'channel', user: 'U0001', text: '那税收目标呢？', ts: '1700000000.000300', thread_ts: '1700000000.000299', channel: 'C0001' });
    await sleep(300);
    expect(h.qa.asks).toHaveLength(0);
  });

  it('answers a channel message that starts with the trigger prefix, stripped of prefix and punctuation', async () => {
    h = await startHarness();
    await h.event({ type: 'message', channel_type: 'channel', user: 'U0002', text: '我要问：湘江新区讲评会提出了哪些要求', ts: '1700000000.000400', channel: 'C0001' });
    const reply = await h.api.waitFor(isPost);
    expect(reply.args.thread_ts).toBe('1700000000.000400');
    expect(h.qa.asks[0].question).toBe('湘江新区讲评会提出了哪些要求');
  });

  it('does not answer twice when a prefixed message also mentions the bot', async () => {
    h = await startHarness();
    const text = '我要问 <@UBOT> 岳阳经开区今年GDP目标是多少？';
    await h.event({ type: 'message', channel_type: 'channel', user: 'U0001', text, ts: '1700000000.000500', channel: 'C0001' });
    await h.event({ type: 'app_mention', user: 'U0001', text, ts: '1700000000.000500', channel: 'C0001' });
    await h.api.waitFor(isPost);
    await sleep(300);
    expect(h.qa.asks).toHaveLength(1);
  });

  it('answers direct messages in their thread', async () => {
    h = await startHarness();
    await h.event({ type: 'message', channel_type: 'im', user: 'U0003', text: '萍乡经开区一季度项目有多少个？', ts: '1700000000.000600', channel: 'D0001' });
    const reply = await h.api.waitFor(isPost);
    expect(reply.args).toMatchObject({ channel: 'D0001', thread_ts: '1700000000.000600' });
  });

  it("ignores its own messages, other bots' messages and edits", async () => {
    h = await startHarness();
    const base = { channel_type: 'channel', channel: 'C0001', type: 'message' };
    await h.event({ ...base, user: 'UBOT', bot_id: 'BBOT', text: '我要问 岳阳经开区今年GDP目标是多少？', ts: '1.1' });
    await h.event({ ...base, subtype: 'bot_message', bot_id: 'BOTHER', text: '我要问 岳阳经开区今年GDP目标是多少？', ts: '1.2' });
    await h.event({ ...base, user: 'U0009', bot_id: 'BOTHER', text: '我要问 岳阳经开区今年GDP目标是多少？', ts: '1.3' });
    await h.event({ ...base, subtype: 'message_changed', message: { user: 'U0001', text: '我要问 岳阳?', ts: '1.4' }, ts: '1.5' });
    await h.event({ ...base, subtype: 'message_deleted', previous_message: { user: 'U0001', text: '我要问 岳阳?', ts: '1.4' }, ts: '1.6' });
    await sleep(400);
    expect(h.qa.asks).toHaveLength(0);
    expect(h.api.calls.filter(isPost)).toHaveLength(0);
  });

  it('posts the error message in the thread when answering fails, and removes the reaction', async () => {
    h = await startHarness();
    h.qa.failWith = new Error('index exploded');
    await h.event(mention('岳阳经开区今年GDP目标是多少？'));
    const reply = await h.api.waitFor(isPost);
    expect(reply.args.text).toBe(COPY.error);
    expect(reply.args.thread_ts).toBe('1700000000.000100');
    await h.api.waitFor((c) => c.method === 'reactions.remove');
    expect(h.logger.entries.some((e) => e.level === 'error' && e.text.includes('index exploded'))).toBe(true);
  });

  it('posts an abstention ("not found") like any other answer', async () => {
    h = await startHarness();
    h.qa.answerFor = (q) => ({ question: q, answer: '资料中没有找到萍乡经开区2030年GDP目标的信息。', abstained: true, mode: 'extractive', citations: [], retrieved: [] });
    await h.event(mention('萍乡经开区2030年GDP目标？'));
    const reply = await h.api.waitFor(isPost);
    expect(String(reply.args.text)).toContain('资料中没有找到');
  });

  it('limits each user to SLACK_RATE_LIMIT_PER_MINUTE questions with a polite message', async () => {
    h = await startHarness({ config: { SLACK_RATE_LIMIT_PER_MINUTE: '2' } });
    for (let i = 0; i < 3; i += 1) {
      await h.event(mention(`岳阳经开区问题${i}`, { ts: `1700000001.00000${i}` }));
      await sleep(50);
    }
    const limited = await h.api.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(limited.args).toMatchObject({ user: 'U0001', channel: 'C0001', thread_ts: '1700000001.000002', text: COPY.rateLimited(2) });
    await sleep(200);
    expect(h.qa.asks).toHaveLength(2);
    // Another user is not affected.
    await h.event(mention('岳阳经开区问题x', { user: 'U0777', ts: '1700000001.000009' }));
    await h.api.waitFor(() => h!.qa.asks.length === 3);
  });

  it('respects SLACK_ALLOWED_CHANNELS: says so to a mention elsewhere, ignores passive triggers elsewhere', async () => {
    h = await startHarness({ config: { SLACK_ALLOWED_CHANNELS: 'CALLOWED' } });
    await h.event(mention('岳阳经开区今年GDP目标是多少？'));
    const notice = await h.api.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(notice.args.text).toBe(COPY.channelNotEnabled);
    await h.event({ type: 'message', channel_type: 'channel', user: 'U0001', text: '我要问 岳阳？', ts: '1.7', channel: 'C0001' });
    await sleep(300);
    expect(h.qa.asks).toHaveLength(0);
    expect(h.api.calls.filter((c) => c.method === 'chat.postEphemeral')).toHaveLength(1);

    await h.event({ type: 'message', channel_type: 'channel', user: 'U0001', text: '我要问 岳阳？', ts: '1.8', channel: 'CALLOWED' });
    await h.api.waitFor(isPost);
    expect(h.qa.asks).toHaveLength(1);
  });
});

describe('Slack Web API failures', () => {
  it('honours a 429 Retry-After before posting the answer', async () => {
    h = await startHarness();
    h.api.fail('chat.postMessage', { status: 429, retryAfterSeconds: 1, times: 1 });
    await h.event(mention('岳阳经开区今年GDP目标是多少？'));
    const limited = await h.api.waitFor((c) => c.method === 'chat.postMessage' && c.status === 429);
    const reply = await h.api.waitFor(isPost, 8_000);
    expect(reply.at - limited.at).toBeGreaterThanOrEqual(950);
    expect(String(reply.args.text)).toContain('440亿元');
  });

  it('logs a chat.postMessage that keeps failing and keeps serving', async () => {
    h = await startHarness();
    h.api.fail('chat.postMessage', { status: 500, times: Infinity });
    await h.event(mention('岳阳经开区今年GDP目标是多少？'));
    await h.api.waitFor(() => h!.logger.entries.some((e) => e.level === 'error' && e.text.includes('chat.postMessage')), 8_000);
    // At least the initial attempt and one retry of the answer.
    expect(h.api.calls.filter((c) => c.method === 'chat.postMessage').length).toBeGreaterThanOrEqual(2);
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);

    h.api.fail('chat.postMessage', { status: 500, times: 0 });
    await h.event(mention('岳阳经开区税收目标？', { ts: '1700000000.000900' }));
    await h.api.waitFor(isPost);
  });
});

describe('slash command', () => {
  it('acks within 3 s while the answer takes 4 s, then sends it to response_url with a share button', async () => {
    h = await startHarness();
    h.qa.delayMs = 4_000;
    const started = Date.now();
    const res = await h.command('岳阳经开区今年GDP目标是多少？', { responseId: 'slow' });
    const ackMs = Date.now() - started;
    expect(res.status).toBe(200);
    expect(ackMs).toBeLessThan(3_000);
    expect(await res.json()).toMatchObject({ response_type: 'ephemeral', text: COPY.searching('岳阳经开区今年GDP目标是多少？') });

    const answer = await h.api.waitFor((c) => c.method === 'respond:slow', 8_000);
    expect(answer.at - started).toBeGreaterThanOrEqual(3_900);
    expect(answer.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blockText(answer)).toContain('[1]');
    expect(buttonValue(answer, 'share_answer')).toBeTruthy();
  }, 15_000);

  it('shows usage for help or an empty command, without asking', async () => {
    h = await startHarness();
    for (const text of ['', 'help']) {
      const res = await h.command(text);
      const body = (await res.json()) as { text: string; response_type: string };
      expect(body.response_type).toBe('ephemeral');
      expect(body.text).toContain('简报');
      expect(body.text).toContain('/ask');
    }
    expect(h.qa.asks).toHaveLength(0);
  });

  it('answers 简报 <zone> with a brief, and says so when there is none', async () => {
    h = await startHarness();
    await h.command('简报 岳阳经开区', { responseId: 'brief1' });
    const brief = await h.api.waitFor((c) => c.method === 'respond:brief1');
    expect(h.qa.briefs).toEqual(['岳阳经开区']);
    expect(blockText(brief)).toContain('会议简报');

    await h.command('简报 火星新区', { responseId: 'brief2' });
    const none = await h.api.waitFor((c) => c.method === 'respond:brief2');
    expect(none.args.text).toBe(COPY.briefNotFound('火星新区'));
    expect(h.qa.asks).toHaveLength(0);
  });

  it('shares the ephemeral answer to the channel when the button is clicked', async () => {
    h = await startHarness();
    await h.command('岳阳经开区今年GDP目标是多少？', { responseId: 'share' });
    const answer = await h.api.waitFor((c) => c.method === 'respond:share');
    const ref = buttonValue(answer, 'share_answer')!;

    await h.action(buttonClick({ actionId: 'share_answer', value: ref, ephemeral: true, responseUrl: h.api.responseUrl('share-click') }));
    const shared = await h.api.waitFor(isPost);
    expect(shared.args.channel).toBe('C0001');
    expect(shared.args.thread_ts).toBeUndefined();
    expect(blockText(shared)).toContain('<@U0001> 问：');
    expect(blockText(shared)).toContain('[1] 岳阳经开区召开经济工作会议');
    const done = await h.api.waitFor((c) => c.method === 'respond:share-click');
    expect(done.args).toMatchObject({ replace_original: true, text: COPY.shared });
  });

  it('tells the user to invite the bot when sharing to a channel it is not in', async () => {
    h = await startHarness();
    await h.command('岳阳经开区今年GDP目标是多少？', { responseId: 'share2' });
    const ref = buttonValue(await h.api.waitFor((c) => c.method === 'respond:share2'), 'share_answer')!;
    h.api.fail('chat.postMessage', { error: 'not_in_channel', times: 1 });
    await h.action(buttonClick({ actionId: 'share_answer', value: ref, ephemeral: true, responseUrl: h.api.responseUrl('share2-click') }));
    const notice = await h.api.waitFor((c) => c.method === 'respond:share2-click');
    expect(notice.args.text).toBe(COPY.shareNotInChannel);
  });
});

describe('buttons on answers', () => {
  it('records a 👍 click as one JSONL line in FEEDBACK_FILE', async () => {
    h = await startHarness();
    await h.event(mention('岳阳经开区今年GDP目标是多少？'));
    const reply = await h.api.waitFor(isPost);
    const ref = buttonValue(reply, 'feedback_up')!;
    const messageTs = '1800000000.000001';

    const click = buttonClick({ actionId: 'feedback_up', value: ref, user: 'U0042', messageTs, threadTs: '1700000000.000100', responseUrl: h.api.responseUrl('fb') });
    const res = await h.action(click);
    expect(res.status).toBe(200);
    const thanks = await h.api.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(thanks.args).toMatchObject({ user: 'U0042', channel: 'C0001', thread_ts: '1700000000.000100', text: COPY.feedbackThanks('up') });

    // A second identical click is not counted twice.
    await h.action(click);
    await h.api.waitFor(() => h!.api.calls.filter((c) => c.method === 'chat.postEphemeral').length === 2);

    const lines = readFileSync(h.config.FEEDBACK_FILE, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]);
    expect(record).toMatchObject({
      question: '岳阳经开区今年GDP目标是多少？',
      vote: 'up',
      user: 'U0042',
      channel: 'C0001',
      ts: messageTs,
    });
    expect(record.answer).toContain('440亿元');
    expect(new Date(record.time).toString()).not.toBe('Invalid Date');
  });

  it('shows the cited passages for 原文, only to the clicker', async () => {
    h = await startHarness();
    await h.event(mention('岳阳经开区今年GDP目标是多少？'));
    const reply = await h.api.waitFor(isPost);
    const ref = buttonValue(reply, 'show_sources')!;
    await h.action(buttonClick({ actionId: 'show_sources', value: ref, user: 'U0005', messageTs: '1800000000.000001', threadTs: '1700000000.000100', responseUrl: h.api.responseUrl('src') }));
    const quotes = await h.api.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(quotes.args.user).toBe('U0005');
    expect(blockText(quotes)).toContain('今年地区生产总值目标440亿元');
    expect(blockText(quotes)).toContain('谭勇主持会议并讲话');
  });

  it('says an answer has expired when its reference is unknown', async () => {
    h = await startHarness();
    await h.action(buttonClick({ actionId: 'feedback_down', value: 'nope', messageTs: '1.0', responseUrl: h.api.responseUrl('old') }));
    const notice = await h.api.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(notice.args.text).toBe(COPY.expired);
  });
});
