import { candidateNames } from '../corpus/lexicon.js';
import type { Passage } from '../corpus/types.js';
import type { FactSource } from '../qa/engine.js';
import type { FactStatement, ParsedQuestion } from '../qa/types.js';
import type { Brief } from './briefs.js';

/** Briefs loaded from the index, queried by the answerer and the brief command. */
export class BriefBook implements FactSource {
  private constructor(
    private readonly briefs: Brief[],
    private readonly names: string[],
  ) {}

  static from(facts: unknown, passages: Passage[]): BriefBook {
    const briefs = Array.isArray(facts) ? (facts as Brief[]) : [];
    const names = new Set<string>();
    for (const p of passages) for (const n of candidateNames(p.norm)) names.add(n);
    return new BriefBook(briefs, [...names]);
  }

  people(): string[] {
    return this.names;
  }

  statementsFor(_parsed: ParsedQuestion, _docIds: Set<string>): FactStatement[] {
    return [];
  }

  markdown(_query: string): string | null {
    return null;
  }
}
