/**
 * A bridge from Chinese banking words to the English words BANKING77 uses for the same thing.
 * We have ~12 Chinese training questions per need against ~130 English ones; a Chinese question
 * that contains 汇率 also gets the English terms of "exchange rate", so it is scored with weights
 * learnt from the English questions as well as from its own characters.
 * Everyday banking vocabulary only, written from a banker's point of view, not from the training
 * rows: a phrase earns its place by meaning the same in any question, not by fixing one.
 */

/** [Chinese phrases, English gloss]: any of the phrases in a question adds the gloss's terms. */
const ENTRIES: ReadonlyArray<readonly [readonly string[], string]> = [
  // cards
  [['卡'], 'card'],
  [['信用卡'], 'credit card'],
  [['借记卡', '储蓄卡'], 'debit card'],
  [['新卡', '换卡', '补卡', '补办'], 'new card'],
  [['实体卡', '实卡'], 'physical card'],
  [['虚拟卡', '虚拟'], 'virtual card'],
  [['一次性', '临时卡'], 'disposable'],
  [['再办一张', '另一张', '多一张', '额外', '副卡'], 'another spare card'],
  [['激活', '开卡', '启用'], 'activate'],
  [['到期', '过期', '有效期'], 'expire'],
  [['坏了', '用不了', '不能用', '没反应', '读不出', '失效', '无法使用'], 'not working'],
  [['万事达'], 'mastercard'],
  [['维萨'], 'visa'],
  [['非接', '闪付', '感应', '挥卡', '碰一碰'], 'contactless'],
  [['苹果支付', '苹果钱包', '苹果'], 'apple pay'],
  [['谷歌'], 'google pay'],
  [['绑定', '关联', '添加', '加到'], 'link add'],
  // delivery
  [['寄', '邮寄', '快递', '物流', '配送', '送到', '送达'], 'delivery'],
  [['没收到', '还没到', '没到', '未收到', '还没来'], 'not arrived'],
  [['收到'], 'received'],
  [['多久', '几天', '多长时间', '要多少天', '什么时候'], 'how long'],
  // loss, theft, fraud
  [['丢', '丢失', '遗失', '挂失', '找不到', '不见了'], 'lost'],
  [['偷', '被盗', '盗窃', '抢'], 'stolen'],
  [['找到了', '找回'], 'found'],
  [['手机'], 'phone'],
  [['盗用', '盗刷', '复制', '被人用', '泄露', '诈骗'], 'compromised fraud'],
  [['不是我', '没做过', '不认识', '不记得', '陌生', '没买过'], 'not recognise'],
  // PIN and passcode
  [['密码'], 'pin'],
  [['登录', '手势', '网银', '手机银行'], 'app passcode'],
  [['忘', '忘了', '忘记', '想不起'], 'forgot'],
  [['锁', '锁定', '冻结', '封了'], 'blocked'],
  [['改', '修改', '更改', '更新', '换一个'], 'change'],
  // money in and out
  [['充值', '充钱', '充了'], 'top up'],
  [['自动'], 'automatic'],
  [['转账', '汇款', '转钱', '转了', '转出', '转入', '转过'], 'transfer'],
  [['到账', '入账'], 'arrive account'],
  [['收款人', '对方', '受益人'], 'recipient beneficiary'],
  [['撤回', '撤销', '追回', '取消'], 'cancel'],
  [['退款', '退钱', '退货'], 'refund'],
  [['退回', '被退', '冲正', '撤回了'], 'reverted returned'],
  [['拒绝', '被拒', '拒了', '不让'], 'declined'],
  [['失败', '不成功', '没成功', '不通过', '报错', '不了'], 'failed'],
  [['处理中', '待确认', '未完成', '在途', '预授权', '待处理', '一直显示'], 'pending'],
  [['取现', '取钱', '取款', '提现', '取了'], 'cash withdrawal'],
  [['取款机', '柜员机', '自动柜员机'], 'atm'],
  [['吞', '吃了', '吃卡', '收走', '没退出来'], 'swallowed'],
  [['现金', '现钞'], 'cash'],
  [['支票'], 'cheque'],
  [['存', '存入', '存款', '存进'], 'deposit'],
  [['余额'], 'balance'],
  [['没显示', '没变', '不变', '没更新', '看不到'], 'not showing'],
  [['工资', '收钱', '收款', '别人给我'], 'receive money'],
  [['消费', '刷卡', '付款', '支付', '买东西', '付的'], 'card payment'],
  [['商家', '商户', '店'], 'merchant'],
  [['两次', '重复', '扣了两'], 'charged twice'],
  [['多扣', '额外扣', '无故', '不明扣费'], 'extra charge'],
  [['自动扣款', '代扣', '代收', '自动续费', '扣款协议'], 'direct debit'],
  [['账单', '对账单', '流水'], 'statement'],
  [['少了', '不够', '少吐', '数目不对'], 'wrong amount'],
  // fees, rates, limits
  [['手续费', '服务费', '收费', '扣费', '费用', '要钱', '免费', '成本'], 'fee charge'],
  [['汇率', '牌价'], 'exchange rate'],
  [['换汇', '兑换', '购汇', '结汇', '换成', '换回', '外汇'], 'exchange currency'],
  [['外币', '货币', '币种'], 'currency'],
  [['美元', '美金'], 'usd dollars'],
  [['欧元'], 'euro'],
  [['英镑'], 'gbp pounds'],
  [['限额', '上限', '额度', '限制', '最多'], 'limit'],
  // account and identity
  [['账户', '帐户', '户口'], 'account'],
  [['开户'], 'open account'],
  [['销户', '注销', '关闭账户', '关户'], 'close account'],
  [['身份', '身份证', '实名', '认证', '核验', '人脸', '刷脸'], 'identity'],
  [['验证', '核实', '确认身份'], 'verify'],
  [['资金来源', '钱从哪来', '收入证明'], 'source of funds'],
  [['年龄', '几岁', '多大', '未成年', '孩子', '儿子', '女儿'], 'age'],
  [['手机号', '地址', '姓名', '名字', '个人信息', '资料'], 'personal details'],
  [['国家', '地区', '海外', '国外', '境外', '出国'], 'country abroad'],
  [['支持', '能用', '可以用'], 'support'],
];

export interface GlossEntry {
  phrases: readonly string[];
  gloss: string;
}

export const ZH_GLOSSARY: readonly GlossEntry[] = ENTRIES.map(([phrases, gloss]) => ({ phrases, gloss }));

/** The English glosses of the entries that occur in a run of Han characters, one per entry. */
export function glossesOf(hanRun: string): string[] {
  return ZH_GLOSSARY.filter((entry) => entry.phrases.some((phrase) => hanRun.includes(phrase))).map((entry) => entry.gloss);
}
