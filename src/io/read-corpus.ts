import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import { decodeArticleBytes } from '../corpus/decode.js';
import { EmptyCorpusError } from '../errors.js';
import { extractDocx, extractPdf } from './documents.js';

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

export const ACCEPTED_EXTENSIONS: readonly string[] = ['.txt', '.md', '.markdown', '.html', '.htm', '.docx', '.pdf'];
/** How deep subfolders are read: deep enough for year/month/zone layouts, bounded against link loops. */
const MAX_DEPTH = 8;

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Every file under `dir`, as paths relative to it, subfolders included, in code-unit order. */
async function listFiles(dir: string, skipped: SkippedFile[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(path.join(dir, rel));
    } catch (err) {
      if (rel === '') throw new EmptyCorpusError(describeDirError(dir, err), { cause: err });
      skipped.push({ path: path.join(dir, rel), reason: `folder not readable: ${errorMessage(err)}` });
      return;
    }
    // Code-unit order, not locale order, so docIds come out identically on every machine.
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      // Editor swap files, .DS_Store, .git and the like are not articles and not worth a warning.
      if (name.startsWith('.')) continue;
      const relPath = rel ? `${rel}/${name}` : name;
      let info;
      try {
        info = await stat(path.join(dir, relPath));
      } catch {
        out.push(relPath);
        continue;
      }
      if (info.isDirectory()) {
        if (depth >= MAX_DEPTH) skipped.push({ path: path.join(dir, relPath), reason: `folder nested more than ${MAX_DEPTH} deep` });
        else await walk(relPath, depth + 1);
      } else out.push(relPath);
    }
  };
  await walk('', 0);
  return out;
}

/**
 * Reads every article under `dir`, subfolders included: a file's docId is its path relative to
 * `dir` without the extension (2024/yueyang), so names repeated across folders stay distinct.
 * One bad file never aborts the run: it lands in `skipped` with a reason the user can act on.
 * Only an unusable directory is an error.
 */
export async function readCorpusDir(dir: string): Promise<CorpusReadResult> {
  const files: CorpusFile[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Map<string, string>();
  const names = await listFiles(dir, skipped);

  for (const name of names) {
    const filePath = path.join(dir, name);

    let info;
    try {
      // stat, not lstat: a symlinked article is still an article.
      info = await stat(filePath);
    } catch (err) {
      skipped.push({ path: filePath, reason: errorMessage(err) });
      continue;
    }
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

    const docId = name.slice(0, name.length - path.extname(name).length);
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

    if (ext === '.docx' || ext === '.pdf') {
      const extracted = ext === '.docx' ? await extractDocx(bytes) : await extractPdf(bytes);
      if (!extracted.ok) {
        skipped.push({ path: filePath, reason: extracted.reason });
        continue;
      }
      seen.set(docId, name);
      files.push({ docId, path: filePath, text: extracted.text, encoding: 'utf-8', format: extracted.format, bytes });
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
