/** Everything the bot says that is not an answer, in one place so the tone stays consistent. */
export const COPY = {
  error: '抱歉，处理这个问题时出错了，请稍后再试。',
  emptyQuestion: (prefix: string, command: string) =>
    `请在后面写上问题，例如：${prefix} 岳阳经开区今年GDP目标是多少？（也可以用 ${command}）`,
  rateLimited: (perMinute: number) => `提问有点快了：每人每分钟最多 ${perMinute} 个问题，请稍等一会儿再问。`,
  channelNotEnabled: '我要问 没有在这个频道启用。请到已启用的频道或私信我提问。',
  searching: (question: string) => `正在查找：${question}`,
  briefNotFound: (query: string) => `没有找到与「${query}」相关的会议简报。`,
  expired: '这条回答已过期（机器人重启或时间太久），请重新提问。',
  feedbackThanks: (vote: 'up' | 'down') => (vote === 'up' ? '谢谢反馈！👍 已记录。' : '谢谢反馈！👎 已记录，我们会改进。'),
  feedbackFailed: '抱歉，反馈没能记录下来，请稍后再试。',
  shared: '已分享到频道。',
  shareNotInChannel: '我还不在这个频道，无法分享。请先把 我要问 加入频道（/invite），或在频道里 @我要问 提问。',
  usage: (command: string, prefix: string) =>
    [
      '我要问：根据本地新闻资料回答经开区、新区的经济工作问题，并注明出处。',
      '',
      `${command} 问题 —— 只有你能看到回答，可一键分享到频道`,
      `${command} 简报 地区/人名 —— 会议简报（领导、目标、要求）`,
      `${command} help —— 显示本说明`,
      '',
      `在频道里：@我要问 问题，或以「${prefix}」开头发消息；在回答的讨论串里可以直接追问。`,
      '也可以私信我提问。',
      '',
      `例如：${command} 岳阳经开区今年GDP目标是多少？`,
    ].join('\n'),
} as const;
