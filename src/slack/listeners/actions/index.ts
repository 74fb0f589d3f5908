import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../../render/slack.js';
import type { SlackDeps } from '../../deps.js';
import { feedbackButton } from './feedback.js';
import { shareAnswerButton } from './share-answer.js';
import { showSourcesButton } from './show-sources.js';

export function register(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_IDS.feedbackUp }, feedbackButton(deps));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_IDS.feedbackDown }, feedbackButton(deps));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_IDS.showSources }, showSourcesButton(deps));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_IDS.share }, shareAnswerButton(deps));
}
