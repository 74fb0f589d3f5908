import { ConfigError, loadConfig, type Config } from '../config.js';
import { AppError } from '../errors.js';

/** Load config or exit with the variable named; entry points only. */
export function configOrExit(env: Record<string, string | undefined>): Config {
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
