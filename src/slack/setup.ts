import type { Config } from '../config.js';

export type SlackMode = 'socket' | 'http';

/** Socket Mode when an app-level token is configured; otherwise Slack sends HTTP requests to us. */
export function slackMode(config: Pick<Config, 'SLACK_APP_TOKEN'>): SlackMode {
  return config.SLACK_APP_TOKEN ? 'socket' : 'http';
}

/** Variables still needed before the bot can connect, for the chosen mode. */
export function missingSlackSettings(config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'SLACK_SIGNING_SECRET'>): string[] {
  const missing: string[] = [];
  if (!config.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
  // With neither mode's variable set, either would do: say so rather than pick HTTP's.
  if (!config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) missing.push('SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)');
  return missing;
}

/** What `npm start` prints when it cannot connect: which variables to set, and how to try without Slack. */
export function slackSetupHelp(missing: string[], port: number): string {
  return [
    `The Slack bot is not configured: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.`,
    '',
    'Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN; HTTP mode needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.',
    'Set them in the environment or in .env (see manifest.json to create the Slack app):',
    '  SLACK_BOT_TOKEN=xoxb-...        Bot User OAuth Token (OAuth & Permissions)',
    '  and one of:',
    '  SLACK_APP_TOKEN=xapp-...        Socket Mode (App-Level Token with connections:write); no public URL needed',
    `  SLACK_SIGNING_SECRET=...        HTTP mode: Slack posts to http://<host>:${port}/slack/events (Basic Information)`,
    '',
    'To try the answers without Slack:',
    '  npm run ask -- "岳阳经开区今年GDP目标是多少？"',
    '  npm run chat',
  ].join('\n');
}
