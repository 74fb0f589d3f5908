/**
 * Chinese surnames, single and compound: a person's name in these reports starts with one. Used by
 * ingestion (a "name" that starts with none, such as 会专题, is a fragment of text) and by question
 * parsing (names a question may ask about). The 百家姓 and common modern surnames, less the few that
 * are far more often words in these reports (和, 全, 国, 党, 都 …).
 */
export const SINGLE_SURNAMES =
  '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于傅皮卞齐康伍余元卜顾孟平黄穆萧尹姚邵湛汪祁毛禹狄米贝明臧伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫房裘缪干解宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰鄂索咸籍赖卓蔺屠蒙池乔阴胥苍双闻莘翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿边扈燕冀郏浦尚农温庄晏柴瞿阎慕连茹习宦艾鱼容向古易慎戈廖庾暨衡耿满弘匡文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚简饶曾毋沙乜养鞠须丰巢关蒯相查荆红游竺权逯盖桓公肖覃谌佘冼闫付兰练揭植苟帅代但腾铁税母谯粟晋卿仝亢商';

/** The commonest surnames: enough to tell a name in a question without mistaking words for names. */
export const COMMON_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤易涂文季康常乔赖欧阎';

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
