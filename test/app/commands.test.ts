import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureIndex } from '../../src/app/ensure-index.js';
import { IndexBuildError } from '../../src/errors.js';
import { ingest } from '../../src/index/ingest.js';
import { ensureWritableDir, indexVersion } from '../../src/index/store.js';
import type { QaService } from '../../src/qa/types.js';
import { runChat } from '../../scripts/chat.js';
import { makeWorkspace, type Workspace } from '../fixtures/index-workspace.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = (script: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join('scripts', script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

describe('commands behave like commands', () => {
  it.each(['ingest.ts', 'passages.ts', 'chat.ts', 'model-fetch.ts'])('%s --help prints its usage and exits 0, doing nothing else', (script) => {
    const r = run(script, ['--help'], { INDEX_DIR: '/nonexistent/never-created' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^用法：npm run/);
  });

  it('an unknown option is a usage error (exit 2) that names it, for every command', () => {
    for (const script of ['ingest.ts', 'ask.ts', 'brief.ts', 'passages.ts']) {
      const r = run(script, ['--forse']);
      expect(r.status, script).toBe(2);
      expect(r.stderr, script).toContain('--forse');
    }
  });

  it('an INDEX_DIR that cannot be created or written is named at once', () => {
    expect(() => ensureWritableDir('/proc/woyaowen-index')).toThrow(IndexBuildError);
    expect(() => ensureWritableDir('/dev/null/index')).toThrow(/INDEX_DIR \/dev\/null\/index cannot be used/);
  });
});

describe('a read-only index still answers after the corpus changed', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace('woyaowen-readonly-');
    await ingest({ config: ws.config });
  }, 60_000);
  afterAll(() => ws?.cleanup());

  it('the failed rebuild is said, and the published index stays in service', async () => {
    const before = indexVersion(ws.indexDir);
    await writeFile(path.join(ws.corpusDir, '900_new.txt'), '某某经开区召开会议\n3月1日,某某经开区召开会议,部署全年工作。');
    // Root writes anywhere, so the folder is made unwritable another way: the probe file's name
    // is taken by a folder, and writing it fails as on a read-only mount.
    await mkdir(path.join(ws.indexDir, `.write-test-${process.pid}`));
    const lines: string[] = [];
    await ensureIndex(ws.config, (l) => lines.push(l));
    expect(indexVersion(ws.indexDir)).toBe(before);
    expect(lines.join('\n')).toMatch(/INDEX_DIR .* cannot be used: cannot write there .*Answering from the existing index/s);
    // Without a published index there is nothing to fall back on: the error stands.
    await expect(ensureIndex({ ...ws.config, INDEX_DIR: '/dev/null/index' }, () => {})).rejects.toThrow(/INDEX_DIR \/dev\/null\/index/);
  });
});

describe('npm run chat', () => {
  it('exit, quit and 退出 leave without being asked as questions', async () => {
    for (const word of ['exit', 'quit', '退出', '/quit']) {
      const asked: string[] = [];
      const qa = { ask: async (q: string) => (asked.push(q), { question: q, answer: 'x', abstained: false, mode: 'extractive', citations: [], retrieved: [] }) } as unknown as QaService;
      const input = new PassThrough();
      const output = new PassThrough();
      const done = runChat(qa, input, output);
      input.end(`${word}\n岳阳经开区今年GDP目标是多少？\n`);
      await done;
      expect(asked, word).toEqual([]);
    }
  });
});

describe('npm run batch and Ctrl-C', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace('woyaowen-batch-int-');
    await ingest({ config: ws.config });
  }, 60_000);
  afterAll(() => ws?.cleanup());

  it('keeps what was written, says how many and how to resume, and exits 130', async () => {
    const { spawn } = await import('node:child_process');
    const { readFileSync, existsSync } = await import('node:fs');
    const questions = path.join(ws.root, 'many.txt');
    const out = path.join(ws.root, 'out.jsonl');
    // Many more questions than can be answered before the signal arrives.
    await writeFile(questions, Array.from({ length: 5000 }, (_, i) => `岳阳经开区今年GDP目标是多少？第${i}问`).join('\n'));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'batch.ts'), questions, '--out', out], {
      cwd: ROOT,
      env: { ...process.env, CORPUS_DIR: ws.config.CORPUS_DIR, INDEX_DIR: ws.config.INDEX_DIR, EMBEDDER: 'hash' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Signal once the first answers are on disk: the interrupt is deterministic, not timed.
    for (let i = 0; i < 600 && !(existsSync(out) && readFileSync(out, 'utf8').split('\n').filter(Boolean).length >= 3); i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const code = await exited;
    const saved = readFileSync(out, 'utf8').split('\n').filter(Boolean).length;
    expect(code).toBe(130);
    expect(saved).toBeGreaterThanOrEqual(3);
    expect(stderr).toContain(`本次写入 ${saved} 条答案`);
    expect(stderr).toContain('再次运行同一命令即可从未完成的问题继续');
  }, 90_000);
});
