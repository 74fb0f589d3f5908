/**
 * Kinds of figures and the words that mark them, shared by extraction (what kind an article's
 * number is) and answering (what kind a question asks for). A target (目标, 力争, 确保) is set for a
 * period; an estimate (预计) says where a period will end; a result (完成, 实现) is what happened.
 */
export type FigureKind = 'target' | 'estimate' | 'result';

export const TARGET_CUE = /目标|计划|力争|确保|争取|任务|预期/;
// 预计完成 is an estimate of a result, not a target.
export const ESTIMATE_CUE = /预计|预估|有望|可望/;

// A result is reported: 完成, 实现, 累计. (完成…目标 reports reaching a target, also a result.)
const RESULT_CUE = /完成|实现|达到|累计|同比|比上年/;

/**
 * The kind of the number in clause `i` of a sentence: the nearest cue, in that clause or the ones
 * before it (目标是：GDP增长8%，固投增长10% — both targets; 完成财税收入21.89亿元 — a result).
 */
export function clauseKind(clauses: string[], i: number): FigureKind {
  for (let j = i; j >= 0; j--) {
    const c = clauses[j].replace(/(?:超额)?完成了?[^,，]{0,8}目标(?:任务)?/g, '完成');
    if (ESTIMATE_CUE.test(c)) return 'estimate';
    if (TARGET_CUE.test(c)) return 'target';
    if (RESULT_CUE.test(c)) return 'result';
  }
  // 提出要紧紧围绕“地区生产总值增长7%,固定资产投资超1100亿元”的年度发展目标: a quoted list the
  // sentence then calls its targets.
  for (let j = i + 1; j < clauses.length; j++) {
    if (/”的?[^“”]{0,10}(?:目标|任务)/.test(clauses[j])) return 'target';
    if (/[“”]/.test(clauses[j])) break;
  }
  return 'result';
}

/** The kind of a number from the words around it. */
export function kindFromContext(around: string): FigureKind {
  return ESTIMATE_CUE.test(around) ? 'estimate' : TARGET_CUE.test(around) ? 'target' : 'result';
}

/** The kind of figure a question asks for, when it says. */
export function askedFigureKind(q: string): FigureKind | null {
  // 预计增长目标: asked both ways, the question does not pin the kind down.
  if (/预计|可望|有望/.test(q) && /目标|预期/.test(q)) return null;
  if (/目标|计划|力争|确保|预期|任务|要达到|争取/.test(q)) return 'target';
  if (/预计|可望|有望/.test(q)) return 'estimate';
  if (/完成了|实现了|达到了|实际|完成多少|实现多少|完成情况|累计完成|累计实现/.test(q)) return 'result';
  return null;
}

/** Whether a question asks for a rate (增长多少, 占比, 增速) rather than an amount (总产值是多少). */
export function asksRate(q: string): boolean {
  return /增长|增速|增幅|提高|下降|涨|升|降|百分|比重|占比|%|率/.test(q);
}
