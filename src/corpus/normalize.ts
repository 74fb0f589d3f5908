import * as OpenCC from 'opencc-js';

const toSimplifiedConverter = OpenCC.Converter({ from: 'tw', to: 'cn' });
const toTraditionalConverter = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** Full-width forms and dash variants folded to one half-width spelling. */
export function toHalfWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 0x3000) out += ' ';
    else if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (ch === '—' || ch === '–' || ch === '－' || ch === '―' || ch === '─') out += '-';
    else out += ch;
  }
  return out;
}

export function toSimplified(text: string): string {
  return toSimplifiedConverter(text);
}

export function toTraditional(text: string): string {
  return toTraditionalConverter(text);
}

/** The form used for matching everywhere: simplified script, half-width, lowercase latin. */
export function normalizeText(text: string): string {
  return (
    toSimplified(toHalfWidth(text))
      .replace(/[\u00a0\u2002-\u200b]/g, ' ')
      // 1至6月, 1~6月, 1到6月: one spelling of a month range, 1-6月.
      .replace(/(?<!\d)(\d{1,2})\s*月?\s*(?:至|到|~)\s*(\d{1,2})\s*月/g, '$1-$2月')
  );
}

/** True when converting to simplified changes the text noticeably: the writer used traditional script. */
export function isTraditional(text: string): boolean {
  const simplified = toSimplified(text);
  let changed = 0;
  for (let i = 0; i < text.length; i++) if (text[i] !== simplified[i]) changed++;
  return changed >= 1 && changed / Math.max(1, countCjk(text)) >= 0.1;
}

export function countCjk(text: string): number {
  const m = text.match(/[\u3400-\u9fff]/g);
  return m ? m.length : 0;
}
