// Settings → Commission plans: the plans, and for the one chosen its ladder of tiers (edited as a
// whole and saved at once: from 0 %, no gap, the last open-ended), whether it is active, and the
// reps on it. Managers and admins edit; others read.
import type { TierInput } from '@kith/common/api/commissions';
import type { ApiRecord } from '@kith/common/api/records';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCoins, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../platform/api';
import { objectByName, useObjects } from '../../platform/meta/objects';
import { SettingsPage } from '../../platform/pages/settings-page';
import { recordKeys } from '../../platform/records/records-api';
import { useUsers } from '../../platform/records/users';
import classes from './commissions.module.css';
import { planPartsQuery, plansQuery, saveTiers } from './commissions-api';

const tierOf = (r: ApiRecord): TierInput => ({
  fromPercent: Number(r.fromPercent),
  toPercent: r.toPercent === null || r.toPercent === undefined ? null : Number(r.toPercent),
  ratePercent: Number(r.ratePercent),
});

function TiersEditor({ planId, tiers, editable }: { planId: string; tiers: TierInput[]; editable: boolean }) {
  const qc = useQueryClient();
  const [rows, setRows] = useState<TierInput[]>(tiers);
  const [saving, setSaving] = useState(false);
  useEffect(() => setRows(tiers), [tiers]);
  const set = (i: number, patch: Partial<TierInput>) =>
    setRows((rs) => {
      const next = rs.map((r, j) => (j === i ? { ...r, ...patch } : r));
      // A band starts where the one before it ends: editing an end moves the next start.
      if (patch.toPercent !== undefined && next[i + 1] && patch.toPercent !== null)
        next[i + 1] = { ...next[i + 1], fromPercent: patch.toPercent };
      return next;
    });
  const add = () =>
    setRows((rs) => {
      const last = rs[rs.length - 1];
      if (!last) return [{ fromPercent: 0, toPercent: null, ratePercent: 5 }];
      const end = last.fromPercent + 20;
      return [
        ...rs.slice(0, -1),
        { ...last, toPercent: end },
        { fromPercent: end, toPercent: null, ratePercent: last.ratePercent },
      ];
    });
  const remove = (i: number) =>
    setRows((rs) => {
      const next = rs.filter((_, j) => j !== i);
      if (next.length) next[next.length - 1] = { ...next[next.length - 1], toPercent: null };
      if (next[0]) next[0] = { ...next[0], fromPercent: 0 };
      return next;
    });
  const save = async () => {
    setSaving(true);
    try {
      await saveTiers(planId, { tiers: rows });
      notifications.show({ message: 'Tiers saved' });
      await qc.invalidateQueries({ queryKey: planPartsQuery(planId).queryKey });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Stack gap="xs">
      <Text fw={600}>Tiers by attainment</Text>
      <Text size="xs" c="dimmed">
        Marginal: the part of won amount inside a band earns that band’s rate.
      </Text>
      <div className={classes.tableWrap}>
        <Table miw={420}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>From (% of quota)</Table.Th>
              <Table.Th>Up to</Table.Th>
              <Table.Th>Rate (%)</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: bands are edited in place, by position
              <Table.Tr key={i}>
                <Table.Td>
                  <NumberInput aria-label={`Band ${i + 1} from`} value={r.fromPercent} disabled suffix=" %" w={110} />
                </Table.Td>
                <Table.Td>
                  {i === rows.length - 1 ? (
                    <Text size="sm" c="dimmed">
                      and above
                    </Text>
                  ) : (
                    <NumberInput
                      aria-label={`Band ${i + 1} up to`}
                      value={r.toPercent ?? ''}
                      min={0}
                      suffix=" %"
                      w={110}
                      disabled={!editable}
                      onChange={(v) => set(i, { toPercent: typeof v === 'number' ? v : null })}
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`Band ${i + 1} rate`}
                    value={r.ratePercent}
                    min={0}
                    max={100}
                    decimalScale={4}
                    suffix=" %"
                    w={110}
                    disabled={!editable}
                    onChange={(v) => set(i, { ratePercent: typeof v === 'number' ? v : 0 })}
                  />
                </Table.Td>
                <Table.Td>
                  {editable && rows.length > 1 && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove band ${i + 1}`}
                      onClick={() => remove(i)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {editable && (
        <Group gap="xs">
          <Button variant="default" size="xs" leftSection={<IconPlus size={14} />} onClick={add}>
            Add band
          </Button>
          <Button size="xs" loading={saving} onClick={save}>
            Save tiers
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Members({ planId, members, editable }: { planId: string; members: ApiRecord[]; editable: boolean }) {
  const qc = useQueryClient();
  const users = useUsers();
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const refresh = () => qc.invalidateQueries({ queryKey: planPartsQuery(planId).queryKey });
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await refresh();
    } catch (e) {
      notifications.show({ color: 'red', message: errorMessage(e) });
    }
  };
  const onPlan = new Set(members.map((m) => m.userId as string));
  return (
    <Stack gap="xs">
      <Text fw={600}>Reps on this plan</Text>
      <Group gap="xs">
        {members.length === 0 && (
          <Text size="sm" c="dimmed">
            No one yet.
          </Text>
        )}
        {members.map((m) => (
          <Badge
            key={m.id}
            variant="light"
            size="lg"
            rightSection={
              editable ? (
                <ActionIcon
                  size="xs"
                  variant="transparent"
                  aria-label={`Remove ${names.get(m.userId as string) ?? 'rep'}`}
                  onClick={() => act(() => api.delete(`/commission-plan-members/${m.id}`))}
                >
                  <IconTrash size={12} />
                </ActionIcon>
              ) : undefined
            }
          >
            {names.get(m.userId as string) ?? '…'}
          </Badge>
        ))}
      </Group>
      {editable && (
        <Select
          placeholder="Add a rep…"
          searchable
          w={260}
          value={null}
          data={(users.data ?? []).filter((u) => !onPlan.has(u.id)).map((u) => ({ value: u.id, label: u.name }))}
          onChange={(userId) => userId && act(() => api.post('/commission-plan-members', { planId, userId }))}
        />
      )}
    </Stack>
  );
}

function NewPlan({ onMade }: { onMade: (id: string) => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState('quarter');
  const qc = useQueryClient();
  const make = async () => {
    try {
      const r = await api.post<ApiRecord>('/commission-plans', { name, periodKind: kind });
      setName('');
      await qc.invalidateQueries({ queryKey: recordKeys.lists('commission-plans') });
      onMade(r.id);
    } catch (e) {
      notifications.show({ color: 'red', message: errorMessage(e) });
    }
  };
  return (
    <Group gap="xs" align="flex-end">
      <TextInput
        label="New plan"
        placeholder="Field sales 2027"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      <SegmentedControl
        data={[
          { value: 'quarter', label: 'Quarterly' },
          { value: 'month', label: 'Monthly' },
        ]}
        value={kind}
        onChange={setKind}
      />
      <Button disabled={!name.trim()} onClick={make}>
        Create
      </Button>
    </Group>
  );
}

export function CommissionPlansPage() {
  const plans = useQuery(plansQuery);
  const { data: objects } = useObjects();
  const editable = !!objectByName(objects, 'commissionPlan')?.permissions.update;
  const [chosen, setChosen] = useState<string | null>(null);
  const qc = useQueryClient();
  const planId = chosen ?? plans.data?.[0]?.id ?? null;
  const parts = useQuery({ ...planPartsQuery(planId ?? ''), enabled: !!planId });
  const plan = plans.data?.find((p) => p.id === planId);
  const tiers = (parts.data?.tiers ?? []).map(tierOf);

  const toggle = async (active: boolean) => {
    if (!plan) return;
    try {
      await api.patch(`/commission-plans/${plan.id}`, { active });
      await qc.invalidateQueries({ queryKey: recordKeys.lists('commission-plans') });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(e) });
    }
  };

  return (
    <SettingsPage
      title="Commission plans"
      subtitle="What reps earn on what they win: a rate per band of attainment of quota, for the reps on the plan. Only active plans pay."
      icon={<IconCoins size={20} />}
      query={plans}
    >
      {(list) => (
        <Stack gap="lg">
          {editable && <NewPlan onMade={setChosen} />}
          {list.length > 0 && (
            <Select
              label="Plan"
              w={320}
              allowDeselect={false}
              data={list.map((p) => ({ value: p.id, label: `${p.name}${p.active ? '' : ' (draft)'}` }))}
              value={planId}
              onChange={setChosen}
            />
          )}
          {plan && (
            <section className={classes.card}>
              <Stack gap="lg">
                <Group justify="space-between">
                  <div>
                    <Text fw={700} size="lg">
                      {plan.name as string}
                    </Text>
                    <Text size="sm" c="dimmed">
                      Paid per {plan.periodKind === 'month' ? 'month' : 'quarter'}
                      {plan.effectiveFrom ? ` from ${plan.effectiveFrom}` : ''}
                      {plan.effectiveTo ? ` until ${plan.effectiveTo}` : ''}
                    </Text>
                  </div>
                  <Switch
                    label="Active"
                    checked={!!plan.active}
                    disabled={!editable}
                    onChange={(e) => toggle(e.currentTarget.checked)}
                  />
                </Group>
                <TiersEditor planId={plan.id} tiers={tiers} editable={editable} />
                <Members planId={plan.id} members={parts.data?.members ?? []} editable={editable} />
              </Stack>
            </section>
          )}
        </Stack>
      )}
    </SettingsPage>
  );
}
