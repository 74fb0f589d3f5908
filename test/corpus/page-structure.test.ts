import { describe, expect, it } from 'vitest';

import { derivedTitle, findMeetingDate, inferYear, parseArticle, pickHeadline } from '../../src/corpus/article.js';
import { classifyLine, endsArticle, looksGarbled, scrubLine } from '../../src/corpus/clean.js';
import { normalizeText } from '../../src/corpus/normalize.js';
import { canonicalZone, detectZone, isBareZoneType, placeMentions, sameZone, zoneCore, zoneMentions } from '../../src/corpus/zone.js';
import { zoneAliases } from '../../src/qa/parse.js';

const article = (...lines: string[]) => parseArticle('t', lines.join('\n'));

describe('headline: chosen among the lines above the body, never the lead', () => {
  it('a page with no headline gets one from its lead’s meeting, and the lead stays in the text', () => {
    const a = article('9月12日,我区在政务中心召开1-9月份经济运行分析会,区长王立主持会议并讲话。', '会议要求,要全面梳理经济运行中的短板。');
    expect(a.titleDerived).toBe(true);
    expect(a.title).toContain('召开1-9月份经济运行分析会');
    expect(a.paragraphs[0]).toContain('区长王立主持会议');
  });

  it('XX会议召开 word order, datelines and 召开的 modifiers give the meeting’s name', () => {
    expect(derivedTitle('8月4日,某某区委常委会、某某开发区党工委会议召开,传达学习会议精神。')).toBe('某某区委常委会、某某开发区党工委会议召开');
    expect(derivedTitle('某某日报讯(记者 张三)记者从1月25日召开的火炬高新区2022年度工作会议上获悉,产值增长。')).toBe('火炬高新区2022年度工作会议');
    expect(derivedTitle('高新区党工委副书记、管委会常务副主任李四主持召开全区工作目标征求意见会。', '郑州高新区')).toBe('郑州高新区召开全区工作目标征求意见会');
  });

  it('a masthead, a slogan and a breadcrumb above the headline are not it', () => {
    const a = article('某某市人民政府', '开放创新 · 智慧生态 · 产城融合', '首页 > 要闻动态 > 正文', '某某新区管委会召开三季度工作会议', '发表时间:2024-07-17', '7月17日下午,某某新区召开三季度工作会议,总结分析二季度工作推进情况。');
    expect(a.title).toBe('某某新区管委会召开三季度工作会议');
    expect(a.date).toBe('2024-07-17');
    expect(a.paragraphs.join('\n')).not.toContain('开放创新');
  });

  it('a repeated headline is preferred and removed from the body; subtitles stay', () => {
    const lines = ['某某经开区召开党工委会议', '全力抓好七大行动', '某某经开区召开党工委会议', '5日,某某经开区召开党工委会议,传达学习会议精神,安排部署相关工作。'];
    const norms = lines.map(normalizeText);
    expect(pickHeadline(norms, new Set())).toBe(0);
    const a = article(...lines);
    expect(a.title).toBe('某某经开区召开党工委会议');
    expect(a.paragraphs.filter((p) => p === '某某经开区召开党工委会议')).toHaveLength(0);
  });

  it('column labels and trailing separators are not part of the headline', () => {
    expect(article('【经开要闻】某某经开区召开工作总结大会 |', '7月30日,某某经开区召开工作总结大会,总结上半年工作。').title).toBe('某某经开区召开工作总结大会');
  });

  it('a headline with its metadata run on is split', () => {
    const a = article('某某开发区召开党工委会议 发布时间:2024-12-12 08:27:58 来源:某某开发区', '12月11日,某某开发区召开党工委会议,研究部署工作。');
    expect(a.title).toBe('某某开发区召开党工委会议');
    expect(a.date).toBe('2024-12-12');
  });
});

describe('page furniture', () => {
  it.each([
    '您当前的位置:首页 > 新闻中心 > 内容',
    '首页 > 专题 > 经开动态',
    '当前版: 02版 上一版 下一版',
    '第05版:要闻 PDF版',
    '免责声明:本网转载稿件仅代表作者观点',
    '(资料图片仅供参考)',
    '【资料图】',
    '图为会议现场',
    '重点项目观摩现场',
    '3上一篇 下一篇4',
    '• 扫一扫在手机打开当前页',
    '(文稿:吴某某 校对:赵某 审核:程某某)',
    '编审 孙某某',
    '地址:某某省某某市某某路2号',
    '某公网安备 53010202000622号',
    '关闭 打印',
  ])('%s', (line) => {
    expect(classifyLine(normalizeText(line))).toBe('chrome');
  });

  it('keeps sentences, and photo captions with their credit (who took the pictures is asked)', () => {
    expect(classifyLine('会议要求,要把项目建设作为拉动经济增长的动力源。')).toBe('content');
    expect(classifyLine('协调小组会议现场。 均为 郭雨滴 摄')).toBe('content');
  });

  it('after 新闻推荐 or 相关阅读 the page lists other articles', () => {
    expect(endsArticle('新闻推荐')).toBe(true);
    expect(endsArticle('▼ 推荐阅读 ▼')).toBe(true);
    expect(endsArticle('会议推荐了三个项目。')).toBe(false);
    const a = article('某某高新区召开工作会议', '3月1日,某某高新区召开工作会议,部署全年工作。', '新闻推荐', '高新区 落实三个攻坚突破年 谱写新篇章');
    expect(a.paragraphs.join()).not.toContain('攻坚突破年');
  });

  it('strips spam runs, image file names, e-paper continuations and markdown remnants from a line', () => {
    expect(scrubLine('会议强调mobile28365-365_bt365如何_beat365官网在线要抓项目', false)).toBe('会议强调要抓项目');
    expect(scrubLine('会议现场 微信图片_202304141844391.jpg', false)).toBe('会议现场');
    expect(scrubLine('全力冲刺全年目标(转2版)', false)).toBe('全力冲刺全年目标');
    expect(scrubLine('第G02版:要闻 ![]() |', false)).not.toContain('![]');
  });

  it('a lone letter or ! between characters is mojibake only in a garbled file', () => {
    expect(looksGarbled('經(jīng)濟(jì)')).toBe(true);
    expect(looksGarbled('全市P值达到目标!要继续努力')).toBe(false);
    expect(scrubLine('任务!要继续努力', false)).toBe('任务!要继续努力');
    expect(scrubLine('確!半p過半', true)).not.toContain('!');
  });

  it('a credit line is the byline, not text; a trailing credit is cut from its paragraph', () => {
    const a = article('某某经开区召开调度会', '3月20日,某某经开区召开调度会,部署工作。(融媒体记者 陈某)', '(记者 程某某 通讯员 李某某)');
    expect(a.paragraphs.join()).not.toMatch(/陈某|程某某/);
    expect(a.byline).toMatch(/^记者 (?:陈某|程某某)$/);
  });
});

describe('dates', () => {
  it('昨天, 今天 and a lone day count from the publication date', () => {
    expect(findMeetingDate(['昨天上午,某某开发区召开会议。'], '2023-03-02')).toBe('2023-03-01');
    expect(findMeetingDate(['今天,某某开发区召开会议。'], '2023-03-02')).toBe('2023-03-02');
    expect(findMeetingDate(['25日,某某区党工委召开会议。'], '2022-11-26')).toBe('2022-11-25');
    expect(findMeetingDate(['28日,某某区召开会议。'], '2022-12-03')).toBe('2022-11-28');
  });

  it('without a publication date, a month and day are kept as MM-DD; a dateline’s date is not the meeting’s', () => {
    expect(findMeetingDate(['2月23日,某某开发区召开会议。'], null)).toBe('02-23');
    expect(findMeetingDate(['某某网12月15日讯(通讯员 刘某)12月13日下午,座谈会在某地举行。'], null)).toBe('12-13');
  });

  it('a date laid out over lines is read; an undated meeting takes the year its text reports on, marked inferred', () => {
    const a = article('某某经开区召开分析会', '2022', '04/21', '07:11', '4月20日,某某经开区召开一季度经济运行分析会。');
    expect(a.date).toBe('2022-04-21');
    expect(inferYear(['2018年度工作总结大会召开,总结2018年工作。'], 2)).toBe(2019);
    expect(inferYear(['会议总结2023年上半年工作,2023年上半年地区生产总值增长。'], 7)).toBe(2023);
    // Later in the year, two years named as often: no guess.
    expect(inferYear(['2023年上半年增长,2024年目标'], 8)).toBeNull();
    const b = article('某某经开区召开半年工作总结会', '7月31日,某某经开区召开全区2022年项目拉练活动暨半年工作总结会。');
    expect(b.meetingDate).toBe('2022-07-31');
    expect(b.meetingYearInferred).toBe(true);
  });
});

describe('zone grammar: place + qualifier + zone type, places from the administrative divisions', () => {
  it('a phrase before a zone type is no zone', () => {
    for (const text of ['当前经开区正处于关键期', '打赢全经开区攻坚战', '建设国家一流高新区', '年新春高新区工作会']) {
      expect(zoneMentions(text).filter((m) => m.qualified), text).toEqual([]);
    }
  });

  it('a place, a qualifier and a type; party prefixes and spaces left out', () => {
    expect(zoneMentions('召开嘉兴现代服务业集聚区工作会议')[0]).toMatchObject({ name: '嘉兴现代服务业集聚区', known: true });
    expect(zoneMentions('中共遂宁经开区工委')[0].name).toBe('遂宁经开区');
    expect(zoneMentions('遂宁 经开区传达学习')[0].name).toBe('遂宁经开区');
    expect(zoneMentions('中山火炬高技术产业开发区')[0].name).toBe('中山火炬高新区');
    expect(zoneMentions('西咸新区秦汉新城召开会议').map((m) => m.name)).toEqual(['西咸新区', '秦汉新城']);
  });

  it('canonical forms compare full and short names, with or without the province or parent zone', () => {
    expect(canonicalZone('岳阳经济技术开发区')).toBe('岳阳经开区');
    expect(sameZone('湖南湘江新区', '湘江新区')).toBe(true);
    expect(sameZone('遂宁市经开区', '遂宁经济开发区')).toBe(true);
    expect(sameZone('岳阳经开区', '萍乡经开区')).toBe(false);
    expect(zoneCore('兰州经济区')).toBe('兰州');
  });

  it('a place whose name holds a boundary character (呼和浩特) is read whole', () => {
    expect(zoneMentions('呼和浩特经开区召开2024年第4次管委会会议')[0].name).toBe('呼和浩特经开区');
  });

  it('districts in a question are places only when they are administrative ones', () => {
    expect(placeMentions('九龙坡区前三季度地区生产总值')).toContain('九龙坡区');
    expect(placeMentions('全区前三季度地区生产总值')).toEqual([]);
  });

  it('the zone of an article: title, then the lead; the place from the outlet or the office named with it', () => {
    // A district's name is not its zone's (文峰区委书记 heads 安阳高新区): the type, and no more.
    expect(detectZone({ title: '高新区召开党工委(扩大)会议', paragraphs: ['7月24日,冀州区委书记、高新区党工委书记张某主持召开高新区党工委(扩大)会议。'], breadcrumb: '', source: '' })).toBe('高新区');
    expect(detectZone({ title: '经开区召开党工委(扩大)会议', paragraphs: ['7月24日,安岳县委书记、经开区党工委书记张某主持召开经开区党工委(扩大)会议。'], breadcrumb: '', source: '' })).toBe('安岳经开区');
    expect(detectZone({ title: '经开区召开经济运行调度会', paragraphs: ['3月1日,经开区召开经济运行调度会。'], breadcrumb: '', source: '衢州日报' })).toBe('衢州经开区');
    expect(detectZone({ title: '我区召开一季度分析会', paragraphs: ['3月20日,区委常委叶某主持召开我区一季度分析会。'], breadcrumb: '', source: '广元市昭化区发展和改革局' })).toBe('昭化区');
    expect(detectZone({ title: '呈贡区召开一季度经济运作分析会', paragraphs: ['3月31日,呈贡区召开一季度经济运作分析会,云南省数字经开区建设有序。'], breadcrumb: '', source: '' })).toBe('呈贡区');
    expect(detectZone({ title: '全市一季度经济运行分析会召开', paragraphs: ['4月23日,包头市召开一季度经济运行分析会。'], breadcrumb: '', source: '' })).toBe('包头市');
  });

  it('a meeting named by its holder’s kind takes the name the text or the site gives that kind', () => {
    const zone = (title: string, lead: string, source = '') => detectZone({ title, paragraphs: [lead, '会议要求,各部门要抓好落实。'], breadcrumb: '', source });
    // 市政府常务会议 is the city's meeting, whatever zones its agenda names.
    expect(zone('王某主持召开市政府常务会议', '4月23日,市长王某主持召开市政府常务会议,研究太湖新区建设。太湖新区管委会汇报了工作。', '湖州日报')).toBe('湖州市');
    // A visiting 市委书记 does not make the zone's meeting the city's.
    expect(zone('市委书记陈某到龙安开发区调研', '4月1日,市委书记陈某到龙安开发区调研。龙安开发区汇报了一季度工作。', '福鼎新闻网')).toBe('龙安开发区');
    // 区委常委会 of an outlet that names its district.
    expect(zone('李某主持召开区委常委会会议', '10月9日,李某主持召开区委常委会会议。', '九龙坡区融媒体中心')).toBe('九龙坡区');
    // Named only by its type, with no place anywhere: the type, and no more.
    expect(zone('高新区召开党工委会议', '2月18日,高新区召开党工委会议,党工委书记凌某主持。')).toBe('高新区');
    // 全市 in a county-level city's own outlet (今日沁阳) is that city.
    expect(zone('郭某主持召开务虚会', '12月11日,市委书记郭某主持召开全市工作谋划务虚会。', '今日沁阳')).toBe('沁阳市');
    // A zone given its own office (金普新区党工委) is a name, said once in the lead.
    expect(zone('新区召开经济运行调度会', '10月20日,新区召开经济运行调度会。市委常委,金普新区党工委书记李某讲话。')).toBe('金普新区');
  });

  it('a zone known only by its type names no zone a question can ask about', () => {
    expect(isBareZoneType('高新区')).toBe(true);
    expect(isBareZoneType('经济技术开发区')).toBe(true);
    expect(isBareZoneType('岳阳经开区')).toBe(false);
    expect(isBareZoneType('湖州市')).toBe(false);
    expect(zoneAliases(['高新区', '岳阳经开区']).some((a) => a.zone === '高新区')).toBe(false);
  });
});

describe('government disclosure pages and zones’ own sites', () => {
  it('名称 is the headline, 发布机构 the outlet, and the zone of 我区 is the publishing zone', () => {
    const a = article(
      '政府信息公开',
      '索引号: 11440800745514364C/2025-00039 分类:',
      '发布机构: 某州经济技术开发区党政办公室 成文日期: 2025-06-23',
      '名称: 我区召开上半年经济形势分析会议',
      '6月20日,我区召开上半年经济形势分析会议,区党工委书记杨某主持会议。',
    );
    expect(a.title).toBe('我区召开上半年经济形势分析会议');
    expect(a.date).toBe('2025-06-23');
    expect(a.source).toContain('经济技术开发区党政办公室');
    expect(a.paragraphs.join()).not.toContain('索引号');
  });

  it('a zone site’s masthead gives the place to a headline that names only the zone type', () => {
    const a = article('曲靖经济技术开发区管理委员会', '经开区召开2022年第6次主任办公会', '2022-04-01 10:49:33 来源: 某某网', '3月31日,经开区党工委副书记、管委会主任田某主持召开2022年第6次主任办公会。');
    expect(a.zone).toBe('曲靖经开区');
  });
});

describe('furniture told by where it stands', () => {
  const body = '3月1日,某某经开区召开经济运行调度会,管委会主任王某主持会议并讲话。';
  const more = '会议要求,各部门要抓好项目建设,确保一季度开门红。';

  it('short unpunctuated lines between the headline and the prose, and after the last prose, are furniture', () => {
    const a = article('某某经开区召开经济运行调度会', '分享 微信', '头条', '[复制链接]', body, '坚定信心冲刺四季度', more, '相关附件下载:', '管理登录', '一 审: 张三 李四');
    const text = a.paragraphs.join('\n');
    for (const gone of ['分享 微信', '头条', '[复制链接]', '相关附件下载', '管理登录', '一 审']) expect(text).not.toContain(gone);
    // A deck under the headline is no widget.
    expect(article('某某经开区召开经济运行调度会', '奋战一百天 冲刺全年度', '头条', body, more).paragraphs.join('\n')).toContain('奋战一百天');
    // A heading between paragraphs is the body's, and the lead stays whole.
    expect(text).toContain('坚定信心冲刺四季度');
    expect(text).toContain(body);
  });

  it('a production credit glued after the last sentence is not text', () => {
    const a = article('某某区政府召开常务会议', `${body}版面设计、校对:牟某某`, more);
    expect(a.paragraphs[0].endsWith('主持会议并讲话。')).toBe(true);
  });

  it('a headline printed beside its date is the headline, and the breadcrumb stands above it', () => {
    const a = article('当前位置:', '抓重点 明方向 某某高新区闵行园区召开年度工作会议 2021/10/22 0:00:00', body, more);
    expect(a.title).toContain('召开年度工作会议');
    expect(a.date).toBe('2021-10-22');
    const b = article('县委人大政府政协人武', '您现在的位置:首页 > 时政要闻 > 正文', '王某:推进某某经开区重点工作', body, more);
    expect(b.title).toBe('王某:推进某某经开区重点工作');
  });

  it('昨日 counts from the dateline’s day, and the dateline’s date is not the meeting’s', () => {
    expect(findMeetingDate(['红网长沙县站1月16日讯(记者 某某)昨日,长沙经开区召开经济工作会议,总结2012年工作。'], '2013-01-17')).toBe('2013-01-15');
    expect(findMeetingDate(['某某经开区召开2017年总结表彰暨2018年重点工作推进会。', '红网湘潭县分站4月10日讯(记者 某某)4月9日上午,某某经开区召开推进会。'], null)).toBe('04-09');
  });

  it('a meeting that sums one year up and names the next is the next one’s', () => {
    expect(inferYear(['4月9日上午,某某经开区召开2017年总结表彰暨2018年重点工作推进会。'], 4)).toBe(2018);
  });
});

describe('zone names and page lines seen on more sites', () => {
  const body = '3月20日,某某园区召开经济运行调度会,管委会主任王某主持会议并讲话。';

  it('more zone types, long names standing alone, and verbs that are no part of a name', () => {
    expect(zoneMentions('河南郑州航空港区召开2024年第4次党工委会议')[0].name).toBe('河南郑州航空港区');
    expect(zoneMentions('来自 苏锡通科技产业园区')[0].name).toBe('苏锡通科技产业园区');
    expect(zoneMentions('副组长、市川藏经济协作试验区建设领导小组')[0].name).toBe('川藏经济协作试验区');
    expect(zoneMentions('会议传达新区党工委精神').every((m) => !m.qualified)).toBe(true);
    // 国家 (级) is a rank; a phrase after the place is no qualifier.
    expect(zoneMentions('主办:焦作国家高新技术产业开发区')[0].name).toBe('焦作高新区');
    expect(zoneMentions('长春国家级经济技术开发区')[0].name).toBe('长春经开区');
    expect(zoneMentions('吉林市调度全市各开发区经济运行').every((m) => !m.qualified)).toBe(true);
    expect(zoneMentions('天门要加快建设什么示范区').some((m) => m.name.startsWith('天门'))).toBe(false);
  });

  it('where the page took the article from, the first headline and a footer are not text', () => {
    const a = article('王某出席苏锡通园区二季度重点工作交流会', '来自 苏锡通科技产业园区', body, '原标题:加速推进落项目聚产业', '会议要求,各部门要抓好落实。', '互联网违法不良信息举报 意见反馈 新闻地图 旧版回顾');
    expect(a.source).toBe('苏锡通科技产业园区');
    expect(a.zone).toBe('苏锡通科技产业园区');
    const text = a.paragraphs.join('\n');
    expect(text).not.toContain('原标题');
    expect(text).not.toContain('不良信息举报');
  });

  it('a breadcrumb left in front of the headline is cut off', () => {
    expect(article('奇宝库 > 长春净月高新区:锚定GDP增长7.2% 吹响高质量发展号角', body).title).toBe('长春净月高新区:锚定GDP增长7.2% 吹响高质量发展号角');
  });

  it('a derived headline with no zone to name is named by the chair', () => {
    expect(derivedTitle('3月20日,市委常委、领导小组办公室专职副主任李蓉主持召开领导小组办公室例会。')).toBe('李蓉主持召开领导小组办公室例会');
  });
});

describe('a zone named by its qualifier alone, or by its place before 召开', () => {
  it('医药高新区 in 泰州日报 is 泰州医药高新区; 大亚湾召开… in a text that says 大亚湾开发区 is 大亚湾开发区', () => {
    const body = (s: string) => [s, '会议要求,各部门要抓好落实。'];
    expect(detectZone({ title: '医药高新区力争进入国家级高新区第一方阵', paragraphs: body('2月1日,医药高新区召开工作会议。医药高新区管委会主任王某讲话。'), breadcrumb: '', source: '发布: 编辑:泰州日报 阅读数:1061' })).toBe('泰州医药高新区');
    expect(detectZone({ title: '大亚湾召开重要工作会议', paragraphs: body('2月1日,大亚湾开发区召开工作会议。2023年大亚湾开发区地区生产总值增长7.2%。'), breadcrumb: '', source: '' })).toBe('大亚湾开发区');
  });
});

describe('batch 13 layouts', () => {
  it('a labelled date is the article’s, not the site’s clock above it', () => {
    const a = article('2023年10月10日 星期二', '西部工业区发展工作组第二次全体会议召开', '发布日期:2012-06-29', '6月28日,西部工业区发展工作组召开第二次全体会议,慕某出席并讲话。', '会议要求,各部门要抓好落实。');
    expect(a.date).toBe('2012-06-29');
  });

  it('the zone whose meeting is studied is not the zone that met; a 园 with its own 党工委 is a zone', () => {
    const zone = (lead: string) => detectZone({ title: lead.split('。')[0], titleFromLead: true, paragraphs: [lead, '会议要求,各部门要抓好落实。'], breadcrumb: '', source: '' });
    expect(zone('9月27日上午,广德园党工委书记、管委会主任彭某主持召开会议,专题学习广州开发区、广州高新区工作委员会2022年第二次工作会议精神。')).toBe('广德园');
    expect(zoneMentions('东疆保税港区管委会召开上半年工作会议')[0].name).toBe('东疆保税港区');
  });
});
