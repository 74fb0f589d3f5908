import type { Evidence, Hit } from './types.js';

export interface LlmMessage {
  role: 'system' | 'user';
  content: string;
}

/** More passages dilute the model's attention and lengthen the prompt without adding answers. */
export const MAX_PROMPT_PASSAGES = 8;
const MAX_PROMPT_FACTS = 12;

/** The model's reply starts with this when the passages do not answer the question. */
export const NOT_FOUND_PREFIX = '资料中没有找到';

/** Passage numbers as shown to the model: 1..k over the best distinct hits. */
export function passageNumbering(evidence: Evidence): Map<number, Hit> {
  const numbering = new Map<number, Hit>();
  const seen = new Set<string>();
  for (const hit of evidence.hits) {
    if (numbering.size >= MAX_PROMPT_PASSAGES) break;
    if (seen.has(hit.passage.passageId)) continue;
    seen.add(hit.passage.passageId);
    numbering.set(numbering.size + 1, hit);
  }
  return numbering;
}

function header(n: number, hit: Hit): string {
  const p = hit.passage;
  return `[${n}] ${p.title} · ${p.source ?? '来源不详'} · ${p.date ?? '日期不详'}`;
}

function systemPrompt(traditional: boolean): string {
  return [
    '你是“我要问”，根据本地新闻资料回答关于经开区、新区等园区经济工作会议的问题。',
    '规则：',
    '1. 只能根据用户给出的编号资料回答，不要使用资料以外的知识，不要推测或补充。',
    '2. 每一句话的末尾都要标注所依据资料的编号，例如[1]或[1][2]；只能使用给出的编号。',
    '3. 数字、人名、职务必须与资料原文一致，不要换算、估算或改写数字。',
    `4. 如果资料不能回答这个问题，回复必须以“${NOT_FOUND_PREFIX}”开头，再用一句话说明缺少什么，不要编造答案。`,
    '5. 资料里的“今年”指该篇文章日期所在的年份，“去年”指前一年；回答时写成具体年份，例如“2022年”。',
    traditional ? '6. 用繁体中文回答。' : '6. 用简体中文回答。',
    '7. 回答要简洁，不超过6句话：先直接回答问题，再补充必要的细节。不要另列参考来源。',
  ].join('\n');
}

/** Chat messages asking the model to answer only from numbered passages, citing each sentence. */
export function buildLlmMessages(evidence: Evidence): LlmMessage[] {
  const numbering = passageNumbering(evidence);
  const numberOf = new Map<string, number>();
  for (const [n, hit] of numbering) numberOf.set(hit.passage.passageId, n);

  const passages = [...numbering].map(([n, hit]) => `${header(n, hit)}\n${hit.passage.text.trim()}`).join('\n\n');

  const facts = evidence.facts.slice(0, MAX_PROMPT_FACTS).map((f) => {
    const n = numberOf.get(f.passageId);
    return n === undefined ? `- ${f.text}` : `- ${f.text} [${n}]`;
  });

  const parts = [`问题：${evidence.parsed.raw.trim()}`, '', '资料：', passages];
  if (facts.length > 0) {
    parts.push('', '从资料中整理出的要点（方括号内为所在资料编号；没有编号的要点不能作为依据）：', ...facts);
  }
  parts.push('', '请按规则回答。');

  return [
    { role: 'system', content: systemPrompt(evidence.parsed.script === 'traditional') },
    { role: 'user', content: parts.join('\n') },
  ];
}
