import { describe, expect, it } from 'vitest';
import { loadLexicon } from '../../src/app/qa-service.js';
import { normalizeText } from '../../src/corpus/normalize.js';
import { colloquialToStandard, detectIntent, parseQuestion, zoneAliases } from '../../src/qa/parse.js';

/** Spoken question words (啥, 咋, 哪个人) are read as their written forms before any rule sees them. */

const ZONES = ['湖南湘江新区', '岳阳经开区', '萍乡经开区', '天门市'];
const PEOPLE = ['谭勇', '何朝晖', '文春方', '谢春生', '姚海燕', '杨博', '邓霜丰', '季志政', '吴桂英', '周海兵', '易先荣', '刘艺新', '张华忠', '涂季'];

const lexicon = loadLexicon();
const aliases = zoneAliases(ZONES);
const parse = (question: string) => parseQuestion(question, { lexicon, aliases, people: PEOPLE });

describe('colloquialToStandard', () => {
  it.each([
    ['59个是啥', '59个是什么'],
    ['谭勇啥时候去的', '谭勇什么时候去的'],
    ['讲评会是什么时间开的', '讲评会是什么时候开的'],
    ['挂图作战咋理解', '挂图作战怎么理解'],
    ['岳阳经开区一季度经济咋样', '岳阳经开区一季度经济怎么样'],
    ['萍乡经开区的会是哪个人主持的', '萍乡经开区的会是谁主持的'],
    ['啥会上说了啥', '什么会上说了什么'],
  ])('%s → %s', (spoken, written) => {
    expect(colloquialToStandard(spoken)).toBe(written);
  });

  it('leaves a question with no spoken words as it is', () => {
    const written = '岳阳经开区2022年一季度GDP是多少';
    expect(colloquialToStandard(written)).toBe(written);
  });
});

describe('parseQuestion reads the written form', () => {
  it('岳阳经开区的会谁主持的啥时候开的 → who chaired, 岳阳经开区, with 什么时候 in its words', () => {
    const p = parse('岳阳经开区的会谁主持的啥时候开的');
    expect(p.intent).toBe('leader');
    expect(p.zone).toBe('岳阳经开区');
    expect(p.unknownZone).toBeNull();
    expect(p.person).toBeNull();
    expect(p.norm).toContain('什么时候');
    expect(p.norm).not.toContain('啥');
    expect(p.plain).not.toContain('啥');
  });

  it('湘江新区2024年开过哪些会 → a list of 湖南湘江新区 meetings in 2024', () => {
    expect(detectIntent(normalizeText('湘江新区2024年开过哪些会'))).toBe('list');
    const p = parse('湘江新区2024年开过哪些会');
    expect(p.intent).toBe('list');
    expect(p.zone).toBe('湖南湘江新区');
    expect(p.year).toBe(2024);
  });

  it('中秋节期间谭勇要求啥 → what 谭勇 required', () => {
    const p = parse('中秋节期间谭勇要求啥');
    expect(p.intent).toBe('directive');
    expect(p.person).toBe('谭勇');
    expect(p.norm).toContain('要求什么');
  });

  it('谭勇啥时候去的湘江新区 → a date question only because 啥时候 is 什么时候', () => {
    // The raw text matches no date cue; the written form does.
    expect(detectIntent(normalizeText('谭勇啥时候去的湘江新区'))).not.toBe('date');
    expect(parse('谭勇啥时候去的湘江新区').intent).toBe('date');
  });

  it('萍乡经开区推进会是哪个人主持的 → a leader question only because 哪个人 is 谁', () => {
    expect(detectIntent(normalizeText('萍乡经开区推进会是哪个人主持的'))).not.toBe('leader');
    const p = parse('萍乡经开区推进会是哪个人主持的');
    expect(p.intent).toBe('leader');
    expect(p.zone).toBe('萍乡经开区');
  });

  it('啥 and 咋 never reach the search words', () => {
    for (const q of ['59个是啥', '岳阳经开区经济咋样', '杨博咋说的']) {
      const p = parse(q);
      expect(p.norm).not.toMatch(/[啥咋]/);
      expect(p.plain).not.toMatch(/[啥咋]/);
    }
  });

  it('杨博咋说的 → what 杨博 said (怎么说 is a directive cue)', () => {
    expect(detectIntent(normalizeText('杨博咋说的'))).not.toBe('directive');
    const p = parse('杨博咋说的');
    expect(p.intent).toBe('directive');
    expect(p.person).toBe('杨博');
  });
});
