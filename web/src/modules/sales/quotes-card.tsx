// Quotes sent in the period: how many, the share that became orders, how they were answered, and
// the average discount given (weighted by their value).
import type { ProductReport } from '@kith/common/api/sales-reports';
import { Group, Progress, SimpleGrid, Skeleton, Text, Tooltip } from '@mantine/core';
import { percent, wholeMoney } from './money';
import classes from './sales.module.css';

const answers = [
  { key: 'accepted', label: 'Accepted', color: 'teal.6' },
  { key: 'open', label: 'Waiting', color: 'blue.4' },
  { key: 'declined', label: 'Declined', color: 'red.5' },
  { key: 'expired', label: 'Expired', color: 'gray.4' },
] as const;

export function QuotesCard({ report: r }: { report: ProductReport | undefined }) {
  const q = r?.quotes;
  return (
    <section className={classes.card} aria-label="Quotes">
      <Text fw={600}>Quotes</Text>
      <Text size="xs" c="dimmed" mb="sm">
        {q ? `${q.sent} sent in the period, worth ${wholeMoney(q.value, r.currency)} before tax` : 'Sent in the period'}
      </Text>
      {!q ? (
        <Skeleton h={160} />
      ) : !q.sent ? (
        <div className={classes.empty}>No quote was sent in this period.</div>
      ) : (
        <>
          <SimpleGrid cols={2} spacing="md" mb="md">
            <div data-testid="quote-to-order">
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.4}>
                Quote to order
              </Text>
              <div className={classes.kpiValue}>{percent(q.quoteToOrderRate)}</div>
              <Text size="xs" c="dimmed">
                {q.accepted} of {q.sent} accepted
              </Text>
            </div>
            <div data-testid="average-discount">
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.4}>
                Average discount
              </Text>
              <div className={classes.kpiValue}>
                {q.averageDiscountPercent === null ? '—' : `${q.averageDiscountPercent.toFixed(1)} %`}
              </div>
              <Text size="xs" c="dimmed">
                off list prices, by value
              </Text>
            </div>
          </SimpleGrid>
          <Progress.Root size={14} aria-label="How the quotes were answered">
            {answers.map((a) =>
              q[a.key] ? (
                <Tooltip key={a.key} label={`${a.label}: ${q[a.key]}`} withinPortal>
                  <Progress.Section value={(q[a.key] / q.sent) * 100} color={a.color} />
                </Tooltip>
              ) : null,
            )}
          </Progress.Root>
          <Group gap="md" mt="xs">
            {answers.map((a) => (
              <Group key={a.key} gap={6} wrap="nowrap">
                <span
                  className={classes.swatch}
                  style={{ background: `var(--mantine-color-${a.color.replace('.', '-')})` }}
                />
                <Text size="xs" c="dimmed">
                  {a.label} {q[a.key]}
                </Text>
              </Group>
            ))}
          </Group>
        </>
      )}
    </section>
  );
}
