import { splitSentences } from '../corpus/passages.js';

export interface Directive {
  speaker: string;
  verb: string;
  items: string[];
  /** The sentences the items came from (normalized), for quoting. */
  text: string;
  passageId: string;
}

const SPEECH_VERB = '要求|强调|指出|提出|表示|希望';
const MAX_ITEM = 60;

/** One requirement, whole: a question may be about its last clause (…,积极构建招商引资新模式). */
export function itemOf(clause: string): string | null {
  let s = clause.replace(/^[,，、\s]+/, '').replace(/[。；;,，\s]+$/, '').trim();
  s = s.replace(/^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十][,，、]?|[一二三四五六七八九十]要|同时)?(?:要|必须|务必)?/, '');
  return s.length < 4 ? null : s;
}

/** A requirement shortened to its leading clause(s), so a list of them stays readable. */
export function shortItem(item: string): string {
  if (item.length <= MAX_ITEM) return item;
  const cut = item.slice(0, MAX_ITEM).lastIndexOf(',');
  return cut >= 8 ? item.slice(0, cut) : item.slice(0, MAX_ITEM) + '…';
}

/**
 * Directives: what follows `X要求/强调/指出` up to the next speaker, split into items at `；`
 * and sentence ends. `他/她强调` continues the last named speaker.
 */
export function extractDirectives(norm: string, passageId: string, people: string[]): Directive[] {
  const out: Directive[] = [];
  const names = [...people].sort((a, b) => b.length - a.length);
  const speakerRe = new RegExp(`(${names.length ? names.join('|') + '|' : ''}他|她)(?:[^,，。;；]{0,12}?)(${SPEECH_VERB})[,，:：]`);
  let lastSpeaker: string | null = null;
  // The verb of the last speech heard: a topic paragraph after it continues it.
  let lastHeard: string | null = null;
  for (const paragraph of norm.split('\n')) {
    let current: Directive | null = null;
    let previous = '';
    for (const sentence of splitSentences(paragraph)) {
      const m = speakerRe.exec(sentence);
      if (m) {
        const speaker: string | null = m[1] === '他' || m[1] === '她' ? lastSpeaker : m[1];
        lastSpeaker = speaker ?? lastSpeaker;
        if (speaker) {
          lastHeard = m[2];
          // The sentence before often says what the speech was about (会议还就中秋节日期间工作进行了安排部署).
          current = { speaker, verb: m[2], items: [], text: previous, passageId };
          out.push(current);
          addItems(current, sentence.slice(m.index + m[0].length), sentence);
          previous = sentence;
          continue;
        }
      }
      // 关于安全生产工作,要强化红线意识…: a paragraph that takes up a topic and goes on requiring
      // continues the speech of the person last heard, when nobody else is named.
      const topic = /^(?:关于|对于|针对)([^,，。]{2,20})[,，]\s*(.*)$/.exec(sentence);
      if (!current && topic && lastSpeaker && lastHeard && !names.some((n) => sentence.includes(n)) && REQUIREMENT_START.test(topic[2])) {
        current = { speaker: lastSpeaker, verb: lastHeard, items: [], text: '', passageId };
        out.push(current);
        addItems(current, topic[2], sentence);
        previous = sentence;
        continue;
      }
      // 他/她 refers to the person last named (吴桂英一行来到…。她指出…).
      const named = names.find((n) => sentence.includes(n));
      if (named) lastSpeaker = named;
      previous = sentence;
      // The speech ends where the report turns to someone else or to who chaired and attended.
      const otherPerson = names.some((n) => n !== current?.speaker && sentence.includes(n));
      if (otherPerson) lastHeard = null;
      if (current && (otherPerson || /主持|出席|参加|列席/.test(sentence))) current = null;
      if (current) addItems(current, sentence, sentence);
    }
  }
  return out.filter((d) => d.items.length > 0);
}

// A requirement is phrased as one: 要…, 必须…, 坚持…, 加快… . Assessments (今年以来…取得成效) are not.
// A short subject may come first: 湘江新区要…, 各地各部门要… .
const REQUIREMENT_START = /^(?:[\u4e00-\u9fff]{1,8}?要(?!求)|要|必须|务必|[一二三四五六七八九十]要|[一二三四五六七八九十]是|第[一二三四五六七八九十]|坚持|坚定不移|加快|确保|推动|全力|切实|进一步|着力|持续|深入|强化|严格|抓好|做好|聚焦|牢固|始终|不断|希望|以)/;

// A topic a requirement is introduced with: 关于安全生产工作, 各地各部门要….
const TOPIC_LEAD = /^(?:关于|对于|针对)[^,，。]{2,20}[,，]\s*/;

function addItems(d: Directive, body: string, sentence: string): void {
  d.text += sentence;
  const clauses = body.split(/[;；]/).map((c) => c.replace(/^[,，、\s]+/, ''));
  // Clauses after a `；` continue the sentence's requirement even without their own 要; the topic
  // it opens with stays in the item (a question may be about 安全生产).
  if (!REQUIREMENT_START.test((clauses[0] ?? '').replace(TOPIC_LEAD, ''))) return;
  for (const clause of clauses) {
    const item = itemOf(clause);
    if (item && !d.items.includes(item)) d.items.push(item);
  }
}
