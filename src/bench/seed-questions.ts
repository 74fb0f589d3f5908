/**
 * Questions about the five seed articles, in the style of the development set (leaders, targets,
 * directives, general, traditional script, unanswerable, across articles). Used to time answers on
 * the small corpus and, for comparison, on the large one that contains the seeds too.
 */
export const SEED_QUESTIONS: readonly string[] = [
  '湖南湘江新区经济工作讲评会议由谁主持？',
  '湘江新区讲评会议上谁要求奋战一百天、冲刺全年度？',
  '岳阳经开区今年GDP目标是多少？',
  '岳阳经开区全口径税收目标是多少？',
  '岳阳经开区一季度项目开工率是多少？',
  '岳阳经开区1-4月份完成固定资产投资多少？',
  '文春方在重点工作调度会上提出了哪些要求？',
  '萍乡经开区推进会由谁主持并讲话？',
  '杨博强调要牢固树立什么理念？',
  '萍乡经开区要打造什么样的城市？',
  '吴桂英在协调小组会议上强调了什么？',
  '周海兵对湘江新区提出了哪些要求？',
  '中联智慧产业城建成了哪些园区？',
  '天门二季度项目拉练活动暨稳增长工作推进会是什么时候举行的？',
  '易先荣是什么职务？',
  '天门的稳增长工作推进会由谁主持？',
  '易先榮強調了哪些工作？',
  '湘江新區九華片區的開發建設有什麼意義？',
  '岳阳经开区2023年的进出口总额是多少？',
  '深圳前海新区今年的GDP目标是多少？',
  '湘江新区有多少家独角兽企业？',
  '哪些会议提到了确保实现双过半？',
];
