import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import { decodeArticleBytes } from '../corpus/decode.js';
import { EmptyCorpusError } from '../errors.js';

export interface CorpusFile {
  docId: string;
  path: string;
  text: string;
  encoding: string;
  format: string;
  /** The raw bytes, kept so callers can fingerprint a file without reading it twice. */
  bytes: Buffer;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface CorpusReadResult {
  files: CorpusFile[];
  skipped: SkippedFile[];
}

export const ACCEPTED_EXTENSIONS: readonly string[] = ['.txt', '.md', '.markdown', '.html', '.htm'];

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Reads every article in `dir` (not recursive). One bad file never aborts the run:
 * it lands in `skipped` with a reason the user can act on. Only an unusable
 * directory is an error.
 */
export async function readCorpusDir(dir: string): Promise<CorpusReadResult> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new EmptyCorpusError(describeDirError(dir, err), { cause: err });
  }

  // Code-unit order, not locale order, so docIds come out identically on every machine.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const files: CorpusFile[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Map<string, string>();

  for (const name of names) {
    // Editor swap files, .DS_Store and the like are not articles and not worth a warning.
    if (name.startsWith('.')) continue;
    const filePath = path.join(dir, name);

    let info;
    try {
      // stat, not lstat: a symlinked article is still an article.
      info = await stat(filePath);
    } catch (err) {
      skipped.push({ path: filePath, reason: errorMessage(err) });
      continue;
    }
    if (info.isDirectory()) continue;
    if (!info.isFile()) {
      skipped.push({ path: filePath, reason: 'not a regular file' });
      continue;
    }

    const ext = path.extname(name).toLowerCase();
    if (!ACCEPTED_EXTENSIONS.includes(ext)) {
      skipped.push({ path: filePath, reason: ext ? `unsupported file type ${ext}` : 'unsupported file type (no extension)' });
      continue;
    }
    if (info.size > MAX_FILE_BYTES) {
      skipped.push({
        path: filePath,
        reason: `file too large (${formatMb(info.size)} MB, limit ${formatMb(MAX_FILE_BYTES)} MB)`,
      });
      continue;
    }

    const docId = path.basename(name, path.extname(name));
    const earlier = seen.get(docId);
    if (earlier !== undefined) {
      // Two files with one docId would make citations ambiguous; the first in name order wins.
      skipped.push({ path: filePath, reason: `duplicate docId "${docId}" (already read from ${earlier})` });
      continue;
    }

    let bytes: Buffer;
    try {
      bytes = await readFile(filePath);
    } catch (err) {
      skipped.push({ path: filePath, reason: errorMessage(err) });
      continue;
    }

    const decoded = decodeArticleBytes(bytes, name);
    if (!decoded.ok) {
      skipped.push({ path: filePath, reason: decoded.reason });
      continue;
    }
    seen.set(docId, name);
    files.push({ docId, path: filePath, text: decoded.text, encoding: decoded.encoding, format: decoded.format, bytes });
  }

  return { files, skipped };
}

function describeDirError(dir: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return `corpus directory not found: ${dir}`;
  if (code === 'ENOTDIR') return `corpus path is not a directory: ${dir}`;
  return `cannot read corpus directory ${dir}: ${errorMessage(err)}`;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function formatMb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
