import { normalizeText, toTraditional, isTraditional } from '../corpus/normalize.js';
import type { Answer } from './types.js';

export type SmallTalk = 'greeting' | 'thanks' | 'help';

/** What the collection covers, for telling people what they can ask. */
export interface CorpusSummary {
  articles: number;
  /** Zones with the most articles first. */
  zones: string[];
  from: string | null;
  to: string | null;
}

const GREETING = /^(?:你好|您好|你们好|大家好|嗨|哈喽|hi|hello|hey|在吗|在不在|早上好|上午好|下午好|晚上好|早)$/i;
const THANKS = /^(?:谢谢|谢了|多谢|感谢|谢谢你|谢谢您|好的谢谢|thanks|thank you|thx|辛苦了|收到)$/i;
const HELP = /^(?:help|帮助|使用说明|说明|怎么用|如何使用|怎么问|你能做什么|你会什么|你能干什么|你是谁|介绍一下你自己|能问什么|可以问什么|\?|？)$/i;

/**
 * Greetings, thanks and "how do I use you" are not questions about the articles: they get a
 * friendly line and examples instead of a "not found".
 */
export function smallTalkOf(question: string): SmallTalk | null {
  const t = normalizeText(question)
    .replace(/[\s,.!?;:，。！？；：~～…、]+/g, ' ')
    .trim()
    .replace(/\s*(?:啊|呀|哈|哦|噢|呢|吧|啦)$/, '')
    .replace(/^(?:我要问|请问)\s*/, '');
  if (GREETING.test(t)) return 'greeting';
  if (THANKS.test(t)) return 'thanks';
  if (HELP.test(t)) return 'help';
  return null;
}

export function smallTalkAnswer(kind: SmallTalk, question: string, summary: CorpusSummary): Answer {
  const zones = summary.zones.slice(0, 4);
  const example = zones[0] ?? '经开区';
  const span = summary.from && summary.to ? `（${summary.from.slice(0, 7)} 至 ${summary.to.slice(0, 7)}）` : '';
  const scope = summary.articles
    ? `资料库里有 ${summary.articles} 篇文章${span}，涉及${zones.join('、')}${summary.zones.length > zones.length ? '等' : ''}。`
    : '资料库里还没有文章。';
  const examples = [`${example}的会议由谁主持？`, `${example}的会议提出了哪些要求？`];
  const text =
    kind === 'thanks'
      ? '不客气！还有问题随时问我。'
      : [
          kind === 'greeting' ? '你好！我是 我要问，根据本地新闻资料回答经济工作问题，每条事实都注明出处。' : '我要问 根据本地新闻资料回答经开区、新区的经济工作问题：谁主持或出席了会议、定了什么目标、领导提出了哪些要求。每条事实都注明文章、来源和日期；资料里没有的，会直说没有找到。',
          scope,
          `可以这样问：${examples.join(' ')}`,
          `也可以发「简报 ${example}」查看会议简报。`,
        ].join('\n');
  return {
    question,
    answer: isTraditional(question) ? toTraditional(text) : text,
    abstained: true,
    mode: 'extractive',
    citations: [],
    retrieved: [],
  };
}
