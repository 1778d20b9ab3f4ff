/**
 * The words of the chronology and case notes.
 */
export const SIGNIFICANCE = [
  { value: 'routine', text: 'Routine', hint: 'Part of the family’s ordinary support' },
  { value: 'significant', text: 'Significant', hint: 'Changes what is known about the family or what happens next' },
  { value: 'critical', text: 'Critical', hint: 'A serious incident or a safeguarding concern' },
] as const;

export type Significance = (typeof SIGNIFICANCE)[number]['value'];

export const EVENT_CATEGORIES = [
  { value: 'family', text: 'Family life', hint: 'A birth, a move, a separation, a bereavement' },
  { value: 'education', text: 'Education', hint: 'Exclusion, attendance, a change of school' },
  { value: 'health', text: 'Health', hint: 'A diagnosis, an admission, a missed appointment' },
  { value: 'police', text: 'Police', hint: 'A call-out, an arrest, a missing episode' },
  { value: 'support', text: 'Support', hint: 'A service starting or ending' },
  { value: 'safeguarding', text: 'Safeguarding', hint: 'A concern raised, a step up to social care' },
  { value: 'record', text: 'The family’s record', hint: 'Recorded by TellOnce: people added, consent, merges' },
] as const;

export const NOTE_CATEGORIES = [
  { value: 'home_visit', text: 'Home visit' },
  { value: 'school_visit', text: 'Visit at school or setting' },
  { value: 'office_meeting', text: 'Meeting in an office or centre' },
  { value: 'phone_call', text: 'Phone or video call' },
  { value: 'message', text: 'Message, letter or email' },
  { value: 'professional_discussion', text: 'Discussion with another professional' },
  { value: 'other', text: 'Other' },
] as const;

export function textOf(list: readonly { value: string; text: string }[], value: string): string {
  return list.find((item) => item.value === value)?.text ?? value;
}
