// Attainment against the plan's tiers: each band a segment (its rate written in it), the rep's
// attainment a marker across them — where they stand, and how far the next rate is.
import type { TierInput } from '@kith/common/api/commissions';
import { Text, Tooltip } from '@mantine/core';
import classes from './commissions.module.css';

const shades = ['teal.6', 'teal.7', 'teal.8', 'teal.9', 'cyan.9'];

export function AttainmentBar({ tiers, attainment }: { tiers: TierInput[]; attainment: number | null }) {
  if (!tiers.length) return null;
  const at = attainment === null ? null : attainment * 100;
  const lastStart = tiers[tiers.length - 1].fromPercent;
  // Room for the open-ended last band and the marker, whichever reaches further.
  const max = Math.max(lastStart * 1.25, lastStart + 20, (at ?? 0) * 1.08, 100);
  const pct = (v: number) => `${(Math.min(v, max) / max) * 100}%`;
  return (
    <figure className={classes.barWrap} aria-label="Attainment against the tiers">
      <div className={classes.bar}>
        {tiers.map((t, i) => {
          const end = t.toPercent ?? max;
          return (
            <Tooltip
              key={t.fromPercent}
              label={`${t.fromPercent}–${t.toPercent ?? '∞'} % of quota earns ${t.ratePercent} %`}
            >
              <div
                className={classes.band}
                style={{
                  left: pct(t.fromPercent),
                  width: `calc(${pct(end)} - ${pct(t.fromPercent)})`,
                  background: `var(--mantine-color-${shades[Math.min(i, shades.length - 1)].replace('.', '-')})`,
                }}
              >
                <span>{t.ratePercent} %</span>
              </div>
            </Tooltip>
          );
        })}
        {at !== null && (
          <div className={classes.marker} style={{ left: pct(at) }}>
            <span>{Math.round(at)} %</span>
          </div>
        )}
      </div>
      <div className={classes.axis}>
        {tiers.map((t) => (
          <Text key={t.fromPercent} size="xs" c="dimmed" className={classes.tick} style={{ left: pct(t.fromPercent) }}>
            {t.fromPercent} %
          </Text>
        ))}
      </div>
    </figure>
  );
}
