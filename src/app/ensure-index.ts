import type { Config } from '../config.js';
import { IndexMissingError } from '../errors.js';
import { ingest } from '../index/ingest.js';
import { readManifest } from '../index/store.js';

/**
 * Build the index when it is missing or stale before answering. A corrupt index is rebuilt too,
 * after saying so; ingest's own errors (no usable articles) propagate.
 */
export async function ensureIndex(config: Config, log: (line: string) => void): Promise<void> {
  try {
    readManifest(config.INDEX_DIR);
  } catch (err) {
    log(err instanceof IndexMissingError ? 'No index yet; building it now…' : `${(err as Error).message} Rebuilding…`);
  }
  const summary = await ingest({ config, log });
  if (!summary.upToDate) log(`Indexed ${summary.articles.length} articles, ${summary.passages} passages.`);
}
