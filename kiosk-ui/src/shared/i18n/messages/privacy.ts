/**
 * The branch privacy notice: what the cameras and the kiosks measure, what is never done, and
 * what is kept for how long. Expression analysis, the periods and the contact come from the
 * branch's configuration (`GET /api/v1/privacy`); until they arrive the notice says what holds
 * in every branch.
 */
import { defineCatalogue } from '../catalogue.ts';

export const privacyMessages = defineCatalogue(
  {
    title: 'Privacy notice',
    signTitle: 'Cameras and kiosks in this branch',
    intro: 'This branch uses cameras and self-service kiosks to shorten waits and to notice when someone needs help. This is what they measure and what is kept.',
    camerasTitle: 'What the cameras measure',
    camerasCount: 'How many people are in each area and queue, and how long the queues take.',
    camerasDistress: 'Visible signs that someone may need help: a fall, someone lying still, a very long wait.',
    notTitle: 'What is never done',
    camerasFrames: 'Images are analysed inside the camera computer in the branch and are never stored or sent anywhere. Only numbers leave it: counts, areas, durations and scores.',
    camerasNoIdentity: 'No face recognition and no identification. Nobody is followed from one camera to another or from one day to the next. Staff-only areas are masked and never analysed.',
    expressionTitle: 'Facial expressions',
    expressionOff: 'Expression analysis is switched off by default. It is off everywhere in this branch.',
    expressionDefault: 'Expression analysis is switched off by default. A branch may switch it on only in customer waiting areas — never at counters or in staff areas — and must then say so in this notice and on signs in those areas.',
    expressionOn: ({ zones }: { zones: string }) =>
      `Expression analysis is switched off by default. This branch has switched it on only in: ${zones}. There, a computer estimates from the face whether someone looks distressed, so that staff can offer help. The result is a score; no image is kept and nobody is identified. Never at counters or in staff areas.`,
    kioskTitle: 'Kiosks and tickets',
    kioskSessions: 'A kiosk records which screens were used and whether the task was finished, never what you typed. It forgets everything when you leave or after a short time without a touch.',
    kioskTickets: 'A ticket holds its number, the service and its times. The link in its QR code is secret; anyone who has it can see that ticket.',
    kioskFeedback: 'Feedback is optional and anonymous unless you write something personal in the comment.',
    retentionTitle: 'How long data are kept',
    retention: 'Event records are deleted after the branch’s retention period. Only totals, such as hourly counts and average waits, are kept longer to plan staffing and improve service.',
    retentionDays: ({ days, textDays }: { days: number; textDays: number }) =>
      `Event records — counts, tickets, appointments, feedback scores, alerts — are deleted after ${days} days; written comments and staff notes after ${textDays} days. Only totals, such as hourly counts and average waits, are kept longer to plan staffing and improve service.`,
    contact: 'Questions or requests: ask any member of staff or the branch manager.',
    contactBranch: ({ contact }: { contact: string }) => `Questions or requests: ask any member of staff or the branch manager, or write to ${contact}.`,
    scanToRead: 'Read this notice on your phone',
    back: 'Back',
  },
  {
    title: '隐私声明',
    signTitle: '本网点的摄像头与自助服务机',
    intro: '本网点使用摄像头和自助服务机来缩短等候时间，并及时发现需要帮助的客户。以下说明它们测量什么、保存什么。',
    camerasTitle: '摄像头测量什么',
    camerasCount: '各区域和队列中的人数，以及排队所需的时间。',
    camerasDistress: '可能需要帮助的可见迹象：摔倒、长时间躺卧不动、等候时间过长。',
    notTitle: '绝不做什么',
    camerasFrames: '图像只在网点内的摄像头计算机中分析，不会被保存或发送到任何地方。离开它的只有数字：人数、区域、时长和评分。',
    camerasNoIdentity: '不进行人脸识别，不识别身份，不会跨摄像头或跨日追踪任何人。员工专用区域已被遮蔽，从不分析。',
    expressionTitle: '面部表情',
    expressionOff: '表情分析默认关闭。本网点所有区域均未开启。',
    expressionDefault: '表情分析默认关闭。网点只能在客户等候区开启，绝不在柜台或员工区域开启，并且必须在本声明及相关区域的标识中告知。',
    expressionOn: ({ zones }) =>
      `表情分析默认关闭。本网点仅在以下区域开启：${zones}。在这些区域，计算机根据面部估计顾客是否显得不适，以便工作人员及时提供帮助。结果只是一个分数，不保存任何图像，也不识别任何人。绝不在柜台或员工区域使用。`,
    kioskTitle: '自助服务机和排队号',
    kioskSessions: '自助服务机只记录使用了哪些界面、任务是否完成，从不记录您输入的内容。您离开或一段时间无操作后，它会清除一切。',
    kioskTickets: '排队号只包含号码、业务和时间。二维码中的链接是保密的，持有该链接的人可以查看该号码的状态。',
    kioskFeedback: '评价是自愿且匿名的，除非您在留言中写入个人信息。',
    retentionTitle: '数据保存多久',
    retention: '事件记录在网点规定的保存期满后删除。只有汇总数据（如每小时人数、平均等候时间）会保存更久，用于安排人手和改进服务。',
    retentionDays: ({ days, textDays }) =>
      `事件记录（人数、排队号、预约、评分、提醒）在 ${days} 天后删除；书面留言和员工备注在 ${textDays} 天后删除。只有汇总数据（如每小时人数、平均等候时间）会保存更久，用于安排人手和改进服务。`,
    contact: '如有疑问或请求，请咨询任何一位工作人员或网点负责人。',
    contactBranch: ({ contact }) => `如有疑问或请求，请咨询任何一位工作人员或网点负责人，或联系：${contact}。`,
    scanToRead: '用手机阅读本声明',
    back: '返回',
  },
);
