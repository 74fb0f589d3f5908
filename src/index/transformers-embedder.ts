import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FeatureExtractionPipeline } from '@xenova/transformers';
import { ModelLoadError } from '../errors.js';
import { l2normalize, type EmbedKind, type Embedder } from './embedder.js';

export type Pooling = 'cls' | 'mean';

export interface ModelFamily {
  pooling: Pooling;
  queryPrefix: string;
  passagePrefix: string;
}

const BGE_ZH_QUERY_INSTRUCTION = '为这个句子生成表示以用于检索相关文章：';
const BGE_EN_QUERY_INSTRUCTION = 'Represent this sentence for searching relevant passages: ';

const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';
// Same layout the Hub and its mirrors (HF_ENDPOINT) serve; transformers.js appends the file name.
const REMOTE_PATH_TEMPLATE = '{model}/resolve/{revision}/';

/**
 * How a model family expects to be pooled and prompted, following each model card: bge was
 * trained with [CLS] pooling and an instruction on short queries only; e5 with mean pooling and
 * "query: "/"passage: " on both sides. Anything unrecognised gets mean pooling, which is the
 * safer default for sentence-transformers style models.
 */
export function modelFamily(modelId: string): ModelFamily {
  const name = modelId.toLowerCase().split('/').pop() ?? '';
  const tokens = name.split(/[^a-z0-9]+/).filter(Boolean);

  if (tokens.includes('bge')) {
    // bge-m3 is multilingual and was trained without a query instruction.
    if (tokens.includes('m3')) return { pooling: 'cls', queryPrefix: '', passagePrefix: '' };
    const zh = tokens.includes('zh');
    return { pooling: 'cls', queryPrefix: zh ? BGE_ZH_QUERY_INSTRUCTION : BGE_EN_QUERY_INSTRUCTION, passagePrefix: '' };
  }
  if (tokens.includes('e5')) {
    return { pooling: 'mean', queryPrefix: 'query: ', passagePrefix: 'passage: ' };
  }
  return { pooling: 'mean', queryPrefix: '', passagePrefix: '' };
}

export interface TransformersEmbedderOptions {
  /** Hub id such as `Xenova/bge-small-zh-v1.5`, resolved under `modelsDir` first. */
  model: string;
  modelsDir: string;
  allowRemote: boolean;
  /** Mirror base URL, e.g. https://hf-mirror.com; defaults to the Hugging Face Hub. */
  hfEndpoint?: string;
  batchSize?: number;
}

export class TransformersEmbedder implements Embedder {
  readonly id: string;
  readonly family: ModelFamily;

  /** Use `createTransformersEmbedder`, which finds `dim` by embedding a probe. */
  constructor(
    readonly model: string,
    readonly dim: number,
    private readonly extractor: FeatureExtractionPipeline,
    private readonly batchSize: number,
  ) {
    this.id = `transformers:${model}`;
    this.family = modelFamily(model);
  }

  async embed(texts: string[], kind: EmbedKind): Promise<Float32Array[]> {
    const prefix = kind === 'query' ? this.family.queryPrefix : this.family.passagePrefix;
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize).map((t) => prefix + t);
      for (const v of await embedBatch(this.extractor, this.family.pooling, batch)) {
        if (v.length !== this.dim) throw new Error(`${this.id}: expected ${this.dim} dimensions, got ${v.length}`);
        out.push(v);
      }
    }
    return out;
  }

  /** Releases the ONNX session; the embedder is unusable afterwards. */
  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }
}

async function embedBatch(extractor: FeatureExtractionPipeline, pooling: Pooling, batch: string[]): Promise<Float32Array[]> {
  const tensor = await extractor(batch, { pooling });
  const [rows, dim] = tensor.dims;
  if (tensor.dims.length !== 2 || rows !== batch.length) {
    throw new Error(`expected ${batch.length} pooled embeddings, got a tensor of shape [${tensor.dims.join(', ')}]`);
  }
  const data = tensor.data as Float32Array;
  const vectors: Float32Array[] = [];
  // Copy each row out so callers never share the tensor's buffer.
  for (let r = 0; r < rows; r++) vectors.push(l2normalize(Float32Array.from(data.subarray(r * dim, (r + 1) * dim))));
  return vectors;
}

// The transformers.js `env` is process-global and its typings mark some fields read-only.
interface TransformersEnv {
  localModelPath: string;
  cacheDir: string;
  allowLocalModels: boolean;
  allowRemoteModels: boolean;
  useFSCache: boolean;
  remoteHost: string;
  remotePathTemplate: string;
}

// `env` is read while files are fetched, so two loads with different settings must not interleave.
let loadQueue: Promise<unknown> = Promise.resolve();

export function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<TransformersEmbedder> {
  const run = loadQueue.then(() => load(options));
  loadQueue = run.catch(() => undefined);
  return run;
}

async function load(options: TransformersEmbedderOptions): Promise<TransformersEmbedder> {
  const modelsDir = path.resolve(options.modelsDir);
  const localDir = path.join(modelsDir, options.model);
  const remoteHost = withTrailingSlash(options.hfEndpoint ?? DEFAULT_REMOTE_HOST);
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 16));

  const fail = (reason: string, cause?: unknown): ModelLoadError =>
    new ModelLoadError(
      [
        `Could not load embedding model "${options.model}" from ${localDir} ` +
          (options.allowRemote ? `(download from ${remoteHost} was allowed): ` : '(remote downloads disabled): ') +
          reason,
        (options.allowRemote ? `Check access to ${remoteHost} (or set HF_ENDPOINT to a mirror), or run` : 'Run') +
          ` \`npm run model:fetch\` on a connected machine and copy the result into ${modelsDir}, or set EMBEDDER=hash.`,
      ].join('\n'),
      { cause },
    );

  // Fail before touching onnxruntime when the answer is already known.
  if (!options.allowRemote && !existsSync(path.join(localDir, 'config.json'))) {
    throw fail('no local copy found (config.json is missing).');
  }

  let extractor: FeatureExtractionPipeline;
  try {
    const transformers = await import('@xenova/transformers');
    const env = transformers.env as unknown as TransformersEnv;
    env.localModelPath = modelsDir;
    // Downloads are cached as <cacheDir>/<model>/<file>, the same layout local loading reads.
    env.cacheDir = modelsDir;
    env.useFSCache = true;
    env.allowLocalModels = true;
    env.allowRemoteModels = options.allowRemote;
    env.remoteHost = remoteHost;
    env.remotePathTemplate = REMOTE_PATH_TEMPLATE;
    extractor = (await transformers.pipeline('feature-extraction', options.model)) as FeatureExtractionPipeline;
  } catch (err) {
    throw fail(`${describe(err)}.`, err);
  }

  let dim: number;
  try {
    const [probe] = await embedBatch(extractor, modelFamily(options.model).pooling, ['探针 probe']);
    dim = probe.length;
    if (dim === 0) throw new Error('the model returned an empty embedding');
  } catch (err) {
    await extractor.dispose().catch(() => undefined);
    throw fail(`the model loaded but could not embed a probe text: ${describe(err)}.`, err);
  }
  return new TransformersEmbedder(options.model, dim, extractor, batchSize);
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** One line from an error chain: fetch failures hide the useful part (ENOTFOUND, ECONNREFUSED) in `cause`. */
function describe(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    const firstLine = message.split('\n')[0].trim();
    if (firstLine && !parts.some((p) => p.includes(firstLine))) parts.push(firstLine);
    current = current instanceof Error ? current.cause : undefined;
  }
  const text = parts.join(': ').replace(/[.\s]+$/, '') || 'unknown error';
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
