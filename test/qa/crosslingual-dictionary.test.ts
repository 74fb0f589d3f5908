import { describe, expect, it } from 'vitest';

import { loadEnglishDictionary } from '../../src/app/qa-service.js';
import { createTransliterator } from '../../src/qa/crosslingual.js';

describe('English questions through the general dictionary (CC-CEDICT)', () => {
  const transliterate = createTransliterator(['合肥', '李大勇'], { 'development zone': '经开区' }, loadEnglishDictionary);

  it('maps words the field glossary lacks to the articles’ Chinese, longest phrase first', () => {
    const { text } = transliterate('How much did integrated circuit output grow in Hefei development zone?');
    expect(text).toContain('合肥');
    expect(text).toContain('经开区');
    expect(text).toContain('集成电路');
    expect(text).toContain('产量');
  });

  it('marks the dictionary’s translations as guesses, and names and glossary terms as not', () => {
    const { guessed } = transliterate('How much did integrated circuit output grow in Hefei development zone?');
    expect(guessed).toContain('集成电路');
    expect(guessed).not.toContain('合肥');
    expect(guessed).not.toContain('经开区');
  });

  it('reads plural and past forms (fixed assets, invested)', () => {
    expect(transliterate('fixed assets investments').text).toContain('固定资产');
    expect(transliterate('fixed assets investments').text).toContain('投资');
  });

  it('leaves question words out, and keeps a pinyin name it does not know as unknown', () => {
    const r = transliterate('Who chaired the meeting in Jiulongpo?');
    expect(r.unknownNames).toEqual(['Jiulongpo']);
    expect(r.text).not.toMatch(/谁|什么/);
  });
});

describe('place names in pinyin', () => {
  it('a place word after a name is part of it, and alone names nothing (County is not 西安)', () => {
    const transliterate = createTransliterator(['梓潼', '西安', '鄞州'], {});
    const zitong = transliterate('Who chaired Zitong County\'s economic meeting?');
    expect(zitong.text).toContain('梓潼');
    expect(zitong.text).not.toContain('西安');
    expect(transliterate('Who presided in Yinzhou District?').text).toContain('鄞州');
  });
});

describe('the field’s English phrases', () => {
  it('a phrase with a word slipped in (public fiscal budget revenue) is still the phrase', () => {
    const transliterate = createTransliterator(['许昌'], { 'public budget revenue': '一般公共预算收入', revenue: '收入' });
    expect(transliterate('What public fiscal budget revenue target did Xuchang set?').text).toContain('一般公共预算收入');
    expect(transliterate('What public budget revenue target did Xuchang set?').text).toContain('一般公共预算收入');
  });
});
