import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the bot made: a Web API method (`chat.postMessage`) or a POST to a response_url (`respond:<id>`). */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  /** HTTP status the fake answered with. */
  status: number;
}

export interface ScriptedFailure {
  /** 429 (with Retry-After) or any HTTP status; or an `ok: false` platform error with status 200. */
  status?: number;
  retryAfterSeconds?: number;
  error?: string;
  /** How many consecutive calls fail; then the method works again. Infinity for always. */
  times: number;
}

export const FAKE_BOT = { userId: 'UBOT', botId: 'BBOT', teamId: 'T0001', user: 'woyaowen' } as const;

/**
 * A local HTTP server speaking enough of the Slack Web API for the bot: it records calls,
 * answers like Slack, and can be scripted to fail. Bolt points at it via SLACK_API_URL.
 */
export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  private readonly failures = new Map<string, ScriptedFailure>();
  /** Messages of threads as conversations.replies returns them, by thread ts: a thread posted before the bot started. */
  readonly threads = new Map<string, Record<string, unknown>[]>();
  private server?: Server;
  private port = 0;
  private tsCounter = 0;
  /** What apps.connections.open hands out: the Socket Mode WebSocket URL. */
  socketUrl = '';
  private waiters: Array<() => void> = [];

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Base URL for SLACK_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/respond/${id}`;
  }

  fail(method: string, failure: ScriptedFailure): void {
    this.failures.set(method, { ...failure });
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  /** Resolves once a call matching `predicate` has been recorded; rejects after `timeoutMs`. */
  async waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs = 5_000): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching Slack call within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const args = parseArgs(req.headers['content-type'] ?? '', body);

    if (url.pathname.startsWith('/respond/')) {
      this.record({ method: `respond:${url.pathname.slice('/respond/'.length)}`, args, at: Date.now(), status: 200 });
      return send(res, 200, { ok: true });
    }
    if (!url.pathname.startsWith('/api/')) return send(res, 404, { ok: false, error: 'unknown_path' });

    const method = url.pathname.slice('/api/'.length);
    const failure = this.failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      if (failure.error) {
        this.record({ method, args, at: Date.now(), status: 200 });
        return send(res, 200, { ok: false, error: failure.error });
      }
      const status = failure.status ?? 500;
      this.record({ method, args, at: Date.now(), status });
      const headers: Record<string, string> = status === 429 ? { 'Retry-After': String(failure.retryAfterSeconds ?? 1) } : {};
      return send(res, status, { ok: false, error: status === 429 ? 'ratelimited' : 'internal_error' }, headers);
    }

    this.record({ method, args, at: Date.now(), status: 200 });
    switch (method) {
      case 'auth.test':
        return send(res, 200, { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: FAKE_BOT.user, team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, bot_id: FAKE_BOT.botId });
      case 'chat.postMessage': {
        const ts = this.nextTs();
        return send(res, 200, { ok: true, channel: args.channel, ts, message: { type: 'message', text: args.text, ts, bot_id: FAKE_BOT.botId } });
      }
      case 'chat.postEphemeral':
        return send(res, 200, { ok: true, message_ts: this.nextTs() });
      case 'conversations.replies':
        return send(res, 200, { ok: true, messages: this.threads.get(String(args.ts)) ?? [], has_more: false });
      case 'apps.connections.open':
        return send(res, 200, this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'not_allowed_token_type' });
      default:
        return send(res, 200, { ok: true });
    }
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1800000000.${String(this.tsCounter).padStart(6, '0')}`;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API client sends forms with JSON-encoded blocks; response_url posts are JSON. */
function parseArgs(contentType: string, body: string): Record<string, unknown> {
  if (!body) return {};
  if (contentType.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(payload));
}
