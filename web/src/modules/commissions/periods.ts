// The periods a statement can be for: quarters and months around today, as the API names them.
export function currentPeriod(kind: 'month' | 'quarter', now = new Date()): string {
  return kind === 'quarter'
    ? `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`
    : `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

const monthName = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });

export function statementPeriods(now = new Date()) {
  const q0 = now.getFullYear() * 4 + Math.floor(now.getMonth() / 3);
  const m0 = now.getFullYear() * 12 + now.getMonth();
  return [
    {
      group: 'Quarters',
      items: [0, -1, -2, -3, -4, -5].map((d) => {
        const i = q0 + d;
        return { value: `${Math.floor(i / 4)}-Q${(i % 4) + 1}`, label: `Q${(i % 4) + 1} ${Math.floor(i / 4)}` };
      }),
    },
    {
      group: 'Months',
      items: [0, -1, -2, -3, -4, -5, -6, -7, -8].map((d) => {
        const i = m0 + d;
        const y = Math.floor(i / 12);
        const m = (i % 12) + 1;
        return { value: `${y}-${String(m).padStart(2, '0')}`, label: monthName.format(new Date(y, m - 1, 1)) };
      }),
    },
  ];
}
