import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerInThread } from '../../src/slack/answer-flow.js';
import { AnswerStore } from '../../src/slack/answer-store.js';
import { BoundedTtlMap, type Clock } from '../../src/slack/bounded-map.js';
import { isChannelAllowed } from '../../src/slack/channels.js';
import { ConversationMemory } from '../../src/slack/conversations.js';
import { COPY } from '../../src/slack/copy.js';
import { createSlackApp } from '../../src/slack/create-app.js';
import type { SlackDeps } from '../../src/slack/deps.js';
import { createFileFeedbackSink, type FeedbackRecord } from '../../src/slack/feedback.js';
import { parseAskCommand } from '../../src/slack/listeners/commands/ask-command.js';
import { threadFollowUp } from '../../src/slack/listeners/messages/thread-follow-up.js';
import { triggerPrefixMessage } from '../../src/slack/listeners/messages/trigger-prefix.js';
import { asUserMessage } from '../../src/slack/user-message.js';
import { createEventDeduper, dedupeEvents } from '../../src/slack/middleware/dedupe.js';
import { extractQuestion, mentionsUser, startsWithPrefix } from '../../src/slack/question-text.js';
import { SlidingWindowRateLimiter } from '../../src/slack/rate-limit.js';
import { missingSlackSettings, slackMode, slackSetupHelp } from '../../src/slack/setup.js';
import { FakeSlackApi } from '../fakes/slack-api-server.js';
import { captureLogger, FakeQa, testConfig } from './harness.js';

class FakeClock implements Clock {
  constructor(public t = 1_700_000_000_000) {}
  now() {
    return this.t;
  }
}

/** Records Web API calls like a WebClient would make them; `failPost` makes chat.postMessage throw. */
function fakeClient(options: { failPost?: boolean } = {}) {
  const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
  const rec = (method: string, fail = false) => async (args: Record<string, unknown>) => {
    calls.push({ method, args });
    if (fail) throw Object.assign(new Error('An API error occurred: internal_error'), { data: { error: 'internal_error' } });
    return { ok: true, ts: '9.9' };
  };
  const client = {
    chat: { postMessage: rec('chat.postMessage', options.failPost), postEphemeral: rec('chat.postEphemeral') },
    reactions: { add: rec('reactions.add'), remove: rec('reactions.remove') },
  };
  return { client: client as never, calls };
}

function deps(overrides: Partial<SlackDeps> = {}, config: Record<string, string> = {}): SlackDeps & { qa: FakeQa; records: FeedbackRecord[] } {
  const clock = new FakeClock();
  const records: FeedbackRecord[] = [];
  const cfg = testConfig(config);
  return {
    config: cfg,
    qa: new FakeQa(),
    clock,
    feedback: { record: async (r) => void records.push(r) },
    answers: new AnswerStore({ clock }),
    conversations: new ConversationMemory({ clock }),
    rateLimiter: new SlidingWindowRateLimiter(cfg.SLACK_RATE_LIMIT_PER_MINUTE, clock),
    records,
    ...overrides,
  } as SlackDeps & { qa: FakeQa; records: FeedbackRecord[] };
}

describe('question text', () => {
  it('strips the bot mention, the prefix, separators and Slack markup', () => {
    expect(extractQuestion('<@UBOT> 岳阳经开区今年GDP目标是多少？')).toBe('岳阳经开区今年GDP目标是多少？');
    expect(extractQuestion('我要问：岳阳经开区GDP', '我要问')).toBe('岳阳经开区GDP');
    expect(extractQuestion('  我要问, <@UBOT|woyaowen>  湘江新区 &amp; 长沙  ', '我要问')).toBe('湘江新区 & 长沙');
    expect(extractQuestion('<#C1|经济> 里说的 <https://x.test|这篇> 是谁主持的？')).toBe('#经济 里说的 这篇 是谁主持的？');
    expect(extractQuestion('<@UBOT>')).toBe('');
  });

  it('detects the prefix and mentions of the bot', () => {
    expect(startsWithPrefix(' 我要问 岳阳', '我要问')).toBe(true);
    expect(startsWithPrefix('请问我要问', '我要问')).toBe(false);
    expect(mentionsUser('hi <@UBOT> x', 'UBOT')).toBe(true);
    expect(mentionsUser('hi <@UOTHER> x', 'UBOT')).toBe(false);
  });
});

describe('slash command parsing', () => {
  it('recognises help, briefs and questions', () => {
    expect(parseAskCommand('')).toEqual({ kind: 'help' });
    expect(parseAskCommand(' HELP ')).toEqual({ kind: 'help' });
    expect(parseAskCommand('帮助')).toEqual({ kind: 'help' });
    expect(parseAskCommand('简报 湘江新区')).toEqual({ kind: 'brief', query: '湘江新区' });
    expect(parseAskCommand('简报：谭勇')).toEqual({ kind: 'brief', query: '谭勇' });
    expect(parseAskCommand('简报')).toEqual({ kind: 'help' });
    expect(parseAskCommand('简报会开了几次？')).toEqual({ kind: 'ask', question: '简报会开了几次？' });
    expect(parseAskCommand('湘江新区讲评会提出了哪些要求')).toEqual({ kind: 'ask', question: '湘江新区讲评会提出了哪些要求' });
  });
});

describe('message filtering', () => {
  const base = { type: 'message', channel: 'C1', channel_type: 'channel', user: 'U1', text: '我要问 x', ts: '1.1' };
  it('keeps people and drops bots, our own posts, edits and system messages', () => {
    expect(asUserMessage(base, 'UBOT')).toMatchObject({ channel: 'C1', user: 'U1', ts: '1.1', threadTs: undefined });
    expect(asUserMessage({ ...base, subtype: 'thread_broadcast', thread_ts: '1.0' }, 'UBOT')?.threadTs).toBe('1.0');
    expect(asUserMessage({ ...base, subtype: 'file_share' }, 'UBOT')).not.toBeNull();
    expect(asUserMessage({ ...base, user: 'UBOT' }, 'UBOT')).toBeNull();
    expect(asUserMessage({ ...base, bot_id: 'B2' }, 'UBOT')).toBeNull();
    for (const subtype of ['bot_message', 'message_changed', 'message_deleted', 'channel_join']) {
      expect(asUserMessage({ ...base, subtype }, 'UBOT')).toBeNull();
    }
    // A thread parent carries thread_ts equal to its own ts: it is not a reply.
    expect(asUserMessage({ ...base, thread_ts: '1.1' }, 'UBOT')?.threadTs).toBeUndefined();
  });

  it('allows every channel with an empty allow-list, DMs always', () => {
    expect(isChannelAllowed({ SLACK_ALLOWED_CHANNELS: [] }, 'C9')).toBe(true);
    expect(isChannelAllowed({ SLACK_ALLOWED_CHANNELS: ['C1'] }, 'C9')).toBe(false);
    expect(isChannelAllowed({ SLACK_ALLOWED_CHANNELS: ['C1'] }, 'C1')).toBe(true);
    expect(isChannelAllowed({ SLACK_ALLOWED_CHANNELS: ['C1'] }, 'D7', 'im')).toBe(true);
  });
});

describe('bounded memory', () => {
  it('expires entries after their TTL and evicts the least recently used beyond the bound', () => {
    const clock = new FakeClock();
    const map = new BoundedTtlMap<string, number>({ maxEntries: 2, ttlMs: 1_000, clock });
    map.set('a', 1);
    map.set('b', 2);
    map.get('a');
    map.set('c', 3);
    expect(map.has('b')).toBe(false);
    expect(map.get('a')).toBe(1);
    clock.t += 1_001;
    expect(map.has('a')).toBe(false);
    expect(map.size).toBeLessThanOrEqual(2);
  });

  it('rate-limits with a sliding one-minute window per user', () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindowRateLimiter(2, clock);
    expect(limiter.tryAcquire('U1')).toBe(true);
    clock.t += 30_000;
    expect(limiter.tryAcquire('U1')).toBe(true);
    expect(limiter.tryAcquire('U1')).toBe(false);
    expect(limiter.tryAcquire('U2')).toBe(true);
    clock.t += 30_001; // the first question left the window
    expect(limiter.tryAcquire('U1')).toBe(true);
    expect(limiter.tryAcquire('U1')).toBe(false);
  });

  it('keeps the last questions of a thread, oldest first', () => {
    const memory = new ConversationMemory();
    const key = ConversationMemory.key('C1', '1.0');
    for (let i = 1; i <= 8; i += 1) memory.remember(key, `q${i}`);
    expect(memory.history(key)).toEqual(['q3', 'q4', 'q5', 'q6', 'q7', 'q8']);
    expect(memory.has(ConversationMemory.key('C1', '2.0'))).toBe(false);
  });
});

describe('event de-duplication middleware', () => {
  it('passes an event_id once, and again only after it expired', async () => {
    const clock = new FakeClock();
    const middleware = dedupeEvents(createEventDeduper({ clock }));
    let passed = 0;
    const run = (eventId: string, retryNum?: number) =>
      middleware({ body: { event_id: eventId }, context: { retryNum }, logger: captureLogger(), next: async () => void (passed += 1) } as never);
    await run('Ev1');
    await run('Ev1', 1);
    await run('Ev2', 2); // a retry we never saw the original of is still handled
    expect(passed).toBe(2);
    clock.t += 60 * 60 * 1000 + 1;
    await run('Ev1');
    expect(passed).toBe(3);
  });
});

describe('answerInThread', () => {
  it('asks with the thread history and replies in the thread', async () => {
    const d = deps();
    const { client, calls } = fakeClient();
    const key = ConversationMemory.key('C1', '1.0');
    d.conversations.remember(key, '岳阳经开区今年GDP目标是多少？');
    await answerInThread(d, client, captureLogger(), { channel: 'C1', user: 'U1', ts: '1.5', threadTs: '1.0', question: '那税收目标呢？' });
    expect(d.qa.asks[0].options?.history).toEqual(['岳阳经开区今年GDP目标是多少？']);
    expect(calls.map((c) => c.method)).toEqual(['reactions.add', 'chat.postMessage', 'reactions.remove']);
    expect(calls[1].args).toMatchObject({ channel: 'C1', thread_ts: '1.0' });
    expect(d.conversations.history(key)).toEqual(['岳阳经开区今年GDP目标是多少？', '那税收目标呢？']);
  });

  it('asks for a question when only the prefix or a mention was sent', async () => {
    const d = deps();
    const { client, calls } = fakeClient();
    await answerInThread(d, client, captureLogger(), { channel: 'C1', user: 'U1', ts: '1.5', question: '' });
    expect(d.qa.asks).toHaveLength(0);
    expect(calls[0].args.text).toBe(COPY.emptyQuestion('我要问', '/ask'));
  });

  it('logs instead of throwing when the reply cannot be posted', async () => {
    const d = deps();
    const { client, calls } = fakeClient({ failPost: true });
    const logger = captureLogger();
    await expect(answerInThread(d, client, logger, { channel: 'C1', user: 'U1', ts: '1.5', question: '岳阳？' })).resolves.toBeUndefined();
    expect(logger.entries.some((e) => e.level === 'error' && e.text.includes('chat.postMessage'))).toBe(true);
    expect(calls.at(-1)?.method).toBe('reactions.remove');
  });
});

describe('message listeners', () => {
  const args = (d: SlackDeps, event: Record<string, unknown>, client: unknown) =>
    ({ event, client, context: { botUserId: 'UBOT' }, logger: captureLogger(), body: {}, payload: event }) as never;

  it('trigger prefix: answers prefixed channel messages only', async () => {
    const d = deps();
    const { client } = fakeClient();
    const handler = triggerPrefixMessage(d);
    await handler(args(d, { type: 'message', channel_type: 'channel', channel: 'C1', user: 'U1', text: '岳阳GDP？', ts: '1.1' }, client));
    await handler(args(d, { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', text: '我要问 岳阳GDP？', ts: '1.2' }, client));
    await handler(args(d, { type: 'message', channel_type: 'channel', channel: 'C1', user: 'U1', text: '我要问 <@UBOT> 岳阳GDP？', ts: '1.3' }, client));
    expect(d.qa.asks).toHaveLength(0);
    await handler(args(d, { type: 'message', channel_type: 'channel', channel: 'C1', user: 'U1', text: '我要问 岳阳GDP？', ts: '1.4' }, client));
    expect(d.qa.asks.map((a) => a.question)).toEqual(['岳阳GDP？']);
  });

  it('thread follow-up: only in threads the bot answered, and not for prefixed messages', async () => {
    const d = deps();
    const { client } = fakeClient();
    const handler = threadFollowUp(d);
    const reply = { type: 'message', channel_type: 'channel', channel: 'C1', user: 'U1', text: '那税收呢？', ts: '1.5', thread_ts: '1.0' };
    await handler(args(d, reply, client));
    expect(d.qa.asks).toHaveLength(0);
    d.conversations.remember(ConversationMemory.key('C1', '1.0'), '岳阳GDP？');
    await handler(args(d, { ...reply, text: '我要问 那税收呢？' }, client));
    expect(d.qa.asks).toHaveLength(0);
    await handler(args(d, reply, client));
    expect(d.qa.asks[0]).toMatchObject({ question: '那税收呢？', options: { history: ['岳阳GDP？'] } });
  });
});

describe('feedback file sink', () => {
  it('appends one JSON line per record, creating the directory, without interleaving', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'woyaowen-fb-')), 'nested', 'feedback.jsonl');
    const sink = createFileFeedbackSink(path);
    const record = (i: number): FeedbackRecord => ({ question: `问题${i}`, answer: '答'.repeat(5_000), vote: i % 2 ? 'up' : 'down', user: 'U1', channel: 'C1', ts: null, time: new Date(0).toISOString() });
    await Promise.all(Array.from({ length: 20 }, (_, i) => sink.record(record(i))));
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(20);
    expect(lines.map((l) => JSON.parse(l).question)).toEqual(Array.from({ length: 20 }, (_, i) => `问题${i}`));
  });
});

describe('setup', () => {
  it('names the variables each mode still needs', () => {
    // With neither mode chosen, either variable would do.
    expect(missingSlackSettings({})).toEqual(['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)']);
    expect(missingSlackSettings({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual(['SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)']);
    expect(missingSlackSettings({ SLACK_APP_TOKEN: 'xapp-1' })).toEqual(['SLACK_BOT_TOKEN']);
    expect(missingSlackSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toEqual([]);
    expect(slackMode({ SLACK_APP_TOKEN: 'xapp-1' })).toBe('socket');
    expect(slackMode({})).toBe('http');
    const help = slackSetupHelp(['SLACK_BOT_TOKEN'], 3000);
    expect(help).toContain('SLACK_BOT_TOKEN');
    expect(help).toContain('SLACK_APP_TOKEN');
    expect(help).toContain('npm run ask -- "');
  });
});

describe('createSlackApp modes', () => {
  it('uses Socket Mode when SLACK_APP_TOKEN is set, learning its ids from auth.test at the configured API URL', async () => {
    const api = await new FakeSlackApi().start();
    try {
      const bot = await createSlackApp({
        config: testConfig({ SLACK_APP_TOKEN: 'xapp-test', SLACK_SIGNING_SECRET: '', SLACK_API_URL: api.apiUrl }),
        qa: new FakeQa(),
        logger: captureLogger(),
      });
      expect(bot.mode).toBe('socket');
      expect(api.callsTo('auth.test')).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it('refuses to build without the settings its mode needs', async () => {
    await expect(createSlackApp({ config: testConfig({ SLACK_BOT_TOKEN: '' }), qa: new FakeQa() })).rejects.toThrow(/SLACK_BOT_TOKEN/);
  });

  it('fails at start-up, not per event, when auth.test rejects the token', async () => {
    const api = await new FakeSlackApi().start();
    try {
      api.fail('auth.test', { error: 'invalid_auth', times: 1 });
      await expect(
        createSlackApp({ config: testConfig({ SLACK_API_URL: api.apiUrl }), qa: new FakeQa(), logger: captureLogger() }),
      ).rejects.toThrow(/SLACK_BOT_TOKEN \(invalid_auth\)/);
    } finally {
      await api.close();
    }
  });

  it('names SLACK_APP_TOKEN when Slack refuses the Socket Mode connection', async () => {
    const api = await new FakeSlackApi().start();
    try {
      api.fail('apps.connections.open', { error: 'invalid_auth', times: Infinity });
      const bot = await createSlackApp({
        config: testConfig({ SLACK_APP_TOKEN: 'xapp-bad', SLACK_SIGNING_SECRET: '', SLACK_API_URL: api.apiUrl }),
        qa: new FakeQa(),
        logger: captureLogger(),
        clientOverrides: { retryConfig: { retries: 0 } },
      });
      await expect(bot.start()).rejects.toThrow(/SLACK_APP_TOKEN \(invalid_auth\)/);
      await bot.stop().catch(() => undefined);
    } finally {
      await api.close();
    }
  });
});
