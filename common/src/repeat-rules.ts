// Repeat rules (RRULE, RFC 5545) as people say them: the common choices a picker offers, and a
// rule read back in words ("Every weekday", "Every 2 weeks on Monday and Thursday").

export const repeatPresets = [
  { value: 'FREQ=DAILY', label: 'Every day' },
  { value: 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', label: 'Every weekday' },
  { value: 'FREQ=WEEKLY', label: 'Every week' },
  { value: 'FREQ=WEEKLY;INTERVAL=2', label: 'Every 2 weeks' },
  { value: 'FREQ=MONTHLY', label: 'Every month' },
  { value: 'FREQ=YEARLY', label: 'Every year' },
] as const;

const dayNames: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const units: Record<string, string> = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' };

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** The rule in words; the rule itself when it says more than these words can. */
export function describeRule(text: string): string {
  const rule = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l && !/^EXDATE/i.test(l))
    ?.replace(/^RRULE:/i, '');
  if (!rule) return text;
  const parts = new Map(
    rule.split(';').map((p) => {
      const [k, v = ''] = p.split('=');
      return [k.toUpperCase(), v.toUpperCase()] as const;
    }),
  );
  const unit = units[parts.get('FREQ') ?? ''];
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'COUNT', 'UNTIL']);
  if (!unit || [...parts.keys()].some((k) => !known.has(k))) return text;
  const n = Number(parts.get('INTERVAL') ?? 1);
  const days = (parts.get('BYDAY') ?? '').split(',').filter(Boolean);
  if (days.some((d) => !dayNames[d])) return text;
  const weekdays = days.length === 5 && ['MO', 'TU', 'WE', 'TH', 'FR'].every((d) => days.includes(d));
  let out =
    weekdays && n === 1 && unit !== 'month' && unit !== 'year'
      ? 'Every weekday'
      : `Every ${n > 1 ? `${n} ${unit}s` : unit}${days.length ? ` on ${list(days.map((d) => dayNames[d]))}` : ''}`;
  const count = parts.get('COUNT');
  if (count) out += `, ${count} time${count === '1' ? '' : 's'}`;
  const until = parts.get('UNTIL');
  if (until && /^\d{8}/.test(until)) out += `, until ${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}`;
  return out;
}
