import { describe, expect, it } from 'vitest';
import { describeRule, repeatPresets } from './repeat-rules.ts';

describe('repeat rules in words', () => {
  it('say the common rules as people do', () => {
    expect(repeatPresets.map((p) => describeRule(p.value))).toEqual(repeatPresets.map((p) => p.label));
    expect(describeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH')).toBe('Every 2 weeks on Monday and Thursday');
    expect(describeRule('RRULE:FREQ=DAILY;COUNT=5\nEXDATE:20261214T090000')).toBe('Every day, 5 times');
    expect(describeRule('FREQ=MONTHLY;UNTIL=20270601T000000Z')).toBe('Every month, until 2027-06-01');
  });

  it('give the rule itself when the words would say less', () => {
    for (const rule of ['FREQ=MONTHLY;BYMONTHDAY=15', 'FREQ=WEEKLY;BYDAY=1MO', 'FREQ=HOURLY', 'nonsense'])
      expect(describeRule(rule)).toBe(rule);
  });
});
