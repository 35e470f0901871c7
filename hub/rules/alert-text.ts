/** The words an alert shows the floor, in English and Chinese: why it opened and what to consider. */
import type { BilingualText } from '../bus.ts';
import type { CounterInfo } from '../queue/queue-snapshot.ts';
import type { NamedZone, ServiceFacts } from './branch-facts.ts';
import type { DistressKind, Severity } from './rule-set.ts';

type Named = { nameEn: string; nameZh: string } | undefined;

const DISTRESS_WORDS: Record<DistressKind, BilingualText> = {
  fall: { en: 'Possible fall', zh: '疑似跌倒' },
  'help-request': { en: 'Customer asking for help', zh: '客户请求帮助' },
  'kiosk-friction': { en: 'Customer struggling at a kiosk', zh: '客户使用自助机遇到困难' },
  'long-wait': { en: 'Customer waiting a long time', zh: '客户等候时间过长' },
  'negative-affect': { en: 'Customer looks upset', zh: '客户情绪不佳' },
};

const SEVERITY_WORDS: Record<Severity, BilingualText> = { low: { en: 'low', zh: '低' }, medium: { en: 'medium', zh: '中' }, high: { en: 'high', zh: '高' } };

const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));

function place(zone: Named, fallback: string): BilingualText {
  return { en: zone?.nameEn ?? fallback, zh: zone?.nameZh ?? fallback };
}

export function distressReason(kind: DistressKind, severity: Severity, zone: Named, zoneId: string): BilingualText {
  const where = place(zone, zoneId);
  return { en: `${DISTRESS_WORDS[kind].en} in ${where.en} (${SEVERITY_WORDS[severity].en})`, zh: `${where.zh}：${DISTRESS_WORDS[kind].zh}（${SEVERITY_WORDS[severity].zh}）` };
}

export function longQueueReason(zone: NamedZone, people: number, forS: number): BilingualText {
  return { en: `${zone.nameEn}: ${people} people in line for ${forS} s or more`, zh: `${zone.nameZh}：${people}人排队已持续${forS}秒以上` };
}

/** "Open Counter 3 — Teller queue 9 people" / "开放3号柜台 — 存取款排队9人". */
export function longQueueSuggestion(counter: CounterInfo, zone: NamedZone, service: ServiceFacts | undefined, people: number): BilingualText {
  return { en: `Open ${counter.nameEn} — ${zone.nameEn} ${people} people`, zh: `开放${counter.nameZh} — ${service?.nameZh ?? zone.nameZh}排队${people}人` };
}

export function waitBreachReason(service: Named, serviceId: string, predictedS: number, targetS: number): BilingualText {
  const name = place(service, serviceId);
  return {
    en: `${name.en} wait predicted ${minutes(predictedS)} min, over the ${minutes(targetS)} min target`,
    zh: `${name.zh}预计等待${minutes(predictedS)}分钟，超过${minutes(targetS)}分钟目标`,
  };
}

/** "Open Counter 3 — Deposits and withdrawals wait predicted 18 min over the 10 min target". */
export function waitBreachSuggestion(counter: CounterInfo, service: Named, serviceId: string, predictedS: number, targetS: number): BilingualText {
  const name = place(service, serviceId);
  return {
    en: `Open ${counter.nameEn} — ${name.en} wait predicted ${minutes(predictedS)} min over the ${minutes(targetS)} min target`,
    zh: `开放${counter.nameZh} — ${name.zh}预计等待${minutes(predictedS)}分钟，超过${minutes(targetS)}分钟目标`,
  };
}

export function cameraReason(sourceId: string, cameraId: string, state: string): BilingualText {
  const zh: Record<string, string> = { stalled: '画面停滞', restarting: '正在重启', offline: '离线' };
  return { en: `Camera ${cameraId} on ${sourceId} is ${state}`, zh: `${sourceId}的摄像头${cameraId}${zh[state] ?? state}` };
}

export function nodeOfflineReason(sourceKind: string, sourceId: string): BilingualText {
  const zh = sourceKind === 'kiosk' ? '自助机' : '边缘节点';
  return { en: `${sourceKind === 'kiosk' ? 'Kiosk' : 'Edge node'} ${sourceId} is offline`, zh: `${zh}${sourceId}已离线` };
}

/** What a negative answer said and the visit it is about; never the comment itself. */
export interface FeedbackFacts {
  csat: number;
  nps: number | null;
  commented: boolean;
  visit: { ticketNumber: string; service: Named; serviceId: string; counter: Named; waitS: number | null } | null;
}

function waited(seconds: number): BilingualText {
  return seconds < 60 ? { en: 'waited under 1 min', zh: '等候不到1分钟' } : { en: `waited ${Math.round(seconds / 60)} min`, zh: `等候${Math.round(seconds / 60)}分钟` };
}

/** "Unhappy customer (ticket A012): CSAT 1/5 after Deposits and withdrawals at Counter 1, waited 14 min — comment left". */
export function feedbackReason({ csat, nps, commented, visit }: FeedbackFacts): BilingualText {
  const scores = { en: `CSAT ${csat}/5${nps === null ? '' : `, NPS ${nps}/10`}`, zh: `满意度${csat}/5${nps === null ? '' : `，推荐度${nps}/10`}` };
  const comment = commented ? { en: 'comment left', zh: '留有评论' } : { en: 'no comment', zh: '未留评论' };
  if (!visit) return { en: `Unhappy customer: ${scores.en} — ${comment.en}`, zh: `客户不满意：${scores.zh}；${comment.zh}` };
  const service = place(visit.service, visit.serviceId);
  const wait = visit.waitS === null ? null : waited(visit.waitS);
  const en = [`after ${service.en}`, visit.counter ? ` at ${visit.counter.nameEn}` : '', wait ? `, ${wait.en}` : ''].join('');
  const zh = [service.zh, visit.counter?.nameZh, wait?.zh].filter(Boolean).join('，');
  return {
    en: `Unhappy customer (ticket ${visit.ticketNumber}): ${scores.en} ${en} — ${comment.en}`,
    zh: `客户不满意（${visit.ticketNumber}号）：${scores.zh}；${zh}；${comment.zh}`,
  };
}

export function feedbackSuggestion(commented: boolean): BilingualText {
  return commented
    ? { en: 'Speak with the customer while they are still in the branch; the comment is in the feedback list', zh: '趁客户仍在网点时上前沟通；评论内容见客户评价列表' }
    : { en: 'Speak with the customer while they are still in the branch', zh: '趁客户仍在网点时上前沟通' };
}
