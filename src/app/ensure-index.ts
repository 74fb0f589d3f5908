import type { Config } from '../config.js';
import { IndexMissingError } from '../errors.js';
import { ingest } from '../index/ingest.js';
import { readIndex, readManifest } from '../index/store.js';

/**
 * Build the index when it is missing or stale before answering. A corrupt index is rebuilt too,
 * after saying so; ingest's own errors (no usable articles) propagate.
 */
export async function ensureIndex(config: Config, log: (line: string) => void): Promise<void> {
  let force = false;
  try {
    readManifest(config.INDEX_DIR);
    // A corrupt file would otherwise pass as "up to date"; checksums are cheap next to answering.
    readIndex(config.INDEX_DIR);
  } catch (err) {
    if (err instanceof IndexMissingError) log('No index yet; building it now…');
    else {
      log(`${(err as Error).message} Rebuilding…`);
      force = true;
    }
  }
  const summary = await ingest({ config, log, force });
  if (!summary.upToDate) log(`Indexed ${summary.articles.length} articles, ${summary.passages} passages.`);
}
