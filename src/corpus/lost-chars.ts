import { pinyin } from 'pinyin-pro';
import type { LostCharResolver } from './clean.js';
import { toSimplified } from './normalize.js';

function readings(ch: string): string[] {
  return pinyin(ch, { type: 'array', multiple: true, toneType: 'symbol' }) as string[];
}

/**
 * Recovers a character whose pinyin survived the mojibake (`日?bào)` → 日報): the character must
 * read as the hint and form a dictionary word with a neighbour. Only a unique candidate is used;
 * it is returned in simplified script and the caller restores the article's script.
 */
export function lexiconResolver(words: Iterable<string>): LostCharResolver {
  const after = new Map<string, Set<string>>();
  const before = new Map<string, Set<string>>();
  for (const w of words) {
    if (w.length !== 2) continue;
    const [a, b] = w;
    if (!after.has(a)) after.set(a, new Set());
    after.get(a)!.add(b);
    if (!before.has(b)) before.set(b, new Set());
    before.get(b)!.add(a);
  }
  return (left, right, hints) => {
    if (hints.length === 0) return null;
    const l = toSimplified(left.slice(-1));
    const r = toSimplified(right.slice(0, 1));
    for (const hint of [...hints].reverse()) {
      const fits = (ch: string) => readings(ch).includes(hint);
      const withLeft = [...(after.get(l) ?? [])].filter(fits);
      const withRight = [...(before.get(r) ?? [])].filter(fits);
      const both = withLeft.filter((c) => withRight.includes(c));
      const pick = both.length === 1 ? both[0] : withLeft.length === 1 ? withLeft[0] : withRight.length === 1 ? withRight[0] : null;
      if (pick) return pick;
    }
    return null;
  };
}
