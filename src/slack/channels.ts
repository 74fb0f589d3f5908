import type { Config } from '../config.js';

/**
 * SLACK_ALLOWED_CHANNELS limits where the bot speaks in channels. Direct messages are
 * always allowed: they are private to the asker and cannot disturb a channel.
 */
export function isChannelAllowed(config: Pick<Config, 'SLACK_ALLOWED_CHANNELS'>, channel: string, channelType?: string): boolean {
  if (config.SLACK_ALLOWED_CHANNELS.length === 0) return true;
  if (channelType === 'im' || channel.startsWith('D')) return true;
  return config.SLACK_ALLOWED_CHANNELS.includes(channel);
}
