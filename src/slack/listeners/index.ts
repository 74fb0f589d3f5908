import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import * as messages from './messages/index.js';

export function registerListeners(app: App, deps: SlackDeps): void {
  events.register(app, deps);
  messages.register(app, deps);
  commands.register(app, deps);
  actions.register(app, deps);
}
