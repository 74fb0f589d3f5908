import { splitSentences } from '../corpus/passages.js';
import { looksLikeName } from '../vocabulary/surnames.js';

export type Role = '主持' | '讲话' | '出席' | '调研' | '点评';

export interface PersonMention {
  name: string;
  /** Full title chain as written (normalized script), e.g. 区工委副书记、管委会主任. */
  title: string;
  roles: Role[];
  /** The sentence the mention came from (normalized). */
  sentence: string;
  passageId: string;
}

const TITLE_WORD = '(?:书记|副书记|主任|副主任|区长|副区长|市长|副市长|代市长|省长|副省长|主席|副主席|常委|委员|部长|局长|县长|镇长|秘书长|组长|领导|党组书记)';
const NAME = '[\\u4e00-\\u9fff]{2,3}?';
const VERB = '主持并讲话|出席并讲话|主持会议|主持|出席|讲话|要求|强调|指出|点评|调研|参加|列席|带队|在会上|表示|一行|作工作部署|作部署|部署|深入|来到|先后|宣布|致辞|代表|作(?:[^，,。]{0,12})?报告|[,，、。;；]|等';

// 长沙市委副书记、湖南湘江新区(长沙高新区)党工委书记、岳麓区委书记谭勇要求
const TITLED = new RegExp(`((?:[^。,，;；:：\\s]{0,30}?${TITLE_WORD}[、]?)+?)(${NAME})(?=${VERB})`, 'g');
// 区领导邓霜丰、魏逵、龙泉出席
const LISTED = new RegExp(`([\\u4e00-\\u9fff]{0,8}(?:领导|同志))((?:${NAME}、)+${NAME})(?=出席|参加|列席|等|[,，。])`, 'g');
// 会议由张华忠主持
const CHAIRED_BY = new RegExp(`由(${NAME})(?=主持)`, 'g');
// 张凤林出席会议并讲话: a name opening a clause, straight before a role verb, with no title.
const UNTITLED = new RegExp(`(?:^|[。，,；;：:])(${NAME})(?=主持|出席|讲话|要求|强调|指出)`, 'g');

const NOT_A_NAME = /小组|同志|干部|班子|成员|会议|委员|单位|部门|领导|负责|主要|相关|^[的和与及在由对将把等]|[的了和与及在等]$/;
const NOT_A_TITLE_START = /^(?:会议|会上|今天|今日|上午|下午|其中|并|由|和|及|与|同时|随后|此外)+/;

export function roleOf(verbs: string): Role[] {
  const roles = new Set<Role>();
  if (/主持/.test(verbs)) roles.add('主持');
  if (/讲话|要求|强调|指出|表示|在会上|部署|宣布|致辞|报告/.test(verbs)) roles.add('讲话');
  if (/出席|参加|列席/.test(verbs)) roles.add('出席');
  if (/调研|带队|一行|考察/.test(verbs)) roles.add('调研');
  if (/点评/.test(verbs)) roles.add('点评');
  return [...roles];
}

/** The first role verb after a position in the sentence: a list's verb comes after all its names. */
function rolesAfter(sentence: string, from: number): Role[] {
  // Every verb of the clause counts: 出席会议并讲话 is both attending and speaking.
  const rest = sentence.slice(from);
  const first = /主持并讲话|出席并讲话|主持|出席|讲话|要求|强调|指出|点评|调研|参加|列席|带队|在会上|表示|部署|宣布|致辞|报告/.exec(rest);
  if (!first) return [];
  const clause = rest.slice(first.index).split(/[,，;；。]/)[0];
  return roleOf(clause);
}

function cleanTitle(title: string): string {
  return title.replace(NOT_A_TITLE_START, '').replace(/[、]$/, '').trim();
}

/** People, their titles and roles in one passage (normalized text). */
export function extractPeople(norm: string, passageId: string): PersonMention[] {
  const out: PersonMention[] = [];
  for (const paragraph of norm.split('\n')) {
    for (const sentence of splitSentences(paragraph)) {
      for (const m of sentence.matchAll(TITLED)) {
        const name = m[2];
        if (NOT_A_NAME.test(name) || !looksLikeName(name)) continue;
        const title = cleanTitle(m[1]);
        if (!title || /领导$/.test(title) && title.length <= 2) continue;
        out.push({ name, title, roles: rolesAfter(sentence, m.index! + m[0].length), sentence, passageId });
      }
      for (const m of sentence.matchAll(LISTED)) {
        const roles = rolesAfter(sentence, m.index! + m[0].length);
        for (const name of m[2].split('、')) {
          if (NOT_A_NAME.test(name) || !looksLikeName(name)) continue;
          out.push({ name, title: m[1], roles, sentence, passageId });
        }
      }
      for (const m of sentence.matchAll(UNTITLED)) {
        const name = m[1];
        if (NOT_A_NAME.test(name) || !looksLikeName(name) || out.some((o) => o.name === name)) continue;
        out.push({ name, title: '', roles: rolesAfter(sentence, m.index! + m[0].length), sentence, passageId });
      }
      for (const m of sentence.matchAll(CHAIRED_BY)) {
        if (!looksLikeName(m[1])) continue;
        out.push({ name: m[1], title: '', roles: ['主持'], sentence, passageId });
      }
    }
  }
  return out;
}

export interface Person {
  name: string;
  title: string;
  roles: Role[];
  passageId: string;
  sentence: string;
}

/** Merge mentions of one person in one article: the longest title wins, roles add up. */
export function mergePeople(mentions: PersonMention[]): Person[] {
  const byName = new Map<string, Person>();
  for (const m of mentions) {
    const known = byName.get(m.name);
    if (!known) {
      byName.set(m.name, { name: m.name, title: m.title, roles: [...m.roles], passageId: m.passageId, sentence: m.sentence });
      continue;
    }
    if (m.title.length > known.title.length) {
      known.title = m.title;
      known.passageId = m.passageId;
      known.sentence = m.sentence;
    }
    for (const r of m.roles) if (!known.roles.includes(r)) known.roles.push(r);
  }
  // A bare surname-less fragment of a longer name (何朝 of 何朝晖) is the lazy match's mistake.
  const names = [...byName.keys()];
  return [...byName.values()].filter((p) => !names.some((n) => n !== p.name && n.startsWith(p.name)));
}
