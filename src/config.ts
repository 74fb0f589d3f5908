import { z } from 'zod';
import { AppError } from './errors.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const ConfigSchema = z.object({
  CORPUS_DIR: z.string().min(1).default('corpus'),
  INDEX_DIR: z.string().min(1).default('data/index'),
  EMBEDDER: z.enum(['auto', 'transformers', 'hash']).default('auto'),
  EMBEDDING_MODEL: z.string().min(1).default('Xenova/bge-small-zh-v1.5'),
  MODELS_DIR: z.string().min(1).default('models'),
  ALLOW_REMOTE_MODELS: bool.default(true),
  HF_ENDPOINT: z.url().optional(),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  OPENAI_MAX_CONCURRENCY: z.coerce.number().int().positive().default(4),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: z.url().optional(),
  SLACK_ALLOWED_CHANNELS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [])),
  SLACK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  FEEDBACK_FILE: z.string().min(1).default('data/feedback.jsonl'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ASK_COMMAND: z.string().regex(/^\/\S+$/, 'must start with / and contain no spaces').default('/ask'),
  TRIGGER_PREFIX: z.string().min(1).default('我要问'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends AppError {
  constructor(
    message: string,
    readonly variables: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Read and validate configuration once, at an entry point. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings in .env files mean "unset", not "invalid".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    const vars = parsed.error.issues.map((i) => String(i.path[0]));
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`, vars);
  }
  return parsed.data;
}
