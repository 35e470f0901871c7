/**
 * The customer needs self-help answers: the 77 intents of BANKING77 (Casanueva et al., 2020,
 * PolyAI, CC BY 4.0), as the event contract (protocol/needs.ts) and the intent model name them.
 * Each knowledge-base article says which of them it answers, at most three closely related ones.
 */
export { isNeed, NEEDS, type Need } from '../../protocol/needs.ts';

/** An article answers at most this many closely related needs. */
export const MAX_NEEDS_PER_ARTICLE = 3;
