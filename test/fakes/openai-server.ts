import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with one request. */
export interface FakeReply {
  /** Assistant text; sent as one JSON completion, or as SSE chunks when the request asked to stream. */
  text?: string;
  /** HTTP status; anything but 200 sends an OpenAI-style error body. */
  status?: number;
  headers?: Record<string, string>;
  /** Error message for non-200 replies. */
  errorMessage?: string;
  /** Wait this long before sending headers (client timeouts). */
  delayMs?: number;
  /** How to split `text` when streaming; default pieces of 3 characters. */
  chunks?: string[];
  /** Pause between streamed chunks. */
  chunkDelayMs?: number;
  /** Stop streaming after this many chunks and leave the connection open (a stalled stream). */
  stallAfterChunks?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: { model?: string; stream?: boolean; messages?: { role: string; content: string }[] } & Record<string, unknown>;
}

export type FakeHandler = (req: RecordedRequest, index: number) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAi {
  port: number;
  /** Base URL for the SDK, ending in /v1. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Requests being handled right now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/** Replies in order; the last one repeats. */
export function sequence(...replies: FakeReply[]): FakeHandler {
  return (_req, i) => replies[Math.min(i, replies.length - 1)];
}

const PATHS = new Set(['/v1/chat/completions', '/chat/completions']);

/** An OpenAI-compatible chat completions endpoint on 127.0.0.1, scripted per request. */
export async function startFakeOpenAi(handler: FakeHandler | FakeReply): Promise<FakeOpenAi> {
  const handle: FakeHandler = typeof handler === 'function' ? handler : () => handler;
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;
  let nextId = 0;

  const wait = (ms: number, res: ServerResponse) =>
    new Promise<boolean>((resolve) => {
      if (ms <= 0) return resolve(!res.destroyed);
      // A client that gave up (timeout) should not keep the fake busy.
      const onClose = () => {
        clearTimeout(t);
        timers.delete(t);
        resolve(false);
      };
      const t = setTimeout(() => {
        timers.delete(t);
        res.off('close', onClose);
        resolve(!res.destroyed);
      }, ms);
      timers.add(t);
      res.once('close', onClose);
    });

  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `fake server failed: ${String(err)}`, type: 'server_error' } }));
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    res.once('close', () => {
      if (counted) inFlight--;
      counted = false;
    });

    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || !PATHS.has(path)) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } }));
      return;
    }
    let body: RecordedRequest['body'] = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'invalid JSON', type: 'invalid_request_error' } }));
      return;
    }
    const recorded: RecordedRequest = { method: req.method, path, headers: req.headers, body };
    const index = requests.push(recorded) - 1;
    const reply = await handle(recorded, index);

    if (!(await wait(reply.delayMs ?? 0, res))) return;

    const status = reply.status ?? 200;
    const id = `chatcmpl-fake${++nextId}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? 'fake-model';

    if (status !== 200) {
      res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify({ error: { message: reply.errorMessage ?? `fake error ${status}`, type: 'server_error', code: null } }));
      return;
    }

    const text = reply.text ?? '';
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json', ...reply.headers });
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        }),
      );
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...reply.headers });
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '' }, null));
    const pieces = reply.chunks ?? splitText(text, 3);
    for (let i = 0; i < pieces.length; i++) {
      if (reply.stallAfterChunks !== undefined && i >= reply.stallAfterChunks) return;
      if (i > 0 && !(await wait(reply.chunkDelayMs ?? 0, res))) return;
      res.write(chunk({ content: pieces[i] }, null));
    }
    res.write(chunk({}, 'stop'));
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function splitText(text: string, size: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}
