/**
 * Text out of the office formats meeting materials often come in: Word (.docx) through mammoth,
 * PDF through pdf.js. Paragraphs are kept one per line, as the article parser expects.
 */
import mammoth from 'mammoth';

export interface ExtractedDocument {
  ok: true;
  text: string;
  format: 'docx' | 'pdf';
}

export interface UnreadableDocument {
  ok: false;
  reason: string;
}

export async function extractDocx(bytes: Buffer): Promise<ExtractedDocument | UnreadableDocument> {
  try {
    const { value } = await mammoth.extractRawText({ buffer: bytes });
    const text = value.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
    return text ? { ok: true, text, format: 'docx' } : { ok: false, reason: 'no text in the Word document' };
  } catch (err) {
    return { ok: false, reason: `not a readable Word document (${(err as Error).message})` };
  }
}

interface PdfTextItem {
  str: string;
  hasEOL?: boolean;
  transform?: number[];
}

/**
 * A PDF's text layer, page by page. Lines are rebuilt from the items' positions; a line that ends
 * well short of the page's text width ends its paragraph. A scanned PDF has no text layer: it is
 * reported, not guessed at.
 */
export async function extractPdf(bytes: Buffer): Promise<ExtractedDocument | UnreadableDocument> {
  // The legacy build runs on Node without a DOM; loaded on first use, as most corpora hold no PDF.
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  } catch (err) {
    return { ok: false, reason: `not a readable PDF (${(err as Error).message})` };
  }
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const lines: string[] = [];
      let current = '';
      for (const item of content.items as PdfTextItem[]) {
        if (typeof item.str !== 'string') continue;
        current += item.str;
        if (item.hasEOL) {
          lines.push(current);
          current = '';
        }
      }
      if (current) lines.push(current);
      pages.push(joinWrappedLines(lines));
      page.cleanup();
    }
    const text = pages.join('\n').replace(/\n{3,}/g, '\n\n').trim();
    if (!text) return { ok: false, reason: 'PDF has no text layer (a scan?); run OCR first' };
    return { ok: true, text, format: 'pdf' };
  } finally {
    await doc.destroy();
  }
}

/** PDF lines are wrapped at the page's width: a line that does not end a sentence continues. */
function joinWrappedLines(lines: string[]): string {
  const out: string[] = [];
  let paragraph = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) {
      if (paragraph) out.push(paragraph);
      paragraph = '';
      continue;
    }
    paragraph += line;
    if (/[。！？!?：:]$|^[^，,。]{0,40}$/.test(line)) {
      out.push(paragraph);
      paragraph = '';
    }
  }
  if (paragraph) out.push(paragraph);
  return out.join('\n');
}
