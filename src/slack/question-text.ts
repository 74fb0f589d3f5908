/** Slack escapes these three in message text; everything else arrives literally. */
function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Turn Slack markup into what a reader sees: links to their labels, channels to #name, user mentions dropped. */
function unwrapMarkup(text: string): string {
  return text.replace(/<([^<>]*)>/g, (_all, inner: string) => {
    const [target, label] = inner.split('|', 2);
    if (target.startsWith('@') || target.startsWith('!')) return ' ';
    if (target.startsWith('#')) return label ? `#${label}` : ' ';
    return label ?? target;
  });
}

export function mentionsUser(text: string | undefined, userId: string | undefined): boolean {
  if (!text || !userId) return false;
  return text.includes(`<@${userId}>`) || text.includes(`<@${userId}|`);
}

/** Characters people put between the trigger word and the question: `我要问：…`, `我要问, …`. */
const LEADING_SEPARATORS = /^[\s,，:：、;；.。!！?？\-—~～]+/;

export function startsWithPrefix(text: string | undefined, prefix: string): boolean {
  if (!text) return false;
  return unwrapMarkup(text).trimStart().startsWith(prefix);
}

/**
 * The question inside a Slack message: mention markup and the trigger prefix removed,
 * entities decoded, whitespace collapsed. Returns '' when nothing is left to ask.
 */
export function extractQuestion(text: string | undefined, prefix?: string): string {
  let q = decodeEntities(unwrapMarkup(text ?? '')).trim();
  if (prefix && q.startsWith(prefix)) q = q.slice(prefix.length);
  q = q.replace(LEADING_SEPARATORS, '');
  return q.replace(/\s+/g, ' ').trim();
}
