// The periods the dashboard offers: quarters and months around today, as the API names them
// (2026-Q3, 2026-07). Quarters are counted from January, as the server's fiscal year is until the
// organisation settings carry another start.

export interface PeriodOption {
  value: string;
  label: string;
}

const monthName = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });

export function currentQuarter(now = new Date()): string {
  return `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;
}

export function periodOptions(now = new Date()): Array<{ group: string; items: PeriodOption[] }> {
  const q0 = now.getFullYear() * 4 + Math.floor(now.getMonth() / 3);
  const quarters = [1, 0, -1, -2, -3, -4].map((d) => {
    const i = q0 + d;
    const value = `${Math.floor(i / 4)}-Q${(i % 4) + 1}`;
    const tag = d === 0 ? ' · now' : '';
    return { value, label: `Q${(i % 4) + 1} ${Math.floor(i / 4)}${tag}` };
  });
  const m0 = now.getFullYear() * 12 + now.getMonth();
  const months = [1, 0, -1, -2, -3, -4, -5].map((d) => {
    const i = m0 + d;
    const y = Math.floor(i / 12);
    const m = (i % 12) + 1;
    return { value: `${y}-${String(m).padStart(2, '0')}`, label: monthName.format(new Date(y, m - 1, 1)) };
  });
  return [
    { group: 'Quarters', items: quarters },
    { group: 'Months', items: months },
  ];
}

/** "2026-07" → "Jul 26" for chart axes. */
export function shortMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number);
  return new Date(y, m - 1, 1).toLocaleDateString(undefined, { month: 'short', year: '2-digit' });
}
