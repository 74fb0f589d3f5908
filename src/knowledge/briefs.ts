import { effectiveDate } from '../corpus/article.js';
import { normalizeText } from '../corpus/normalize.js';
import type { Article, Passage } from '../corpus/types.js';
import { extractDirectives, type Directive } from './directives.js';
import { extractFigures, type Figure } from './figures.js';
import { extractPeople, mergePeople, roleOf, type Person } from './people.js';

/** A structured summary of one article's meeting, stored with the index. */
export interface Brief {
  docId: string;
  title: string;
  date: string | null;
  source: string | null;
  meeting: { name: string; date: string | null; zone: string | null };
  people: Person[];
  figures: Figure[];
  directives: Directive[];
}

const MEETING = /(?:召开|举行|举办)(?:了)?([\u4e00-\u9fff“”"、·\-()（）]{4,50}?(?:会议|推进会|调度会|座谈会|讲评会|部署会|动员会|大会|例会|会))|([\u4e00-\u9fff“”"、·\-()（）]{4,50}?(?:会议|推进会|调度会|座谈会|讲评会|部署会|动员会|大会))(?:召开|举行)/;

/** The meeting's full name: the longest one the title or the opening paragraphs give. */
export function meetingName(title: string, lead: string[]): string {
  let best: string | null = null;
  for (const text of [title, ...lead]) {
    const m = MEETING.exec(text);
    const name = m ? (m[1] ?? m[2]).replace(/^(?:了|并|一次)/, '') : null;
    if (name && (!best || name.length > best.length)) best = name;
  }
  return best ?? title;
}

/** Extract the brief of one article from its passages (normalized text). */
export function buildBrief(article: Article, passages: Passage[]): Brief {
  const year = effectiveDate(article)?.slice(0, 4) ?? null;
  const mentions = passages.flatMap((p) => extractPeople(p.norm, p.passageId));
  const people = mergePeople(mentions);
  // Speakers named without a title later on (吴桂英强调) still get their role.
  for (const person of people) {
    for (const p of passages) {
      const m = new RegExp(`${person.name}(?:[^,，。]{0,6}?)(强调|要求|指出|表示|主持|点评|出席)`).exec(p.norm);
      if (m) for (const r of roleOf(m[1])) if (!person.roles.includes(r)) person.roles.push(r);
    }
  }
  const names = people.map((p) => p.name);
  const figures = passages.flatMap((p) => extractFigures(p.norm, p.passageId, year));
  const directives = passages.flatMap((p) => extractDirectives(p.norm, p.passageId, names));
  return {
    docId: article.docId,
    title: article.title,
    date: article.date,
    source: article.source,
    meeting: { name: meetingName(normalizeText(article.title), article.normParagraphs.slice(0, 4)), date: article.meetingDate, zone: article.zone },
    people,
    figures,
    directives,
  };
}

export function buildBriefs(articles: Article[], passages: Passage[]): Brief[] {
  const byDoc = new Map<string, Passage[]>();
  for (const p of passages) {
    if (!byDoc.has(p.docId)) byDoc.set(p.docId, []);
    byDoc.get(p.docId)!.push(p);
  }
  return articles.map((a) => buildBrief(a, byDoc.get(a.docId) ?? []));
}
