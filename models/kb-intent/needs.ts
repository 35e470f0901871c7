/** The classes of the intent model: the customer needs of the event contract (protocol/needs.ts). */
export { isNeed, NEEDS, type Need } from '../../protocol/needs.ts';
