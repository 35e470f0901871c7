/**
 * Booking codes as the keypad offers them: six characters from the hub's alphabet
 * (hub/queue/numbering.ts: no 0/O or 1/I/L to confuse). A test keeps the two in step.
 */
export const CODE_KEYS: readonly string[] = [...'23456789ABCDEFGHJKMNPQRSTUVWXYZ'];
export const CODE_LENGTH = 6;
