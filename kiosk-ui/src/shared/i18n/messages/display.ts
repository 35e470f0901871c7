/** The lobby "now serving" board. `announce` is also spoken, in each language in turn. */
import { defineCatalogue } from '../catalogue.ts';

export const displayMessages = defineCatalogue(
  {
    title: 'Now serving',
    ticket: 'Ticket',
    counter: 'Counter',
    recentCalls: 'Called before',
    noCalls: 'No numbers called yet',
    waitingTitle: 'Waiting',
    waitingCount: ({ n }: { n: number }) => (n === 1 ? '1 waiting' : `${n} waiting`),
    closed: 'Closed',
    soundOn: 'Turn sound on',
    announce: ({ number, counter }: { number: string; counter: string }) => `Ticket ${number}, please go to ${counter}`,
    cameraNotice: 'Cameras in this branch count people and measure waiting times. No recognition, no images stored.',
  },
  {
    title: '正在叫号',
    ticket: '号码',
    counter: '柜台',
    recentCalls: '已叫号',
    noCalls: '暂无叫号',
    waitingTitle: '等候情况',
    waitingCount: ({ n }) => `${n}人等候`,
    closed: '暂停办理',
    soundOn: '开启声音',
    announce: ({ number, counter }) => `请${number}号到${counter}`,
    cameraNotice: '本网点摄像头仅用于统计人数和等候时间，不识别身份，不保存图像。',
  },
);
