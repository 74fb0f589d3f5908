/**
 * Chinese surnames, single and compound: a person's name in these reports starts with one. Used by
 * ingestion (a "name" that starts with none, such as 会专题, is a fragment of text) and by question
 * parsing (names a question may ask about). Characters that are far more often words than surnames
 * in these reports (和, 全, 国, 党, 强 …) are left out.
 */
export const SINGLE_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤易涂文季康常乔赖欧阎' +
  '柳牛殷聂温庞樊兰齐施洪左葛鲁单包甘祝储纪焦鲍柴池车房管管伍阮谷翟项祁籍卞柏梅盛童舒晏霍裴佘鄢蓝靳芦尚褚苗凌滕解路麦岳关丰宁巫巩庄蒲邢晋甄宫宗耿' +
  '辛阚芮乐骆喻谈麻冉游隋郎花桂仇娄符连景伏晁欣宿訾敖沙荣缪骞侍蔺逄逯卓瞿宣仲揭藏檀卜冀郁成佟衣郜昌荆桑练劳艾翁占闵姬井桓' +
  '申屠惠官竺迟匡邝操勾蒙边顿查苑初湛蓟浦农习胥权鞠植尤费廉岑薛吉於茅米贝臧穆萧璩曲郦厉封储涂钭虞奚符宓燕卫蔚昝仝修赫戚满琚郗扈寇隆卢冼';

export const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '令狐', '夏侯', '慕容', '尉迟', '公孙', '长孙', '宇文', '司徒', '司空', '端木', '西门', '独孤', '南宫', '万俟', '闻人', '澹台', '轩辕', '呼延', '钟离', '第五'];

const singles = new Set([...SINGLE_SURNAMES]);

/** The surname a name starts with, or null. */
export function surnameOf(name: string): string | null {
  const compound = COMPOUND_SURNAMES.find((s) => name.startsWith(s));
  if (compound) return compound;
  return singles.has(name[0]) ? name[0] : null;
}

/** Whether a string reads as a person's name: a surname and one or two given characters. */
export function looksLikeName(name: string): boolean {
  const surname = surnameOf(name);
  if (!surname) return false;
  const given = name.length - surname.length;
  return given >= 1 && given <= 2;
}
