// What sold in the period: revenue by product or by category (orders bought in it, net of
// discounts, in the company currency), the largest first.
import type { ProductReport } from '@kith/common/api/sales-reports';
import { BarChart } from '@mantine/charts';
import { Skeleton } from '@mantine/core';
import { useState } from 'react';
import { CardHeader } from './card-parts';
import { compactMajor, major, wholeMoney } from './money';
import { rowTooltip } from './row-tooltip';
import classes from './sales.module.css';

/** Bars shown; the rest are summed as "Everything else". */
const shown = 8;

export function ProductsCard({ report: r }: { report: ProductReport | undefined }) {
  const [by, setBy] = useState<'product' | 'category'>('product');
  const rows = (by === 'product' ? r?.byProduct : r?.byCategory) ?? [];
  const top = rows.slice(0, shown);
  const rest = rows.slice(shown);
  const c = r?.currency ?? 'EUR';
  const data = [
    ...top.map((x) => ({
      name: x.title ?? (by === 'product' ? 'Without a product' : 'Uncategorised'),
      Revenue: major(x.revenue, c),
      revenue: x.revenue,
      orders: x.orders,
    })),
    ...(rest.length
      ? [
          {
            name: `Everything else (${rest.length})`,
            Revenue: major(
              rest.reduce((s, x) => s + x.revenue, 0),
              c,
            ),
            revenue: rest.reduce((s, x) => s + x.revenue, 0),
            orders: rest.reduce((s, x) => s + x.orders, 0),
          },
        ]
      : []),
  ];
  return (
    <section className={classes.card} aria-label="Revenue by product">
      <CardHeader
        title={`Revenue by ${by}`}
        subtitle={r ? `${wholeMoney(r.revenue, c)} from ${r.orders} orders, net of discounts` : 'Orders in the period'}
        value={by}
        onChange={setBy}
        views={[
          { value: 'product', label: 'Products' },
          { value: 'category', label: 'Categories' },
        ]}
        switchLabel="Group revenue by"
      />
      {!r ? (
        <Skeleton h={260} />
      ) : !data.length ? (
        <div className={classes.empty}>Nothing was ordered in this period.</div>
      ) : (
        <BarChart
          h={Math.max(180, data.length * 34 + 20)}
          data={data}
          dataKey="name"
          orientation="vertical"
          series={[{ name: 'Revenue', color: 'kith.6' }]}
          yAxisProps={{ width: 150, tick: { fontSize: 12 } }}
          xAxisProps={{ tickFormatter: (v: number) => compactMajor(v, c) }}
          gridAxis="x"
          barProps={{ radius: 3 }}
          tooltipProps={rowTooltip<(typeof data)[number]>(
            (row) => row.name,
            (row) => (
              <>
                {wholeMoney(row.revenue, c)} · {row.orders} {row.orders === 1 ? 'order' : 'orders'}
              </>
            ),
          )}
        />
      )}
    </section>
  );
}
