import { SlackStartError } from '../errors.js';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver, type LogLevel, SocketModeReceiver, type CustomRoute, type Logger, type webApi } from '@slack/bolt';
import { ConfigError, type Config } from '../config.js';
import type { QaService } from '../qa/types.js';
import { AnswerStore } from './answer-store.js';
import { type Clock, systemClock } from './bounded-map.js';
import { ConversationMemory } from './conversations.js';
import type { SlackDeps } from './deps.js';
import { describeError } from './ephemeral.js';
import { createFileFeedbackSink, type FeedbackSink } from './feedback.js';
import { registerListeners } from './listeners/index.js';
import { createEventDeduper, dedupeEvents } from './middleware/dedupe.js';
import { SlidingWindowRateLimiter } from './rate-limit.js';
import { missingSlackSettings, type SlackMode, slackMode } from './setup.js';

export interface CreateSlackAppOptions {
  config: Config;
  qa: QaService;
  /** HTTP mode only: where to listen (tests use host 127.0.0.1, port 0). */
  receiverOverrides?: { host?: string; port?: number; unhandledRequestTimeoutMillis?: number };
  /** Web API client settings, e.g. a fast retry policy in tests. */
  clientOverrides?: Pick<webApi.WebClientOptions, 'retryConfig' | 'timeout' | 'rejectRateLimitedCalls'>;
  clock?: Clock;
  feedbackSink?: FeedbackSink;
  logger?: Logger;
}

export interface SlackBot {
  app: App;
  mode: SlackMode;
  deps: SlackDeps;
  /** Connects (Socket Mode) or listens (HTTP); resolves with the bound port in HTTP mode. */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

/**
 * Slack honours Retry-After on 429s: the client waits that long and tries again
 * (rejectRateLimitedCalls: false). Other failures get a few quick retries, because an
 * answer that arrives half an hour later (the library default) is worse than an error.
 */
export const DEFAULT_RETRY_CONFIG: webApi.RetryOptions = { retries: 3, factor: 2, minTimeout: 1_000, maxTimeout: 8_000, randomize: true };

const HEALTH_PATH = '/healthz';
const EVENTS_PATH = '/slack/events';

/** Builds the Bolt app with all listeners and checks the bot token (auth.test); nothing listens until start(). */
export async function createSlackApp(options: CreateSlackAppOptions): Promise<SlackBot> {
  const { config, qa } = options;
  const missing = missingSlackSettings(config);
  if (missing.length > 0) throw new ConfigError(`Slack is not configured: set ${missing.join(', ')}`, missing);

  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? defaultLogger(config.LOG_LEVEL);
  const mode = slackMode(config);
  const deps: SlackDeps = {
    config,
    qa,
    clock,
    feedback: options.feedbackSink ?? createFileFeedbackSink(config.FEEDBACK_FILE),
    answers: new AnswerStore({ clock }),
    conversations: new ConversationMemory({ clock }),
    rateLimiter: new SlidingWindowRateLimiter(config.SLACK_RATE_LIMIT_PER_MINUTE, clock),
  };

  const healthRoute: CustomRoute = {
    path: HEALTH_PATH,
    method: ['GET'],
    handler: (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok: true, mode }));
    },
  };

  const clientOptions: webApi.WebClientOptions = {
    rejectRateLimitedCalls: false,
    retryConfig: DEFAULT_RETRY_CONFIG,
    timeout: 15_000,
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    ...options.clientOverrides,
  };

  let httpReceiver: HTTPReceiver | undefined;
  let receiver: HTTPReceiver | SocketModeReceiver;
  if (mode === 'socket') {
    // No HTTP routes here: Socket Mode needs no open port, and Bolt's optional server for
    // them has no error handling (a busy PORT would crash the bot).
    // apps.connections.open goes through SLACK_API_URL too (proxies, tests); the socket client
    // keeps its own patient retry policy for reconnecting.
    receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN ?? '',
      logger,
      ...(config.SLACK_API_URL ? { installerOptions: { clientOptions: { slackApiUrl: config.SLACK_API_URL } } } : {}),
    });
  } else {
    httpReceiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET ?? '',
      endpoints: EVENTS_PATH,
      port: config.PORT,
      // Respond to Slack as soon as ack() is called and keep working afterwards:
      // answers can take longer than the 3 s Slack waits for a response.
      processBeforeResponse: false,
      customRoutes: [healthRoute],
      logger,
      ...(options.receiverOverrides?.unhandledRequestTimeoutMillis
        ? { unhandledRequestTimeoutMillis: options.receiverOverrides.unhandledRequestTimeoutMillis }
        : {}),
    });
    receiver = httpReceiver;
  }

  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    receiver,
    socketMode: mode === 'socket',
    logger,
    clientOptions,
    // auth.test runs in init() below, so a bad token fails start-up instead of every event.
    deferInitialization: true,
  });

  app.use(dedupeEvents(createEventDeduper({ clock })));
  registerListeners(app, deps);
  app.error(async (error) => {
    logger.error(`unhandled listener error: ${describeError(error)}`, error);
  });

  await app.init().catch((error: unknown) => {
    throw rejectedToken('SLACK_BOT_TOKEN', 'the Bot User OAuth Token (xoxb-…, OAuth & Permissions)', error);
  });

  return {
    app,
    mode,
    deps,
    async start() {
      if (!httpReceiver) {
        // apps.connections.open is the app-level token's first use: its refusal names that token.
        await app.start().catch((error: unknown) => {
          throw rejectedToken('SLACK_APP_TOKEN', 'the App-Level Token (xapp-…, Basic Information, with connections:write)', error);
        });
        return {};
      }
      const server: Server = await httpReceiver.start({
        port: options.receiverOverrides?.port ?? config.PORT,
        host: options.receiverOverrides?.host,
      });
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      await app.stop();
    },
  };
}

function defaultLogger(level: Config['LOG_LEVEL']): Logger {
  const rank: Record<Config['LOG_LEVEL'], number> = { debug: 0, info: 1, warn: 2, error: 3 };
  const on = (l: Config['LOG_LEVEL']) => rank[l] >= rank[level];
  return {
    debug: (...msg) => void (on('debug') && console.debug('[debug]', ...msg)),
    info: (...msg) => void (on('info') && console.info('[info]', ...msg)),
    warn: (...msg) => void (on('warn') && console.warn('[warn]', ...msg)),
    error: (...msg) => void (on('error') && console.error('[error]', ...msg)),
    setLevel: () => undefined,
    getLevel: () => level as LogLevel,
    setName: () => undefined,
  };
}

const TOKEN_ERRORS = /invalid_auth|not_authed|token_revoked|token_expired|account_inactive|not_allowed_token_type|invalid_token/;

/** A start-up failure that names the variable whose token Slack refused, and where to get a good one. */
function rejectedToken(variable: string, what: string, error: unknown): Error {
  const code = (error as { data?: { error?: string } })?.data?.error ?? (error instanceof Error ? error.message : String(error));
  if (!TOKEN_ERRORS.test(code)) return error instanceof Error ? error : new SlackStartError(String(error));
  const reason = TOKEN_ERRORS.exec(code)?.[0] ?? code;
  return new SlackStartError(`Slack refused ${variable} (${reason}): set it to ${what} of this app.`, { cause: error });
}
