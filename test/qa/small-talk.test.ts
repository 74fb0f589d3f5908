import { describe, expect, it } from 'vitest';
import { smallTalkAnswer, smallTalkOf, type CorpusSummary } from '../../src/qa/small-talk.js';

const SUMMARY: CorpusSummary = { articles: 5, zones: ['湖南湘江新区', '天门市', '岳阳经开区', '萍乡经开区', '某某新区'], from: '2022-05-19', to: '2024-11-14' };

describe('smallTalkOf', () => {
  it.each([
    ['你好', 'greeting'],
    ['您好！', 'greeting'],
    ['hi', 'greeting'],
    ['在吗？', 'greeting'],
    ['我要问 你好', 'greeting'],
    ['谢谢', 'thanks'],
    ['好的谢谢', 'thanks'],
    ['Thank you!', 'thanks'],
    ['help', 'help'],
    ['帮助', 'help'],
    ['你能做什么？', 'help'],
    ['怎么用', 'help'],
  ] as const)('%s is %s', (text, kind) => {
    expect(smallTalkOf(text)).toBe(kind);
  });

  it.each(['你好，岳阳经开区GDP目标是多少？', '谢谢你告诉我谭勇的职务，他主持了哪些会议', '帮助企业的专项行动叫什么', '岳阳经开区', '谁主持的'])('%s is a real question', (text) => {
    expect(smallTalkOf(text)).toBeNull();
  });
});

describe('smallTalkAnswer', () => {
  it('says what the collection covers and gives examples that name one of its zones', () => {
    const a = smallTalkAnswer('greeting', '你好', SUMMARY);
    expect(a.answer).toContain('5 篇文章');
    expect(a.answer).toContain('2022-05 至 2024-11');
    expect(a.answer).toContain('湖南湘江新区、天门市、岳阳经开区、萍乡经开区等');
    expect(a.answer).toContain('湖南湘江新区的会议由谁主持？');
    expect(a.answer).toContain('简报 湖南湘江新区');
    expect(a).toMatchObject({ abstained: true, citations: [], mode: 'extractive', question: '你好' });
  });

  it('thanks briefly, and answers in traditional script when greeted in it', () => {
    expect(smallTalkAnswer('thanks', '謝謝', SUMMARY).answer).toBe('不客氣！還有問題隨時問我。');
    expect(smallTalkAnswer('help', '怎麼用', SUMMARY).answer).toContain('資料庫');
  });

  it('says plainly when there are no articles yet', () => {
    expect(smallTalkAnswer('help', 'help', { articles: 0, zones: [], from: null, to: null }).answer).toContain('资料库里还没有文章');
  });
});
