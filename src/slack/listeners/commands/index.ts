import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { askCommand } from './ask-command.js';

export function register(app: App, deps: SlackDeps): void {
  app.command(deps.config.ASK_COMMAND, askCommand(deps));
}
