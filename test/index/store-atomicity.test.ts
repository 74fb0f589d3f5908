import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadQa } from '../../src/app/qa-service.js';
import { ingest } from '../../src/index/ingest.js';
import { currentVersionDir, indexVersion, readIndex, writeIndex, type IndexContents, type IndexToWrite } from '../../src/index/store.js';
import { makeWorkspace, type Workspace } from '../fixtures/index-workspace.js';

const CHILD = fileURLToPath(new URL('../fixtures/ingest-child.ts', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function rewriteOf(contents: IndexContents, writeHnsw: IndexToWrite['writeHnsw']): IndexToWrite {
  return {
    embedder: contents.manifest.embedder,
    corpusFingerprint: contents.manifest.corpusFingerprint,
    articles: contents.articles,
    passages: contents.passages,
    vectors: contents.vectors,
    bm25: contents.bm25,
    userWords: contents.userWords,
    facts: contents.facts,
    writeHnsw,
  };
}

async function answersFromIndex(ws: Workspace): Promise<void> {
  const qa = await loadQa(ws.config);
  const evidence = await qa.engine.evidence('流动红旗');
  expect(evidence.hits[0]?.passage.docId).toBe('000_902f0bdd42ed5ca0');
}

async function leftovers(indexDir: string): Promise<string[]> {
  return (await readdir(indexDir)).filter((e) => e.endsWith('.partial') || /^CURRENT\..*\.tmp$/.test(e));
}

describe('index store: a failed write leaves the published version in service', () => {
  let ws: Workspace;
  let published: string;

  beforeAll(async () => {
    ws = await makeWorkspace('woyaowen-atomic-');
    await ingest({ config: ws.config });
    published = indexVersion(ws.indexDir)!;
  });
  afterAll(() => ws.cleanup());

  it('keeps CURRENT when writing the vector index throws halfway', async () => {
    const contents = readIndex(ws.indexDir);
    expect(() =>
      writeIndex(
        ws.indexDir,
        rewriteOf(contents, () => {
          throw new Error('disk full');
        }),
      ),
    ).toThrow('disk full');
    expect(indexVersion(ws.indexDir)).toBe(published);
    // The half-written version is left as a .partial directory, never as a loadable version.
    const partials = (await readdir(ws.indexDir)).filter((e) => e.endsWith('.partial'));
    expect(partials).toHaveLength(1);
    expect((await readdir(path.join(ws.indexDir, partials[0]))).includes('manifest.json')).toBe(false);
    const again = readIndex(ws.indexDir);
    expect(again.dir).toBe(contents.dir);
    expect(again.passages).toEqual(contents.passages);
    await answersFromIndex(ws);
  });

  it('ignores a stray partial version and a stray pointer temp file', async () => {
    const stray = path.join(ws.indexDir, 'v-1-deadbe.partial');
    await mkdir(stray);
    await writeFile(path.join(stray, 'manifest.json'), '{"formatVersion":1,"embe');
    await writeFile(path.join(ws.indexDir, 'CURRENT.424242.tmp'), 'v-1-deadbe');
    expect(indexVersion(ws.indexDir)).toBe(published);
    expect(readIndex(ws.indexDir).dir).toBe(path.join(ws.indexDir, published));
    await answersFromIndex(ws);
  });

  it('clears the leftovers on the next successful publish', async () => {
    expect((await leftovers(ws.indexDir)).length).toBeGreaterThanOrEqual(3);
    const summary = await ingest({ config: ws.config, force: true });
    expect(summary.upToDate).toBe(false);
    expect(await leftovers(ws.indexDir)).toEqual([]);
    const versions = (await readdir(ws.indexDir)).filter((e) => e.startsWith('v-'));
    // The new version and the one before it (a reader may still be loading it).
    expect(versions.sort()).toEqual([published, indexVersion(ws.indexDir)!].sort());
    await answersFromIndex(ws);
  });

  it('publishes an index that loads even when a write fails in between', async () => {
    const before = readIndex(ws.indexDir);
    const failed = () =>
      writeIndex(
        ws.indexDir,
        rewriteOf(before, () => {
          throw new Error('killed');
        }),
      );
    expect(failed).toThrow('killed');
    const dir = writeIndex(
      ws.indexDir,
      // hnswlib's file of the published version serves for the same vectors.
      rewriteOf(before, (file) => copyFileSync(path.join(before.dir, 'vectors.hnsw'), file)),
    );
    expect(currentVersionDir(ws.indexDir)).toBe(dir);
    expect(readIndex(ws.indexDir).passages).toEqual(before.passages);
    expect(await leftovers(ws.indexDir)).toEqual([]);
    await answersFromIndex(ws);
  });
});

describe('index store: an ingest killed with SIGKILL at a random moment', () => {
  let ws: Workspace;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    ws = await makeWorkspace('woyaowen-kill-');
    await ingest({ config: ws.config });
  });
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = null;
  });
  afterAll(() => ws.cleanup());

  /**
   * Start the looping ingest, wait until it prints `line` (`ingesting`: a build started; `writing`:
   * only the synchronous build-and-publish step is left, some 15–40 ms), then kill it after `delayMs`.
   */
  async function killAfter(line: 'ingesting' | 'writing', delayMs: number): Promise<void> {
    const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CORPUS_DIR: ws.corpusDir, INDEX_DIR: ws.indexDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let out = '';
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.split('\n').includes(line)) resolve();
      });
      proc.on('exit', (code) => reject(new Error(`child exited early (${code}): ${err}`)));
    });
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    proc.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
  }

  it('always leaves a loadable index behind (old or new version)', async () => {
    // Each round starts a child process; on a busy two-core machine that alone can take seconds,
    // so the rounds are few and the limit generous: what is checked is the index left behind.
    for (let round = 0; round < 6; round++) {
      const before = indexVersion(ws.indexDir)!;
      // Most rounds aim at the publishing step, where a crash could do damage; others at any moment.
      if (round % 3 === 2) await killAfter('ingesting', Math.floor(Math.random() * 600));
      else await killAfter('writing', Math.floor(Math.random() * 25));
      const after = indexVersion(ws.indexDir)!;
      const contents = readIndex(ws.indexDir);
      expect(contents.manifest.counts.passages).toBe(contents.passages.length);
      expect(contents.articles.map((a) => a.docId)).toHaveLength(5);
      // CURRENT names a finished version: the one before, or one the child completed.
      expect(after).toMatch(/^v-\d+-[0-9a-f]{6}$/);
      if (after !== before) expect(contents.dir).toBe(path.join(ws.indexDir, after));
      await answersFromIndex(ws);
    }
    const summary = await ingest({ config: ws.config, force: true });
    expect(summary.upToDate).toBe(false);
    expect(await leftovers(ws.indexDir)).toEqual([]);
    expect((await readdir(ws.indexDir)).filter((e) => e.startsWith('v-')).length).toBeLessThanOrEqual(2);
    expect((await readFile(path.join(ws.indexDir, 'CURRENT'), 'utf8')).trim()).toBe(indexVersion(ws.indexDir));
  }, 180_000);
});
