import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/corpus/normalize.js';
import {
  checkGrounding,
  citedNumbers,
  renumberCitations,
  splitCitedSentences,
  type GroundingPassage,
} from '../../src/qa/grounding.js';

function passage(text: string, extra: Partial<GroundingPassage> = {}): GroundingPassage {
  return { text, norm: normalizeText(text), ...extra };
}

const GDP = passage('岳阳经开区召开一季度经济运行分析会。今年一季度，全区实现GDP86.08亿元，同比增长8.3%。全年目标为GDP440亿元、全口径税收40億元，项目总投资1,234.5万元。', {
  title: '岳阳经开区一季度经济运行分析会召开',
  date: '2024-04-20',
});
const CHAIR = passage('会议由区工委副书记、管委会主任谢春生主持。区工委书记文春方出席并讲话，他强调要全力冲刺“双过半”。', {
  date: '2024-04-20',
});
// Traditional script with full-width digits, as some articles are written.
const TRAD = passage('經開區今年計劃鋪排重大項目５９個，總投資４８７億元。');

const numbered = new Map<number, GroundingPassage>([
  [1, GDP],
  [2, CHAIR],
  [3, TRAD],
]);

describe('checkGrounding', () => {
  it('accepts an answer whose every sentence, number and name is in its cited passage', () => {
    const answer = '2024年一季度，岳阳经开区实现GDP86.08亿元，同比增长8.3%。[1] 会议由管委会主任谢春生主持。[2]';
    expect(checkGrounding(answer, numbered)).toEqual({ ok: true });
  });

  it('accepts markers inside the sentence and grouped markers in every spelling', () => {
    for (const answer of [
      '全区GDP为86.08亿元[1]，谢春生主持会议[2]。',
      '全区GDP为86.08亿元，谢春生主持会议[1][2]。',
      '全区GDP为86.08亿元，谢春生主持会议[1,2]。',
      '全区GDP为86.08亿元，谢春生主持会议[1、2]。',
      '全区GDP为86.08亿元，谢春生主持会议［１，２］。',
      '全区GDP为86.08亿元，谢春生主持会议【1】【2】。',
    ]) {
      expect(checkGrounding(answer, numbered), answer).toEqual({ ok: true });
    }
  });

  it('needs at least one citation', () => {
    expect(checkGrounding('全区GDP为86.08亿元。', numbered)).toEqual({ ok: false, reason: 'no citations' });
  });

  it('rejects a citation to a passage it was not given', () => {
    expect(checkGrounding('全区GDP为86.08亿元。[1] 会议由谢春生主持。[9]', numbered)).toEqual({
      ok: false,
      reason: 'citation [9] does not exist',
    });
    expect(checkGrounding('谢春生主持会议[2,9]。', numbered)).toMatchObject({ ok: false, reason: 'citation [9] does not exist' });
  });

  it('rejects a content sentence without a citation but allows a short trailing fragment', () => {
    const r = checkGrounding('全区GDP为86.08亿元。[1] 会议要求全力冲刺双过半。', numbered);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/^sentence without citation: 会议要求全力冲刺双过半/);
    expect(checkGrounding('全区GDP为86.08亿元。[1]\n以上。', numbered)).toEqual({ ok: true });
  });

  it('rejects a number no cited passage contains', () => {
    expect(checkGrounding('全年目标为GDP500亿元。[1]', numbered)).toEqual({
      ok: false,
      reason: 'number 500亿元 not in cited passages',
    });
    // The number exists, but only in a passage this answer does not cite.
    expect(checkGrounding('项目59个。[2]', numbered)).toEqual({ ok: false, reason: 'number 59 not in cited passages' });
  });

  it('accepts a number found in another passage the answer cites', () => {
    expect(checkGrounding('全区GDP为86.08亿元。[2] 谢春生主持。[1]', numbered)).toEqual({ ok: true });
  });

  it('compares numbers after normalization: 亿元 vs 亿, percentages, decimals, commas, full-width, traditional', () => {
    expect(checkGrounding('全年目标为GDP440亿。[1]', numbered)).toEqual({ ok: true });
    expect(checkGrounding('全口径税收40亿元。[1]', numbered)).toEqual({ ok: true });
    expect(checkGrounding('同比增长８．３％。[1]', numbered)).toEqual({ ok: true });
    expect(checkGrounding('项目总投资1234.5万元。[1]', numbered)).toEqual({ ok: true });
    expect(checkGrounding('計劃鋪排重大項目59個，總投資487億元。[3]', numbered)).toEqual({ ok: true });
    // Same digits, different magnitude or a percent that is not there.
    expect(checkGrounding('全年目标为GDP440万元。[1]', numbered)).toMatchObject({ ok: false, reason: 'number 440万元 not in cited passages' });
    expect(checkGrounding('同比增长8.4%。[1]', numbered)).toMatchObject({ ok: false, reason: 'number 8.4% not in cited passages' });
  });

  it('ignores citation markers and the cited article’s date (今年 resolved to a year)', () => {
    expect(checkGrounding('2024年4月20日，谢春生主持会议。[2]', numbered)).toEqual({ ok: true });
    expect(checkGrounding('2023年全区GDP为86.08亿元。[1]', numbered)).toEqual({ ok: true });
    // A year unrelated to the cited article's date is a claim.
    expect(checkGrounding('2019年全区GDP为86.08亿元。[1]', numbered)).toMatchObject({ ok: false, reason: 'number 2019 not in cited passages' });
    // Passage 3 has no date, so no year is free there.
    expect(checkGrounding('2024年计划项目59个。[3]', numbered)).toMatchObject({ ok: false, reason: 'number 2024 not in cited passages' });
  });

  it('treats list numbering as layout', () => {
    expect(checkGrounding('1. 全区GDP为86.08亿元。[1]\n2. 谢春生主持会议。[2]', numbered)).toEqual({ ok: true });
  });

  it('rejects a person named next to a title or verb who is not in the cited passages', () => {
    expect(checkGrounding('会议由王小明书记主持。[2]', numbered)).toEqual({ ok: false, reason: 'name 王小明 not in cited passages' });
    expect(checkGrounding('区工委书记王小明出席。[2]', numbered)).toMatchObject({ ok: false, reason: 'name 王小明 not in cited passages' });
    expect(checkGrounding('李强强调要全力冲刺。[2]', numbered)).toMatchObject({ ok: false, reason: 'name 李强 not in cited passages' });
    // A real name, but cited to a passage that does not mention it.
    expect(checkGrounding('谢春生主持会议，全区GDP为86.08亿元。[1]', numbered)).toMatchObject({ ok: false, reason: 'name 谢春生 not in cited passages' });
  });

  it('accepts names and titles copied from the cited passage', () => {
    expect(checkGrounding('区工委书记文春方出席并讲话，区工委副书记、管委会主任谢春生主持会议。[2]', numbered)).toEqual({ ok: true });
    expect(checkGrounding('文春方强调，要全力冲刺“双过半”。[2]', numbered)).toEqual({ ok: true });
    expect(checkGrounding('会议强调要全力冲刺“双过半”。[2]', numbered)).toEqual({ ok: true });
  });

  it('checks corpus names when a list is given, even without a title next to them', () => {
    const knownNames = ['谢春生', '文春方', '何朝晖'];
    expect(checkGrounding('何朝晖参加了会议。[2]', numbered, { knownNames })).toEqual({ ok: false, reason: 'name 何朝晖 not in cited passages' });
    expect(checkGrounding('文春方、谢春生参加了会议。[2]', numbered, { knownNames })).toEqual({ ok: true });
    expect(checkGrounding('會議由謝春生主持。[2]', numbered, { knownNames })).toEqual({ ok: true });
    // The list cannot know invented names; the title heuristic still catches them.
    expect(checkGrounding('会议由王小明书记主持。[2]', numbered, { knownNames })).toMatchObject({ ok: false, reason: 'name 王小明 not in cited passages' });
  });
});

describe('citation numbering', () => {
  it('attaches markers that follow the full stop to the sentence before', () => {
    const s = splitCitedSentences('全区GDP为86.08亿元。[1] 谢春生主持会议。[2][1]');
    expect(s.map((x) => x.cites)).toEqual([[1], [2, 1]]);
  });

  it('lists cited numbers by first appearance', () => {
    expect(citedNumbers('甲[3]。乙[1,3]。丙［２］。')).toEqual([3, 1, 2]);
  });

  it('renumbers citations 1..k by first appearance and splits grouped markers', () => {
    expect(renumberCitations('甲。[3] 乙。[1,3] 丙【2】。')).toEqual({ text: '甲。[1] 乙。[2][1] 丙[3]。', order: [3, 1, 2] });
  });
});
