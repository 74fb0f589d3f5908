import type { Config } from '../config.js';
import { IndexBuildError, IndexCorruptError, IndexMissingError } from '../errors.js';
import { ingest } from '../index/ingest.js';
import { readIndex, readManifest, type IndexContents } from '../index/store.js';

/**
 * Build the index when it is missing or stale before answering; `force` rebuilds it regardless
 * (after a load found it corrupt). Ingest's own errors (no usable articles) propagate.
 */
export async function ensureIndex(config: Config, log: (line: string) => void, force = false): Promise<void> {
  let usable = false;
  try {
    readManifest(config.INDEX_DIR);
    usable = !force;
  } catch (err) {
    if (err instanceof IndexMissingError) log('No index yet; building it now…');
    else {
      log(`${(err as Error).message} Rebuilding…`);
      force = true;
    }
  }
  try {
    const summary = await ingest({ config, log, force });
    if (!summary.upToDate) log(`Indexed ${summary.articles.length} articles, ${summary.passages} passages.`);
  } catch (err) {
    // The corpus changed but the new index cannot be written (INDEX_DIR read-only, disk full):
    // the published one still answers, and the user is told why it is not up to date.
    if (!usable || !(err instanceof IndexBuildError)) throw err;
    log(`${err.message} Answering from the existing index, which does not include the latest corpus changes.`);
  }
}

/** The verified index contents, building or rebuilding (when corrupt) first as needed. */
export async function readEnsuredIndex(config: Config, log: (line: string) => void): Promise<IndexContents> {
  await ensureIndex(config, log);
  try {
    return readIndex(config.INDEX_DIR);
  } catch (err) {
    if (!(err instanceof IndexCorruptError)) throw err;
    log(`${err.message} Rebuilding…`);
    await ensureIndex(config, log, true);
    return readIndex(config.INDEX_DIR);
  }
}
