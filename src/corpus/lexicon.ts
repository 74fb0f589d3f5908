import { normalizeText } from './normalize.js';
import type { Article } from './types.js';
import { isBareZoneType, zoneCore, zoneMentions } from './zone.js';

const TITLE_END = '(?:书记|主任|区长|市长|省长|主席|常委|领导|委员|部长|局长|县长|镇长|主持人|副主任|秘书长)';
const NAME = '([\\u4e00-\\u9fff]{2,3}?)';
const AFTER_NAME = '(?=主持|讲话|出席|要求|强调|指出|表示|参加|调研|带队|点评|一行|在会上|[,，、。;；]|等)';
const TITLED_NAME = new RegExp(`${TITLE_END}${NAME}${AFTER_NAME}`, 'g');
const NAME_LIST = /(?:领导|同志|出席的有)([\u4e00-\u9fff]{2,3}(?:、[\u4e00-\u9fff]{2,3})+)(?=出席|参加|等|[,，。])/g;
// Collective nouns that follow titles the way names do (领导小组, 委员会).
const NOT_A_NAME = /小组|同志|干部|班子|成员|会议|委员|单位|部门|^[的和与及]/;
const QUOTED = /[“"「]([\u4e00-\u9fff\w]{2,10})[”"」]/g;

/** Person names written next to a title or in a list of leaders, from normalized text. */
export function candidateNames(norm: string): string[] {
  const out = new Set<string>();
  for (const m of norm.matchAll(TITLED_NAME)) out.add(m[1]);
  for (const m of norm.matchAll(NAME_LIST)) for (const n of m[1].split('、')) out.add(n);
  return [...out].filter((n) => !NOT_A_NAME.test(n));
}

/**
 * Words the segmenter must keep whole, built from the corpus itself: zone names and their place
 * part, leaders' names, and quoted policy terms such as 三高四新.
 */
export function userDictionary(articles: Article[]): string[] {
  const words = new Set<string>();
  for (const a of articles) {
    const text = [normalizeText(a.title), ...a.normParagraphs].join('\n');
    if (a.zone && !isBareZoneType(a.zone)) {
      words.add(a.zone);
      words.add(zoneCore(a.zone));
    }
    for (const m of zoneMentions(text)) {
      if (!m.qualified) continue;
      words.add(m.name);
      const core = zoneCore(m.name);
      if (core.length >= 2) words.add(core);
    }
    for (const n of candidateNames(text)) words.add(n);
    for (const m of text.matchAll(QUOTED)) words.add(m[1]);
  }
  return [...words].filter((w) => w.length >= 2);
}
