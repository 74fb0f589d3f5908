/**
 * Downloads the configured embedding model into MODELS_DIR so later runs can work offline
 * (ALLOW_REMOTE_MODELS=false). Loading through the real embedder, probe included, proves the
 * copy is complete rather than just present.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { configOrExit, parseCliArgs } from '../src/cli/common.js';
import { ModelLoadError } from '../src/errors.js';
import { createTransformersEmbedder } from '../src/index/transformers-embedder.js';

async function main(): Promise<number> {
  try {
    parseCliArgs({}, '用法：npm run model:fetch\n  把 EMBEDDING_MODEL 下载到 MODELS_DIR，之后可离线使用（需要能访问模型仓库或 HF_ENDPOINT）。');
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const config = configOrExit(process.env);

  const target = path.resolve(config.MODELS_DIR, config.EMBEDDING_MODEL);
  console.log(`Fetching ${config.EMBEDDING_MODEL} into ${target} ...`);
  try {
    const embedder = await createTransformersEmbedder({
      model: config.EMBEDDING_MODEL,
      modelsDir: config.MODELS_DIR,
      allowRemote: true,
      hfEndpoint: config.HF_ENDPOINT,
    });
    await embedder.dispose();
    // transformers.js only warns when it cannot write its cache, so confirm the copy landed.
    if (!existsSync(path.join(target, 'config.json'))) {
      console.error(`The model loaded but no copy was written to ${target}; check that MODELS_DIR is writable.`);
      return 1;
    }
    console.log(`Ready: ${embedder.id} (${embedder.dim} dimensions) in ${target}`);
    return 0;
  } catch (err) {
    const message = err instanceof ModelLoadError ? err.message : `model:fetch failed: ${String(err)}`;
    console.error(message);
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`model:fetch failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
