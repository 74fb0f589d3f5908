import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const root = resolve(import.meta.dirname, '../..');

describe('npm start without Slack settings', () => {
  it('prints which variables to set, points to npm run ask, and exits with code 2', () => {
    // An empty directory, so a developer's .env cannot leak in.
    const cwd = mkdtempSync(join(tmpdir(), 'woyaowen-start-'));
    const env = { PATH: process.env.PATH ?? '', HOME: cwd };
    const run = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'src/slack/app.ts')], { cwd, env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN');
    expect(run.stderr).toContain('SLACK_SIGNING_SECRET');
    expect(run.stderr).toContain('SLACK_APP_TOKEN');
    expect(run.stderr).toContain('npm run ask -- "');
  }, 40_000);
});

describe('manifest.json', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));

  it('declares the bot user, scopes and events the listeners rely on', () => {
    expect(manifest.features.bot_user.display_name).toBe('我要问');
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['app_mentions:read', 'chat:write', 'commands', 'im:history', 'im:read', 'im:write', 'channels:history', 'groups:history', 'reactions:write']),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'message.channels', 'message.groups', 'message.im']));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    // DMs need the messages tab to accept input.
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
  });

  it('registers the default slash command with a usage hint, and every request URL ends in /slack/events', () => {
    const [command] = manifest.features.slash_commands;
    expect(command.command).toBe(loadConfig({}).ASK_COMMAND);
    expect(command.usage_hint).toBeTruthy();
    for (const url of [command.url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url]) {
      expect(url).toMatch(/^https:\/\/.+\/slack\/events$/);
    }
  });
});
