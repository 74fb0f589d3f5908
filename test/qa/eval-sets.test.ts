import { readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQaService } from '../../src/app/qa-service.js';
import { parseGold, scoreOne, summarize, summarizeByType, type GoldItem, type Scored } from '../../src/qa/eval.js';
import type { QaService } from '../../src/qa/types.js';
import { makeWorkspace, type Workspace } from '../fixtures/index-workspace.js';

/**
 * The committed question sets scored end to end on freshly built indexes, so a change that makes
 * answers worse fails here, not only in a report:
 * - eval/extra.jsonl: phrasings, scripts, English, several zones or people, yes/no and near-miss
 *   questions over the five seed articles;
 * - eval/unseen-articles.jsonl: questions over ten more articles (test/fixtures/unseen-articles:
 *   invented zones and leaders in the seeds' layouts and as HTML, Markdown, GBK and Big5, with
 *   pinyin and mojibake) that the extraction rules were not first written from.
 */

const gold: GoldItem[] = parseGold(readFileSync(new URL('../../eval/extra.jsonl', import.meta.url), 'utf8'));

let ws: Workspace;
let service: QaService;
let scored: Scored[];

beforeAll(async () => {
  ws = await makeWorkspace('woyaowen-evalset-');
  service = await createQaService(ws.config);
  scored = [];
  for (const item of gold) scored.push(scoreOne(item, await service.ask(item.q)));
}, 120_000);
afterAll(() => ws?.cleanup());

const UNSEEN = new URL('../fixtures/unseen-articles/', import.meta.url);
const unseenGold: GoldItem[] = parseGold(readFileSync(new URL('../../eval/unseen-articles.jsonl', import.meta.url), 'utf8'));

describe('eval/unseen-articles.jsonl, with four more articles in the corpus', () => {
  let unseenWs: Workspace;
  let unseenScored: Scored[];

  beforeAll(async () => {
    unseenWs = await makeWorkspace('woyaowen-unseen-');
    await cp(UNSEEN, unseenWs.corpusDir, { recursive: true });
    const qa = await createQaService(unseenWs.config);
    unseenScored = [];
    for (const item of unseenGold) unseenScored.push(scoreOne(item, await qa.ask(item.q)));
  }, 120_000);
  afterAll(() => unseenWs?.cleanup());

  it('answers questions about articles the rules were not written from, and declines what they do not say', () => {
    const m = summarize(unseenScored);
    const failures = unseenScored.filter((s) => (s.answerable ? !(s.factOk && s.citationOk) : !s.abstainOk)).map((s) => `${s.id} missing ${s.missingFacts.join('/') || '-'}`);
    expect(unseenGold.length).toBeGreaterThanOrEqual(75);
    expect(m.factAccuracy, failures.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(m.citationAccuracy, failures.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(m.abstentionAccuracy, failures.join('\n')).toBe(1);
  });
});

describe('eval/extra.jsonl on the seed articles', () => {
  it('covers every question type with answerable and unanswerable questions', () => {
    expect(new Set(gold.map((g) => g.type))).toEqual(new Set(['leader', 'target', 'directive', 'general', 'paraphrase', 'traditional', 'crosslingual', 'multi', 'unanswerable']));
    expect(gold.length).toBeGreaterThanOrEqual(280);
  });

  it('answers with the expected facts and citations, and abstains when the articles do not say', () => {
    const m = summarize(scored);
    const failures = scored.filter((s) => (s.answerable ? !(s.factOk && s.citationOk) : !s.abstainOk)).map((s) => `${s.id} missing ${s.missingFacts.join('/') || '-'}`);
    // The set includes questions the answers are known to miss (far paraphrase); the gate sits
    // a little under today's figures (README) so a real regression, not noise, fails it.
    expect(m.factAccuracy, failures.join('\n')).toBeGreaterThanOrEqual(0.85);
    expect(m.citationAccuracy, failures.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(m.docRecallAt5).toBeGreaterThanOrEqual(0.95);
    expect(m.abstentionAccuracy, failures.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('holds for each kind of question, not only on average', () => {
    for (const [type, m] of Object.entries(summarizeByType(scored))) {
      if (type === 'unanswerable') expect(m.abstentionAccuracy, type).toBeGreaterThanOrEqual(0.9);
      else expect(m.factAccuracy, type).toBeGreaterThanOrEqual(0.6);
    }
  });
});
