import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Config } from '../config.js';
import type { Tokenizer } from '../corpus/types.js';
import { EmbedderMismatchError, ModelLoadError } from '../errors.js';
import type { Embedder } from './embedder.js';
import { HashEmbedder, parseIdfTable } from './hash-embedder.js';
import { createTransformersEmbedder } from './transformers-embedder.js';

let idfCache: Map<string, number> | null = null;
function jiebaIdf(): Map<string, number> {
  if (!idfCache) {
    const require = createRequire(import.meta.url);
    idfCache = parseIdfTable(readFileSync(require.resolve('@node-rs/jieba/idf.txt'), 'utf8'));
  }
  return idfCache;
}

export function createHashEmbedder(tokenizer: Tokenizer, dim?: number): HashEmbedder {
  return new HashEmbedder(tokenizer, jiebaIdf(), dim);
}

export type Log = (line: string) => void;

/**
 * The embedder ingestion builds with. `auto` uses the model only when it is already in MODELS_DIR
 * (no surprise downloads on a first run) and otherwise the offline hash embedder.
 */
export async function createEmbedder(config: Config, tokenizer: Tokenizer, log: Log): Promise<Embedder> {
  if (config.EMBEDDER === 'hash') return createHashEmbedder(tokenizer);
  try {
    return await createTransformersEmbedder({
      model: config.EMBEDDING_MODEL,
      modelsDir: config.MODELS_DIR,
      allowRemote: config.EMBEDDER === 'transformers' && config.ALLOW_REMOTE_MODELS,
      hfEndpoint: config.HF_ENDPOINT,
    });
  } catch (err) {
    if (config.EMBEDDER === 'transformers' || !(err instanceof ModelLoadError)) throw err;
    const hash = createHashEmbedder(tokenizer);
    log(`Embedding model ${config.EMBEDDING_MODEL} is not in ${config.MODELS_DIR}; using the offline ${hash.id} embedder (run \`npm run model:fetch\` to use the model).`);
    return hash;
  }
}

/** The embedder a query must use: exactly the one recorded in the index manifest. */
export async function embedderForIndex(manifest: { id: string; dim: number }, config: Config, tokenizer: Tokenizer): Promise<Embedder> {
  if (manifest.id.startsWith('hash-')) {
    const embedder = createHashEmbedder(tokenizer, manifest.dim);
    if (embedder.id !== manifest.id) throw new EmbedderMismatchError(`Index was built by ${manifest.id}, which this version cannot reproduce. Re-run \`npm run ingest\`.`);
    return embedder;
  }
  if (manifest.id.startsWith('transformers:')) {
    const model = manifest.id.slice('transformers:'.length);
    try {
      const embedder = await createTransformersEmbedder({ model, modelsDir: config.MODELS_DIR, allowRemote: config.ALLOW_REMOTE_MODELS, hfEndpoint: config.HF_ENDPOINT });
      if (embedder.dim !== manifest.dim) {
        throw new EmbedderMismatchError(`Index vectors have dimension ${manifest.dim} but ${model} produces ${embedder.dim}. Re-run \`npm run ingest\`.`);
      }
      return embedder;
    } catch (cause) {
      if (cause instanceof EmbedderMismatchError) throw cause;
      throw new EmbedderMismatchError(`Index was built with ${model}, which cannot be loaded now; queries must use the same embedder. Run \`npm run model:fetch\` or rebuild with EMBEDDER=hash npm run ingest.`, { cause });
    }
  }
  throw new EmbedderMismatchError(`Index was built by an unknown embedder "${manifest.id}". Re-run \`npm run ingest\`.`);
}
