import type { types as SlackTypes } from '@slack/bolt';
import { isTraditional } from '../corpus/normalize.js';
import type { Answer, Citation } from '../qa/types.js';

type ActionsBlock = SlackTypes.ActionsBlock;
type Button = SlackTypes.Button;
type ContextBlock = SlackTypes.ContextBlock;
type ContextBlockElement = SlackTypes.ContextBlockElement;
export type KnownBlock = SlackTypes.KnownBlock;

/** A message ready for chat.postMessage / respond(): blocks plus the text fallback Slack needs for notifications. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

// Slack's published limits, with a margin where the docs say "under".
export const SLACK_LIMITS = {
  blocks: 50,
  contextElements: 10,
  /** Each section of answer text stays under 3,000 characters (DESIGN §6). */
  sectionChars: 2_900,
  /** Cumulative limit for all markdown blocks in one payload. */
  markdownTotalChars: 12_000,
  plainTextChars: 3_000,
  fallbackChars: 3_000,
  buttonValueChars: 2_000,
} as const;

export const ACTION_IDS = {
  feedbackUp: 'feedback_up',
  feedbackDown: 'feedback_down',
  showSources: 'show_sources',
  share: 'share_answer',
} as const;

export interface AnswerRenderOptions {
  /** Key into the bot's answer store; without it no buttons are rendered (nothing could resolve them). */
  ref?: string;
  /** Adds a "分享到频道" button, for answers only the asker can see. */
  shareable?: boolean;
  /** Shown above a shared answer so the channel sees who asked what. */
  sharedBy?: { userId: string; question: string };
}

const TRUNCATED = '…';
const TRUNCATION_NOTE = '\n\n…（内容过长，已截断）';

/** `[n] 标题 · 来源 · 日期`, leaving out what the article does not state. */
export function formatSourceLine(citation: Citation, maxTitleChars = 120): string {
  const parts = [truncate(citation.title.trim() || citation.docId, maxTitleChars), citation.source, citation.date]
    .map((p) => p?.trim())
    .filter((p): p is string => Boolean(p));
  return `[${citation.n}] ${parts.join(' · ')}`;
}

export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - TRUNCATED.length)).join('') + TRUNCATED;
}

/**
 * Split text into pieces of at most `max` characters, preferring paragraph breaks, then
 * Chinese/Latin sentence ends, so a citation marker like `[2]` stays with its sentence.
 */
export function splitForSlack(text: string, max: number = SLACK_LIMITS.sectionChars): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (Array.from(rest).length > max) {
    const window = Array.from(rest).slice(0, max).join('');
    const cut = bestCut(window);
    chunks.push(window.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

function bestCut(window: string): number {
  // Never cut in the first half: a tiny chunk followed by a huge one helps nobody.
  const floor = Math.floor(window.length / 2);
  const paragraph = window.lastIndexOf('\n');
  if (paragraph > floor) return paragraph + 1;
  // A sentence end, plus any citation markers that belong to it (`。[1][2]`).
  const sentence = /[。！？；.!?;](?:\[\d+\])*/g;
  let best = -1;
  for (let m = sentence.exec(window); m; m = sentence.exec(window)) {
    const end = m.index + m[0].length;
    if (end > floor) best = end;
  }
  if (best > 0) return best;
  const space = window.lastIndexOf(' ');
  if (space > floor) return space + 1;
  return window.length;
}

/**
 * In standard markdown a single newline joins lines into one paragraph; answers put each
 * supporting sentence on its own line, so make those lines paragraphs (list items stay lists).
 */
export function asParagraphs(text: string): string {
  return text.trim().replace(/([^\n])\n(?!\n|\s*(?:[-*+]|\d+[.)])\s)/g, '$1\n\n');
}

/** Markdown blocks for free text, within the per-section and per-payload limits. */
function markdownBlocks(text: string): KnownBlock[] {
  let budget: number = SLACK_LIMITS.markdownTotalChars;
  let body = text.trim();
  if (Array.from(body).length > budget) {
    body = Array.from(body).slice(0, budget - TRUNCATION_NOTE.length).join('') + TRUNCATION_NOTE;
  }
  const blocks: KnownBlock[] = [];
  for (const chunk of splitForSlack(body)) {
    budget -= Array.from(chunk).length;
    if (budget < 0) break;
    blocks.push({ type: 'markdown', text: chunk });
  }
  return blocks;
}

function plainText(text: string): { type: 'plain_text'; text: string; emoji: boolean } {
  return { type: 'plain_text', text: truncate(text, SLACK_LIMITS.plainTextChars), emoji: true };
}

function button(actionId: string, label: string, value: string): Button {
  return { type: 'button', action_id: actionId, text: plainText(label), value: truncate(value, SLACK_LIMITS.buttonValueChars) };
}

function sourceContextBlocks(citations: Citation[], maxBlocks: number): ContextBlock[] {
  const blocks: ContextBlock[] = [];
  const sorted = [...citations].sort((a, b) => a.n - b.n);
  for (let i = 0; i < sorted.length && blocks.length < maxBlocks; i += SLACK_LIMITS.contextElements) {
    const elements: ContextBlockElement[] = sorted
      .slice(i, i + SLACK_LIMITS.contextElements)
      .map((c) => plainText(formatSourceLine(c)));
    blocks.push({ type: 'context', elements });
  }
  return blocks;
}

function answerActions(answer: Answer, options: AnswerRenderOptions): ActionsBlock | null {
  if (!options.ref) return null;
  const elements: Button[] = [
    button(ACTION_IDS.feedbackUp, '👍 有帮助', options.ref),
    button(ACTION_IDS.feedbackDown, '👎 没帮助', options.ref),
  ];
  if (answer.citations.length > 0) elements.push(button(ACTION_IDS.showSources, '原文', options.ref));
  if (options.shareable) elements.push({ ...button(ACTION_IDS.share, '分享到频道', options.ref), style: 'primary' });
  return { type: 'actions', elements };
}

/** Who asked, above a shared answer. The mention needs mrkdwn; the question stays plain text. */
function sharedByBlocks(sharedBy: AnswerRenderOptions['sharedBy']): KnownBlock[] {
  if (!sharedBy) return [];
  return [
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<@${sharedBy.userId}> 问：` }, plainText(truncate(sharedBy.question, 500))],
    },
  ];
}

/** Plain-text rendering used as the notification / accessibility fallback. */
export function answerFallbackText(answer: Answer): string {
  const sources = [...answer.citations].sort((a, b) => a.n - b.n).map((c) => formatSourceLine(c));
  const tail = sources.length ? `\n\n${isTraditional(answer.answer) ? '來源' : '来源'}：\n${sources.join('\n')}` : '';
  const note = answer.note ? `\n（${answer.note}）` : '';
  const head = answer.answer.trim() + note;
  const room = SLACK_LIMITS.fallbackChars - Array.from(tail).length;
  if (room < 200) return truncate(head, SLACK_LIMITS.fallbackChars);
  return truncate(head, room) + tail;
}

/** Answer → Slack message: text with `[n]` in markdown blocks, a note, numbered sources, and buttons. */
export function renderAnswerMessage(answer: Answer, options: AnswerRenderOptions = {}): SlackMessage {
  const blocks: KnownBlock[] = sharedByBlocks(options.sharedBy);
  blocks.push(...markdownBlocks(asParagraphs(answer.answer) || '（没有生成回答）'));
  if (answer.note) blocks.push({ type: 'context', elements: [plainText(answer.note)] });
  const actions = answerActions(answer, options);
  const room = SLACK_LIMITS.blocks - blocks.length - (actions ? 1 : 0);
  blocks.push(...sourceContextBlocks(answer.citations, room));
  if (actions) blocks.push(actions);
  return { text: answerFallbackText(answer), blocks };
}

/** The cited passages themselves, for the 原文 button. */
export function renderSourceQuotes(answer: Answer): SlackMessage {
  const sorted = [...answer.citations].sort((a, b) => a.n - b.n);
  if (sorted.length === 0) {
    const text = '这条回答没有引用原文。';
    return { text, blocks: [{ type: 'section', text: plainText(text) }] };
  }
  const blocks: KnownBlock[] = [{ type: 'section', text: plainText(`「${truncate(answer.question, 200)}」引用的原文：`) }];
  for (const c of sorted.slice(0, SLACK_LIMITS.blocks - 1)) {
    const line = formatSourceLine(c);
    const quote = c.quote.trim() ? `\n「${c.quote.trim()}」` : '';
    blocks.push({ type: 'section', text: plainText(truncate(line + quote, SLACK_LIMITS.plainTextChars)) });
  }
  const text = truncate(sorted.map((c) => `${formatSourceLine(c)}\n「${c.quote.trim()}」`).join('\n\n'), SLACK_LIMITS.fallbackChars);
  return { text, blocks };
}

/** A Markdown meeting brief (from QaService.brief) as markdown blocks, optionally with a share button. */
export function renderBriefMessage(markdown: string, options: AnswerRenderOptions = {}): SlackMessage {
  const blocks: KnownBlock[] = [...sharedByBlocks(options.sharedBy), ...markdownBlocks(markdown)];
  if (options.ref && options.shareable) {
    blocks.push({ type: 'actions', elements: [{ ...button(ACTION_IDS.share, '分享到频道', options.ref), style: 'primary' }] });
  }
  return { text: truncate(markdown.trim(), SLACK_LIMITS.fallbackChars), blocks };
}

/** A short notice (usage, errors, limits) as one plain-text section. */
export function renderNotice(text: string): SlackMessage {
  return { text: truncate(text, SLACK_LIMITS.fallbackChars), blocks: [{ type: 'section', text: plainText(text) }] };
}
