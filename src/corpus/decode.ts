import chardet from 'chardet';
import { convert } from 'html-to-text';
import iconv from 'iconv-lite';

export type ArticleFormat = 'text' | 'markdown' | 'html';

export type DecodeResult =
  | { ok: true; text: string; encoding: string; format: ArticleFormat }
  | { ok: false; reason: string };

/**
 * Turns the raw bytes of one corpus file into a JS string in a known format.
 * Never throws for bad input: files that cannot be used come back with a reason,
 * so one broken article does not stop an ingest.
 */
export function decodeArticleBytes(bytes: Uint8Array, fileName: string): DecodeResult {
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };

  const magic = sniffMagic(bytes);
  if (magic) return { ok: false, reason: `binary file (looks like ${magic})` };

  const extFormat = formatFromExtension(fileName);
  const decoded = decodeText(bytes, extFormat);
  if (!decoded.ok) return decoded;

  const text = decoded.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') return { ok: false, reason: 'empty file' };

  const format: ArticleFormat = extFormat ?? (looksLikeHtmlDocument(text) ? 'html' : 'text');
  const converted = format === 'html' ? htmlToPlainText(text) : format === 'markdown' ? stripMarkdown(text) : text;
  if (converted.trim() === '') return { ok: false, reason: `no text content in ${format} file` };
  return { ok: true, text: converted, encoding: decoded.encoding, format };
}

// ---------------------------------------------------------------------------
// Binary detection

const MAGIC: { label: string; bytes: (number | null)[] }[] = [
  { label: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { label: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
  { label: 'GIF', bytes: [...ascii('GIF8'), null, 0x61] },
  { label: 'PDF', bytes: ascii('%PDF-') },
  // ZIP also covers DOCX/XLSX/EPUB, which people do drop into a corpus folder.
  { label: 'ZIP', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { label: 'ZIP', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { label: 'ZIP', bytes: [0x50, 0x4b, 0x07, 0x08] },
  { label: 'GZIP', bytes: [0x1f, 0x8b] },
  { label: '7Z', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { label: 'RAR', bytes: [...ascii('Rar!'), 0x1a, 0x07] },
  { label: 'BZIP2', bytes: [...ascii('BZh'), null, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59] },
  // Legacy .doc/.xls/.ppt: the most likely non-text "article" after PDF.
  { label: 'MS Office (OLE2)', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { label: 'ELF executable', bytes: [0x7f, ...ascii('ELF')] },
  { label: 'WebP', bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')] },
];

function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

function sniffMagic(bytes: Uint8Array): string | null {
  for (const { label, bytes: sig } of MAGIC) {
    if (bytes.length < sig.length) continue;
    if (sig.every((b, i) => b === null || bytes[i] === b)) return label;
  }
  return null;
}

const BINARY_SAMPLE = 64 * 1024;

/** Share of C0 control characters that no text file has, NUL aside (that alone is decisive). */
function controlRatio(units: ArrayLike<number>, length: number): number {
  let control = 0;
  for (let i = 0; i < length; i++) {
    const c = units[i];
    // Tab, LF, VT, FF, CR are layout; ESC is needed by ISO-2022 encodings.
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1b) || c === 0x7f) control++;
  }
  return length === 0 ? 0 : control / length;
}

const MAX_CONTROL_RATIO = 0.05;

function looksBinaryBytes(bytes: Uint8Array): boolean {
  if (bytes.indexOf(0) !== -1) return true;
  return controlRatio(bytes, Math.min(bytes.length, BINARY_SAMPLE)) > MAX_CONTROL_RATIO;
}

function looksBinaryText(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const n = Math.min(text.length, BINARY_SAMPLE);
  const codes = new Uint16Array(n);
  for (let i = 0; i < n; i++) codes[i] = text.charCodeAt(i);
  return controlRatio(codes, n) > MAX_CONTROL_RATIO;
}

// ---------------------------------------------------------------------------
// Encoding

type Decoded = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

const UNREADABLE = { ok: false, reason: 'unreadable text encoding' } as const;
const BINARY = { ok: false, reason: 'binary file' } as const;

function decodeText(bytes: Uint8Array, extFormat: ArticleFormat | null): Decoded {
  const bom = decodeWithBom(bytes);
  if (bom) return bom;

  if (looksBinaryBytes(bytes)) return BINARY;

  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { ok: true, text: utf8, encoding: 'utf-8' };

  // A page's own charset declaration beats statistics, as it does in browsers.
  if (extFormat === 'html' || extFormat === null) {
    const declared = declaredHtmlCharset(bytes);
    if (declared) {
      const text = iconv.decode(toBuffer(bytes), declared);
      if (passesQualityGate(text)) return { ok: true, text, encoding: labelFor(declared, bytes) };
    }
  }

  return guessLegacyEncoding(bytes);
}

function decodeWithBom(bytes: Uint8Array): Decoded | null {
  const b = bytes;
  let label: string | null = null;
  let skip = 0;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) [label, skip] = ['utf-8', 3];
  // UTF-32 LE's BOM begins with UTF-16 LE's, so it has to be checked first.
  else if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00) [label, skip] = ['utf-32le', 4];
  else if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff) [label, skip] = ['utf-32be', 4];
  else if (b[0] === 0xff && b[1] === 0xfe) [label, skip] = ['utf-16le', 2];
  else if (b[0] === 0xfe && b[1] === 0xff) [label, skip] = ['utf-16be', 2];
  if (!label) return null;

  const body = b.subarray(skip);
  let text: string;
  if (label === 'utf-8') {
    const t = strictUtf8(body);
    if (t === null) return UNREADABLE;
    text = t;
  } else if (label.startsWith('utf-16')) {
    try {
      text = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      return UNREADABLE;
    }
  } else {
    text = iconv.decode(toBuffer(body), label, { stripBOM: false });
    if (!passesQualityGate(text)) return UNREADABLE;
  }
  // NUL and control bytes are normal inside UTF-16/32, so binary-ness is judged on characters.
  if (looksBinaryText(text)) return BINARY;
  return { ok: true, text, encoding: label };
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return null;
  }
}

function declaredHtmlCharset(bytes: Uint8Array): string | null {
  const head = iconv.decode(toBuffer(bytes.subarray(0, 4096)), 'latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  if (!m) return null;
  const name = m[1].toLowerCase();
  // Pages labelled gb2312 are routinely GBK in practice (browsers decode them so too).
  if (name === 'gb2312' || name === 'gbk' || name === 'x-gbk' || name === 'gb18030') return 'gb18030';
  if (name === 'utf-8' || name === 'utf8') return null;
  return iconv.encodingExists(name) ? name : null;
}

/** Chardet names whose iconv-lite spelling is just the lower-cased name, minus those that never apply here. */
function iconvNameFor(chardetName: string): string | null {
  const name = chardetName.toLowerCase();
  if (name === 'ascii' || name === 'utf-8' || name === 'utf-32') return null;
  return iconv.encodingExists(name) ? name : null;
}

const GB_FAMILY = 'gb18030';
const BIG5 = 'big5';
/**
 * Chardet is trusted outright only when it is confident and alone at the top. On short
 * Chinese text it scores every CJK encoding 10, rates GBK as EUC-JP/EUC-KR at 100, or
 * even prefers ISO-8859-1, so anything less gets the content check below.
 */
const SURE_CONFIDENCE = 90;
const SURE_MARGIN = 20;
const CHARDET_SAMPLE = 256 * 1024;
/** Chardet's opinion only breaks ties between decodings that read equally well. */
const CHARDET_PRIOR_WEIGHT = 0.001;

function guessLegacyEncoding(bytes: Uint8Array): Decoded {
  const sample = bytes.subarray(0, CHARDET_SAMPLE);
  const matches = chardet
    .analyse(sample)
    .map((m) => ({ name: iconvNameFor(m.name), confidence: m.confidence }))
    .filter((m): m is { name: string; confidence: number } => m.name !== null);

  const top = matches[0];
  const sure =
    top !== undefined &&
    top.confidence >= SURE_CONFIDENCE &&
    matches.every((m) => m === top || top.confidence - m.confidence >= SURE_MARGIN);
  if (sure) {
    const text = iconv.decode(toBuffer(bytes), top.name);
    if (passesQualityGate(text)) return { ok: true, text, encoding: labelFor(top.name, bytes) };
  }

  // Let the text decide: the right decoding is the one that reads like Chinese.
  // GB comes first so that a dead heat goes to the mainland encoding this corpus mostly uses.
  const prior = new Map(matches.map((m) => [m.name, m.confidence]));
  const candidates = [...new Set([GB_FAMILY, BIG5, ...matches.map((m) => m.name)])];
  const sampleBuf = toBuffer(sample);
  let best: { name: string; score: number } | null = null;
  for (const name of candidates) {
    const text = iconv.decode(sampleBuf, name);
    if (!passesQualityGate(text)) continue;
    const score = readabilityScore(text) + CHARDET_PRIOR_WEIGHT * (prior.get(name) ?? 0);
    if (!best || score > best.score) best = { name, score };
  }
  if (!best) return UNREADABLE;
  const text = iconv.decode(toBuffer(bytes), best.name);
  if (!passesQualityGate(text)) return UNREADABLE;
  return { ok: true, text, encoding: labelFor(best.name, bytes) };
}

/** Report GBK when the GB18030 decoder was only needed for its GBK subset; it tells the user what their tool wrote. */
function labelFor(iconvName: string, bytes: Uint8Array): string {
  if (iconvName !== GB_FAMILY) return iconvName;
  return hasGb18030FourByteSequence(bytes) ? 'gb18030' : 'gbk';
}

function hasGb18030FourByteSequence(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length - 1; ) {
    const b = bytes[i];
    if (b < 0x80) i++;
    else if (b >= 0x81 && b <= 0xfe && bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39) return true;
    else i += 2;
  }
  return false;
}

/** Replacement characters and C1 controls are what a wrong decoder leaves behind. */
function badCharCount(text: string): number {
  const m = text.match(/[\uFFFD\u0080-\u009F]/g);
  return m ? m.length : 0;
}

function passesQualityGate(text: string): boolean {
  const bad = badCharCount(text);
  // One stray byte is tolerable in a long article; garbage throughout is not.
  return bad <= Math.max(1, text.length * 0.01) && bad < text.length;
}

// The most frequent characters of news Chinese, in both scripts: a wrong CJK decoding
// still yields valid but rare characters, and rarely these.
const COMMON_CJK = new Set(
  Array.from(
    '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研信市省项目' +
      '這為個國們時來對會發動過說產種後學進著電裡現實兩體機當點從業應開還間樣與關線內數麼質氣變條沒結問無軍員總設長頭資邊級圖統將組見計別論運農幾區強決戰據處於經濟項',
  ),
);

/** Full-width punctuation and the ideographic space; GBK and Big5 put them at different byte values. */
const COMMON_PUNCT = new Set(Array.from('\u3000，。、：；？！“”‘’（）《》…—·'));

/**
 * Share of non-ASCII characters that are everyday Chinese. Wrong decodings of the same
 * bytes give rare hanzi, Hangul, kana or Latin-1 symbols instead, which all score zero.
 */
function readabilityScore(text: string): number {
  let nonAscii = 0;
  let common = 0;
  let privateUse = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80 || c === 0xfffd) continue;
    nonAscii++;
    if (COMMON_CJK.has(ch) || COMMON_PUNCT.has(ch)) common++;
    else if (c >= 0xe000 && c <= 0xf8ff) privateUse++;
  }
  const badRatio = badCharCount(text) / Math.max(1, text.length);
  if (nonAscii === 0) return -badRatio;
  return (common - 2 * privateUse) / nonAscii - badRatio;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// ---------------------------------------------------------------------------
// Format

function formatFromExtension(fileName: string): ArticleFormat | null {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  // Plain text may legitimately contain stray tags (the seeds do); only a separate cleaning step should touch them.
  if (ext === 'txt') return 'text';
  return null;
}

function looksLikeHtmlDocument(text: string): boolean {
  return /^\s*<(!doctype\s+html|html[\s>])/i.test(text);
}

const HTML_OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'template', format: 'skip' },
    { selector: 'svg', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'a', options: { ignoreHref: true } },
    // Only reached when a page has no <body>; otherwise the title would run into the first line.
    { selector: 'title', format: 'block', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
      selector,
      options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 2 },
    })),
    // Older Chinese news sites lay out whole articles in tables; cells must not run together.
    { selector: 'table', options: { uppercaseHeaderCells: false } },
    { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'td', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'th', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
  ],
};

function htmlToPlainText(html: string): string {
  return tidyBlankLines(convert(html, HTML_OPTIONS));
}

function tidyBlankLines(text: string): string {
  return text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// Placeholder for backslash-escaped markup so the emphasis rules do not see it.
const ESC_OPEN = '\uE000';
const ESC_CLOSE = '\uE001';

function stripMarkdown(md: string): string {
  const out: string[] = [];
  let inFence = false;
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (/^\s{0,3}(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(line);
      continue;
    }
    // Setext underline or thematic break: syntax only, carries no text.
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line) || /^\s{0,3}=+\s*$/.test(line)) continue;
    // Reference-style link definitions are URLs, not prose.
    if (/^\s{0,3}\[[^\]]+\]:\s*\S+/.test(line)) continue;
    if (/^\s*(!\[[^\]]*\]\([^)]*\)\s*)+$/.test(line)) continue;

    line = line.replace(/\\([\\`*_{}[\]()#+\-.!~>|])/g, (_, c: string) => `${ESC_OPEN}${c.charCodeAt(0)}${ESC_CLOSE}`);
    // Chinese writers often omit the space after the hashes ("#标题"); accept that when a CJK character follows.
    if (/^\s{0,3}#{1,6}(\s|[\u3400-\u9fff])/.test(line)) line = line.replace(/^(\s{0,3})#{1,6}\s*/, '$1').replace(/\s+#+\s*$/, '');
    line = line.replace(/^(\s{0,3})(>\s?)+/, '$1');
    line = line.replace(/!\[[^\]]*\]\([^)]*\)/g, '');
    line = line.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    line = line.replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1');
    line = line.replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1');
    line = line.replace(/`([^`]+)`/g, '$1');
    line = line.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2');
    line = line.replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1');
    line = line.replace(/\*(?=[^\s*])([^*\n]*?[^\s*])\*/g, '$1');
    // Underscores inside identifiers (snake_case) are not emphasis.
    line = line.replace(/(?<![A-Za-z0-9_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![A-Za-z0-9_])/g, '$1');
    line = line.replace(new RegExp(`${ESC_OPEN}(\\d+)${ESC_CLOSE}`, 'g'), (_, code: string) => String.fromCharCode(Number(code)));
    out.push(line);
  }
  return tidyBlankLines(out.join('\n'));
}
