// Settings → Lead scoring (admins): points for what a lead is (field conditions) and for what it
// did (engagements), engagement points halving every so many days. Saving rescores every lead in
// the background; the page shows how far that has come.
import type { FilterGroup } from '@kith/common';
import {
  type EngagementKind,
  engagementKindLabels,
  engagementKinds,
  type Scoring,
  type ScoringInput,
} from '@kith/common/api/leads';
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Progress,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconPlus, IconX } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../platform/api';
import { useObjectMeta } from '../../platform/meta/objects';
import { SettingsPage } from '../../platform/pages/settings-page';
import { formatDateTime } from '../../platform/ui/format';
import { leadsApi, scoringQuery } from './leads-api';
import { RuleConditions, useRuleMeta } from './rule-conditions';

type Draft = ScoringInput;
const urlKinds: EngagementKind[] = ['pageVisited', 'emailClicked', 'formSubmitted'];

function Points({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  return (
    <NumberInput
      w={96}
      size="xs"
      value={value}
      onChange={(v) => onChange(typeof v === 'number' ? v : 0)}
      min={-1000}
      max={1000}
      allowDecimal={false}
      suffix=" pts"
      aria-label="Points"
    />
  );
}

function RescoreStatus({ rescore }: { rescore: Scoring['rescore'] }) {
  if (rescore.status === 'idle') return null;
  if (rescore.status === 'done')
    return (
      <Text size="xs" c="dimmed" data-testid="rescore-status">
        Every lead was rescored{rescore.finishedAt ? ` on ${formatDateTime(rescore.finishedAt)}` : ''}.
      </Text>
    );
  const pct = rescore.total ? Math.round((100 * rescore.done) / rescore.total) : 0;
  return (
    <Stack gap={4} data-testid="rescore-status">
      <Text size="xs" c="dimmed">
        {rescore.status === 'queued'
          ? 'Rescoring every lead shortly…'
          : `Rescoring leads: ${rescore.done} of ${rescore.total ?? '…'}`}
      </Text>
      <Progress value={pct} size="sm" animated />
    </Stack>
  );
}

function ScoringForm({ scoring }: { scoring: Scoring }) {
  const qc = useQueryClient();
  const meta = useRuleMeta(useObjectMeta('leads').meta);
  const [draft, setDraft] = useState<Draft>({
    halfLifeDays: scoring.halfLifeDays,
    fieldRules: scoring.fieldRules,
    engagementRules: scoring.engagementRules,
  });
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const field = (i: number, patch: Partial<Draft['fieldRules'][number]>) =>
    set({ fieldRules: draft.fieldRules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const engagement = (i: number, patch: Partial<Draft['engagementRules'][number]>) =>
    set({ engagementRules: draft.engagementRules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  const save = async () => {
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      const saved = await leadsApi.saveScoring(draft);
      qc.setQueryData(scoringQuery.queryKey, saved);
      notifications.show({ color: 'teal', message: 'Scoring saved; every lead is being rescored.' });
    } catch (e) {
      setError(errorMessage(e));
      if (e instanceof ApiError) setErrors(e.fieldErrors);
    } finally {
      setBusy(false);
    }
  };
  const errorFor = (prefix: string) =>
    Object.entries(errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];

  return (
    <Stack gap="lg" maw={900}>
      <Paper withBorder radius="md" p="md">
        <Title order={2} fz="md" fw={650}>
          What a lead is
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Points for each condition a lead meets — its industry, country, job title… Negative points count against it.
        </Text>
        <Stack gap="xs">
          {draft.fieldRules.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rules have no id; position is their identity
            <Paper key={i} withBorder radius="sm" p={6} data-testid="field-rule">
              <Group gap="xs" wrap="wrap" align="center">
                <TextInput
                  size="xs"
                  style={{ flex: '1 1 150px', maxWidth: 220 }}
                  value={r.label}
                  onChange={(e) => field(i, { label: e.currentTarget.value })}
                  placeholder="Label"
                  aria-label="Label"
                  error={errorFor(`fieldRules.${i}.label`)}
                />
                <div style={{ flex: '3 1 260px', minWidth: 0 }}>
                  {meta && (
                    <RuleConditions
                      meta={meta}
                      value={r.conditions as FilterGroup}
                      onChange={(conditions) => field(i, { conditions })}
                    />
                  )}
                  {errorFor(`fieldRules.${i}.conditions`) && (
                    <Text size="xs" c="red">
                      {errorFor(`fieldRules.${i}.conditions`)}
                    </Text>
                  )}
                </div>
                <Points value={r.points} onChange={(points) => field(i, { points })} />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label="Remove rule"
                  onClick={() => set({ fieldRules: draft.fieldRules.filter((_, j) => j !== i) })}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Group>
            </Paper>
          ))}
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconPlus size={14} />}
            style={{ alignSelf: 'flex-start' }}
            onClick={() =>
              set({
                fieldRules: [...draft.fieldRules, { label: '', conditions: { op: 'and', conditions: [] }, points: 10 }],
              })
            }
            data-testid="add-field-rule"
          >
            Add a field rule
          </Button>
        </Stack>
      </Paper>

      <Paper withBorder radius="md" p="md">
        <Title order={2} fz="md" fw={650}>
          What a lead did
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Points for each engagement: emails opened, pages visited (only addresses matching the pattern; * stands for
          anything), forms submitted, meetings booked. Your website's tracker records them with an API key.
        </Text>
        <Stack gap="xs">
          {draft.engagementRules.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rules have no id; position is their identity
            <Paper key={i} withBorder radius="sm" p={6} data-testid="engagement-rule">
              <Group gap="xs" wrap="wrap" align="center">
                <TextInput
                  size="xs"
                  style={{ flex: '1 1 150px', maxWidth: 220 }}
                  value={r.label}
                  onChange={(e) => engagement(i, { label: e.currentTarget.value })}
                  placeholder="Label"
                  aria-label="Label"
                  error={errorFor(`engagementRules.${i}.label`)}
                />
                <Select
                  size="xs"
                  style={{ flex: '1 1 170px', maxWidth: 220 }}
                  data={engagementKinds.map((k) => ({ value: k, label: engagementKindLabels[k] }))}
                  value={r.kind}
                  allowDeselect={false}
                  onChange={(k) => k && engagement(i, { kind: k as EngagementKind })}
                  aria-label="Engagement"
                />
                <TextInput
                  size="xs"
                  style={{ flex: '2 1 180px' }}
                  value={r.urlPattern ?? ''}
                  onChange={(e) => engagement(i, { urlPattern: e.currentTarget.value || null })}
                  placeholder={urlKinds.includes(r.kind) ? 'Any address, or e.g. /pricing' : 'Any'}
                  disabled={!urlKinds.includes(r.kind)}
                  aria-label="Address pattern"
                />
                <Points value={r.points} onChange={(points) => engagement(i, { points })} />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label="Remove rule"
                  onClick={() => set({ engagementRules: draft.engagementRules.filter((_, j) => j !== i) })}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Group>
            </Paper>
          ))}
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconPlus size={14} />}
            style={{ alignSelf: 'flex-start' }}
            onClick={() =>
              set({
                engagementRules: [
                  ...draft.engagementRules,
                  { label: '', kind: 'pageVisited', urlPattern: null, points: 5 },
                ],
              })
            }
            data-testid="add-engagement-rule"
          >
            Add an engagement rule
          </Button>
        </Stack>
        <Group mt="md" gap="xs" align="flex-end">
          <NumberInput
            label="Engagement points halve every"
            w={260}
            value={draft.halfLifeDays}
            onChange={(v) => set({ halfLifeDays: typeof v === 'number' ? v : 0 })}
            min={0}
            max={3650}
            allowDecimal={false}
            suffix=" days"
            error={errors.halfLifeDays}
          />
          <Text size="xs" c="dimmed" pb={8}>
            0: they never fade. Scores are brought up to date every night.
          </Text>
        </Group>
      </Paper>

      {error && (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      )}
      <Group justify="space-between" align="center">
        <RescoreStatus rescore={scoring.rescore} />
        <Button
          leftSection={<IconDeviceFloppy size={14} />}
          loading={busy}
          onClick={() => void save()}
          data-testid="scoring-save"
        >
          Save and rescore
        </Button>
      </Group>
    </Stack>
  );
}

export function ScoringSettingsPage() {
  const scoring = useQuery(scoringQuery);
  return (
    <SettingsPage
      title="Lead scoring"
      subtitle="How hot each lead is: the leads list sorts by its score"
      query={scoring}
      adminOnly
    >
      {(s) => <ScoringForm scoring={s} />}
    </SettingsPage>
  );
}
