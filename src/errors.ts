/** Small named errors; entry points turn them into messages and exit codes. */
export class AppError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The index directory is missing, incomplete, or does not match its manifest. */
export class IndexCorruptError extends AppError {}

/** Building the vector index failed (out of memory, a crashed builder thread). */
export class IndexBuildError extends AppError {}

/** No index has been built yet. */
export class IndexMissingError extends AppError {}

/** The index was built by a different embedder than the one asked to query it. */
export class EmbedderMismatchError extends AppError {}

/** An embedding model could not be loaded (not downloaded, offline, broken files). */
export class ModelLoadError extends AppError {}

/** Nothing usable could be read from the corpus. */
export class EmptyCorpusError extends AppError {}

/** The language model could not produce an answer after retries. */
export class LlmUnavailableError extends AppError {}

/** A benchmark step failed or ran out of time. */
export class BenchError extends AppError {}

/** Input the user gave cannot be used (empty question, unknown file format). */
export class UsageError extends AppError {}

/** Slack refused a token or a connection at start-up. */
export class SlackStartError extends AppError {}
