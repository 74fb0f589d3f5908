import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createSlackApp, type SlackBot } from '../../src/slack/create-app.js';
import { FAKE_BOT, FakeSlackApi } from '../fakes/slack-api-server.js';
import { captureLogger, FakeQa, testConfig } from './harness.js';

/**
 * Socket Mode end to end on loopback: the real Bolt SocketModeReceiver asks the fake Web API
 * (via SLACK_API_URL) for a connection URL, connects to a local WebSocket server speaking
 * Slack's Socket Mode protocol (hello, envelopes, acknowledgements), and answers through the
 * Web API like the HTTP receiver does.
 */

interface Envelope {
  envelope_id: string;
  type: 'events_api' | 'slash_commands' | 'interactive';
  payload: Record<string, unknown>;
  accepts_response_payload?: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

let api: FakeSlackApi;
let wss: WebSocketServer;
let socket: WebSocket | undefined;
let connections = 0;
const acks: Array<{ envelope_id: string; payload?: unknown }> = [];
let bot: SlackBot;
const qa = new FakeQa();
const logger = captureLogger();

async function waitUntil(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function deliver(envelope: Envelope): void {
  if (!socket) throw new Error('the bot is not connected');
  socket.send(JSON.stringify({ accepts_response_payload: false, retry_attempt: 0, retry_reason: '', ...envelope }));
}

function mentionEnvelope(envelopeId: string, eventId: string, ts: string, text: string, retry = 0): Envelope {
  return {
    envelope_id: envelopeId,
    type: 'events_api',
    retry_attempt: retry,
    retry_reason: retry ? 'timeout' : '',
    payload: {
      token: 'unused-in-socket-mode',
      team_id: FAKE_BOT.teamId,
      api_app_id: 'A0001',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_mention', user: 'U0USER1', text: `<@${FAKE_BOT.userId}> ${text}`, ts, channel: 'C0GENERAL', event_ts: ts },
    },
  };
}

beforeAll(async () => {
  api = await new FakeSlackApi().start();
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws) => {
    connections += 1;
    socket = ws;
    ws.on('message', (data) => acks.push(JSON.parse(String(data)) as { envelope_id: string; payload?: unknown }));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'loopback' }, connection_info: { app_id: 'A0001' } }));
  });
  api.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link/?ticket=test`;
  const config = testConfig({ SLACK_API_URL: api.apiUrl, SLACK_APP_TOKEN: 'xapp-1-test' });
  bot = await createSlackApp({ config, qa, logger, clientOverrides: { retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 } } });
  await bot.start();
  await waitUntil(() => socket !== undefined, 'the Socket Mode connection');
});

afterAll(async () => {
  await bot?.stop();
  for (const client of wss?.clients ?? []) client.terminate();
  await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
  await api?.close();
});

describe('Socket Mode over loopback', () => {
  it('runs in socket mode and fetched its WebSocket URL from SLACK_API_URL with the app token', () => {
    expect(bot.mode).toBe('socket');
    expect(api.callsTo('apps.connections.open')).toHaveLength(1);
    expect(connections).toBe(1);
  });

  it('acknowledges a mention envelope and answers it in the thread with citations', async () => {
    deliver(mentionEnvelope('env-mention-1', 'Ev0SOCKET1', '1700000100.000100', '岳阳经开区今年GDP目标是多少？'));
    await waitUntil(() => acks.some((a) => a.envelope_id === 'env-mention-1'), 'the acknowledgement');
    const reply = await api.waitFor((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000100.000100');
    expect(reply.args.channel).toBe('C0GENERAL');
    expect(String(reply.args.text)).toContain('440亿元');
    expect(String(reply.args.text)).toMatch(/\[1\]/);
    expect(qa.asks.map((a) => a.question)).toContain('岳阳经开区今年GDP目标是多少？');
  });

  it('answers a redelivered envelope of the same event only once', async () => {
    const before = qa.asks.length;
    deliver(mentionEnvelope('env-dup-1', 'Ev0SOCKETDUP', '1700000200.000100', '岳阳经开区续建项目有多少个？'));
    deliver(mentionEnvelope('env-dup-2', 'Ev0SOCKETDUP', '1700000200.000100', '岳阳经开区续建项目有多少个？', 1));
    await waitUntil(() => acks.some((a) => a.envelope_id === 'env-dup-2'), 'the second acknowledgement');
    await api.waitFor((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000200.000100');
    // Give a second answer the time it would need to show up.
    await new Promise((r) => setTimeout(r, 300));
    expect(api.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === '1700000200.000100')).toHaveLength(1);
    expect(qa.asks.length - before).toBe(1);
  });

  it('acknowledges a slash command envelope and answers through its response_url', async () => {
    deliver({
      envelope_id: 'env-command-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        command: '/ask',
        text: '岳阳经开区今年GDP目标是多少？',
        user_id: 'U0USER2',
        user_name: 'analyst',
        channel_id: 'C0GENERAL',
        team_id: FAKE_BOT.teamId,
        response_url: api.responseUrl('socket-cmd-1'),
        trigger_id: 'trigger-1',
        api_app_id: 'A0001',
      },
    });
    await waitUntil(() => acks.some((a) => a.envelope_id === 'env-command-1'), 'the command acknowledgement');
    const answer = await api.waitFor((c) => c.method === 'respond:socket-cmd-1' && String(c.args.text ?? '').includes('440亿元'));
    expect(answer.args.response_type).toBe('ephemeral');
  });
});
