import { configOrExit } from '../cli/common.js';
import { ConfigError } from '../config.js';
import { createSlackApp } from './create-app.js';
import { missingSlackSettings, slackSetupHelp } from './setup.js';

/** `npm start`: the Slack bot. Exit code 2 means "not configured". */
async function main(): Promise<number | undefined> {
  // eslint-disable-next-line no-restricted-properties -- the entry point hands the environment to loadConfig
  const config = configOrExit(process.env);

  const missing = missingSlackSettings(config);
  if (missing.length > 0) {
    console.error(slackSetupHelp(missing, config.PORT));
    return 2;
  }

  // Imported late: loading the index and model is slow, and the help above should not wait for it.
  const { createQaService } = await import('../app/qa-service.js');
  const qa = await createQaService(config, (line) => console.error(line));
  const bot = await createSlackApp({ config, qa });

  // A failed Slack call is logged where it happens; a stray rejection must not take the bot down.
  process.on('unhandledRejection', (reason) => console.error('[error] unhandled rejection:', reason));
  const stop = () => {
    bot.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const { port } = await bot.start();
  console.log(bot.mode === 'socket' ? '我要问 is running (Socket Mode).' : `我要问 is listening on port ${port} at /slack/events (health: /healthz).`);
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = 2;
      return;
    }
    console.error('[error] the Slack bot could not start:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
