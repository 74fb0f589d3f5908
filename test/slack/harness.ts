import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger, LogLevel } from '@slack/bolt';
import { loadConfig, type Config } from '../../src/config.js';
import type { Answer, AnswerOptions, QaService } from '../../src/qa/types.js';
import { createSlackApp, type CreateSlackAppOptions, type SlackBot } from '../../src/slack/create-app.js';
import { FakeSlackApi } from '../fakes/slack-api-server.js';

export const SIGNING_SECRET = 'test-signing-secret';

export function yueyangAnswer(question: string): Answer {
  return {
    question,
    answer: '岳阳经开区2024年GDP目标为440亿元，同比增长8.3%。[1] 会议由谭勇主持。[2]',
    abstained: false,
    mode: 'extractive',
    citations: [
      { n: 1, docId: '001_a624ff9043f746f6', passageId: '001_a624ff9043f746f6#3', title: '岳阳经开区召开经济工作会议', source: '岳阳日报', date: '2024-02-20', quote: '今年地区生产总值目标440亿元，同比增长8.3%。' },
      { n: 2, docId: '002_1760d61299c6fb71', passageId: '002_1760d61299c6fb71#1', title: '岳阳经开区一季度讲评会', source: '湖南日报·新湖南客户端', date: '2024-04-10', quote: '谭勇主持会议并讲话。' },
    ],
    retrieved: [],
  };
}

export interface AskCall {
  question: string;
  options?: AnswerOptions & { history?: string[] };
}

/** A QaService with canned answers; records what the surface asked. */
export class FakeQa implements QaService {
  readonly asks: AskCall[] = [];
  readonly briefs: string[] = [];
  delayMs = 0;
  failWith: Error | null = null;
  answerFor: (question: string) => Answer = yueyangAnswer;
  briefFor: (query: string) => string | null = (q) => (q.includes('岳阳') ? `# ${q} 会议简报\n\n- 谭勇（岳阳经开区党工委书记）主持会议 [1]` : null);

  async ask(question: string, options?: AnswerOptions & { history?: string[] }): Promise<Answer> {
    this.asks.push({ question, options });
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failWith) throw this.failWith;
    return this.answerFor(question);
  }

  async brief(query: string): Promise<string | null> {
    this.briefs.push(query);
    return this.briefFor(query);
  }
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  text: string;
}

/** Keeps test output quiet while letting tests assert that something was logged. */
export function captureLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const put = (level: LogEntry['level']) => (...msg: unknown[]) => {
    entries.push({ level, text: msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ') });
  };
  return {
    entries,
    debug: put('debug'),
    info: put('info'),
    warn: put('warn'),
    error: put('error'),
    setLevel: () => undefined,
    getLevel: () => 'debug' as LogLevel,
    setName: () => undefined,
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  const dir = mkdtempSync(join(tmpdir(), 'woyaowen-slack-'));
  return loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PORT: '0',
    FEEDBACK_FILE: join(dir, 'feedback.jsonl'),
    SLACK_RATE_LIMIT_PER_MINUTE: '5',
    ...overrides,
  });
}

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  headers?: Record<string, string>;
  timestamp?: number;
  signature?: string;
}

export interface Harness {
  api: FakeSlackApi;
  qa: FakeQa;
  bot: SlackBot;
  config: Config;
  logger: ReturnType<typeof captureLogger>;
  baseUrl: string;
  /** Sends a signed request to /slack/events; `body` is JSON for events, a form for commands and actions. */
  post(body: string, contentType: string, options?: SendOptions): Promise<Response>;
  event(event: Record<string, unknown>, options?: SendOptions & { eventId?: string }): Promise<Response>;
  command(text: string, options?: SendOptions & { user?: string; channel?: string; responseId?: string }): Promise<Response>;
  action(payload: Record<string, unknown>, options?: SendOptions): Promise<Response>;
  close(): Promise<void>;
}

let eventCounter = 0;

/** The real Bolt app over HTTP on 127.0.0.1, talking to a fake Slack Web API. */
export async function startHarness(
  options: { config?: Record<string, string>; app?: Partial<Omit<CreateSlackAppOptions, 'config' | 'qa'>> } = {},
): Promise<Harness> {
  const api = await new FakeSlackApi().start();
  const qa = new FakeQa();
  const logger = captureLogger();
  const config = testConfig({ SLACK_API_URL: api.apiUrl, ...options.config });
  const bot = await createSlackApp({
    config,
    qa,
    logger,
    receiverOverrides: { host: '127.0.0.1', port: 0 },
    clientOverrides: { retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 } },
    ...options.app,
  });
  const { port } = await bot.start();
  const baseUrl = `http://127.0.0.1:${port}`;

  const post: Harness['post'] = (body, contentType, opts = {}) => {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    return fetch(`${baseUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'Content-Type': contentType,
        'X-Slack-Request-Timestamp': String(timestamp),
        'X-Slack-Signature': opts.signature ?? sign(body, timestamp),
        ...opts.headers,
      },
      body,
    });
  };

  return {
    api,
    qa,
    bot,
    config,
    logger,
    baseUrl,
    post,
    event(event, opts = {}) {
      eventCounter += 1;
      const body = JSON.stringify({
        token: 'legacy',
        team_id: 'T0001',
        api_app_id: 'A0001',
        type: 'event_callback',
        event_id: opts.eventId ?? `Ev${eventCounter}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
        event: { event_ts: event.ts, ...event },
      });
      return post(body, 'application/json', opts);
    },
    command(text, opts = {}) {
      const form = new URLSearchParams({
        token: 'legacy',
        team_id: 'T0001',
        team_domain: 'fake',
        channel_id: opts.channel ?? 'C0001',
        channel_name: 'general',
        user_id: opts.user ?? 'U0001',
        user_name: 'asker',
        command: config.ASK_COMMAND,
        text,
        api_app_id: 'A0001',
        response_url: api.responseUrl(opts.responseId ?? 'cmd'),
        trigger_id: 'trigger',
      });
      return post(form.toString(), 'application/x-www-form-urlencoded', opts);
    },
    action(payload, opts = {}) {
      const form = new URLSearchParams({ payload: JSON.stringify(payload) });
      return post(form.toString(), 'application/x-www-form-urlencoded', opts);
    },
    async close() {
      await bot.stop().catch(() => undefined);
      await api.close();
    },
  };
}

/** A button click on a message the bot posted, as Slack sends it. */
export function buttonClick(args: {
  actionId: string;
  value: string;
  user?: string;
  channel?: string;
  messageTs?: string;
  threadTs?: string;
  ephemeral?: boolean;
  responseUrl: string;
}): Record<string, unknown> {
  const channel = args.channel ?? 'C0001';
  return {
    type: 'block_actions',
    user: { id: args.user ?? 'U0001', username: 'asker', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy',
    team: { id: 'T0001', domain: 'fake' },
    channel: { id: channel, name: 'general' },
    container: args.ephemeral
      ? { type: 'message', message_ts: args.messageTs ?? '1.0', channel_id: channel, is_ephemeral: true }
      : { type: 'message', message_ts: args.messageTs, channel_id: channel, is_ephemeral: false },
    ...(args.ephemeral ? {} : { message: { type: 'message', ts: args.messageTs, thread_ts: args.threadTs, text: 'answer' } }),
    response_url: args.responseUrl,
    trigger_id: 'trigger',
    actions: [{ type: 'button', action_id: args.actionId, block_id: 'b1', value: args.value, action_ts: '1.0', text: { type: 'plain_text', text: 'x' } }],
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
