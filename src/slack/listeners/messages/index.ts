import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { directMessage } from './direct-message.js';
import { threadFollowUp } from './thread-follow-up.js';
import { triggerPrefixMessage } from './trigger-prefix.js';

// Each handler sees every message event; their guards are mutually exclusive so a message is answered once.
export function register(app: App, deps: SlackDeps): void {
  app.event('message', triggerPrefixMessage(deps));
  app.event('message', threadFollowUp(deps));
  app.event('message', directMessage(deps));
}
