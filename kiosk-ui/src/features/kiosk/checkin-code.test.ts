import { describe, expect, it } from 'vitest';
import { APPOINTMENT_ALPHABET, appointmentCode } from '../../../../hub/queue/numbering.ts';
import { CODE_KEYS, CODE_LENGTH } from './checkin-code.ts';

describe('the check-in keypad', () => {
  it('offers exactly the characters the hub puts in booking codes', () => {
    expect([...CODE_KEYS].sort()).toEqual([...APPOINTMENT_ALPHABET].sort());
  });

  it('accepts codes as long as the hub makes them', () => {
    expect(appointmentCode()).toHaveLength(CODE_LENGTH);
  });
});
