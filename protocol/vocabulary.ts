/** The closed vocabularies events use: distress kinds, severities, kiosk tasks and outcomes, camera states. */
export const DISTRESS_KINDS = ['negative-affect', 'fall', 'long-wait', 'kiosk-friction', 'help-request'] as const;
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export const KIOSK_TASKS = ['ticket', 'appointment', 'self-help', 'call-person', 'feedback', 'other'] as const;
export const KIOSK_OUTCOMES = ['completed', 'abandoned', 'timeout', 'error', 'escalated'] as const;
export const CAMERA_STATES = ['ok', 'starting', 'stalled', 'restarting', 'offline'] as const;
