import { loadConfig } from '../src/config.js';
import { loadQa, answerWith } from '../src/app/qa-service.js';
import { syntheticCorpus, syntheticQuestions, type SyntheticFacts } from '../src/bench/synthetic.js';
import { normalizeText } from '../src/corpus/normalize.js';
const work = process.argv[2];
const n = Number(process.argv[3]);
const facts: SyntheticFacts[] = [];
for (const a of syntheticCorpus(n, { seed: 1 })) facts.push(a.facts);
const qs = syntheticQuestions(facts, 200, 1);
const qa = await loadQa(loadConfig({ INDEX_DIR: `${work}/index`, CORPUS_DIR: `${work}/corpus`, EMBEDDER: 'hash' }));
const byType: Record<string, [number, number]> = {};
for (const q of qs) {
  const a = await answerWith(qa, q.q);
  const norm = normalizeText(a.answer);
  const ok = q.type === 'unanswerable' ? a.abstained : !a.abstained && q.expect.some((e) => norm.includes(normalizeText(e)));
  byType[q.type] ??= [0, 0];
  byType[q.type][1]++;
  if (ok) byType[q.type][0]++;
  else if (process.argv[4]) console.log(`✗ [${q.type}] ${q.q}\n   expect ${q.expect.join('/')}\n   ${a.answer.slice(0, 200).replace(/\n/g, '\n   ')}`);
}
console.log(byType);
