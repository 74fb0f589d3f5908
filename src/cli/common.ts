import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { AppError, UsageError } from '../errors.js';

/** Load config (from the environment, then an optional .env) or exit naming the variable; entry points only. */
export function configOrExit(env: Record<string, string | undefined>): Config {
  // Variables already set win over .env, as process.loadEnvFile leaves them alone.
  // eslint-disable-next-line no-restricted-properties -- shared by the entry points: the one place .env is loaded
  if (env === process.env && existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Turn an error into one plain line on stderr and an exit code; never a stack trace for known errors. */
export function exitWithError(err: unknown, code = 1): never {
  if (err instanceof AppError || err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`Unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(code);
}

/** `npm run passages | head` closes the pipe early; that is the reader's choice, not an error. */
export function exitQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Command-line arguments, or the usage text: `--help` prints it and exits 0; an unknown option
 * or a missing value becomes a UsageError that names it, never a stack trace.
 */
export function parseCliArgs<O extends Options>(options: O, usage: string, args = process.argv.slice(2)): ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h', default: false } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${usage}`, { cause: err });
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return parsed as unknown as ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;
}
