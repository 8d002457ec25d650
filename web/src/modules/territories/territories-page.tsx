// Settings → Territories: the hierarchy as an indented tree with each territory's criteria, people
// and record counts; a form for a territory's criteria (tag inputs) and members; and re-running
// assignment with its progress. Managers and admins change them; everyone else reads.
import type { ReassignRun, TerritoryNode } from '@kith/common/api/territories';
import {
  Alert,
  Avatar,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Progress,
  Select,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMap2, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { ApiError, errorMessage } from '../../platform/api';
import { objectByName, useObjects } from '../../platform/meta/objects';
import { SettingsPage } from '../../platform/pages/settings-page';
import { invalidateObject } from '../../platform/records/records-api';
import { EmptyState } from '../../platform/ui/empty-state';
import { FormFooter } from '../../platform/ui/form-footer';
import { formatDateTime, formatNumber, initials } from '../../platform/ui/format';
import { allUsersQuery } from '../settings/settings-api';
import classes from './territories.module.css';
import { isRunning, reassignQuery, territoriesApi, territoryTreeQuery } from './territories-api';

const criteria = [
  { key: 'countries', label: 'Countries', placeholder: 'Germany, FR…', color: 'blue' },
  { key: 'regions', label: 'Regions / states', placeholder: 'Bavaria…', color: 'cyan' },
  { key: 'cities', label: 'Cities', placeholder: 'Munich…', color: 'teal' },
  { key: 'postalCodes', label: 'Postal codes', placeholder: '80331, 75*, 10000-14999', color: 'grape' },
  { key: 'industries', label: 'Industries', placeholder: 'Software…', color: 'orange' },
] as const;
type CriterionKey = (typeof criteria)[number]['key'];

/** Country names the browser knows, for the country tag input's suggestions. */
function countryNames(): string[] {
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const out = new Set<string>();
  for (const a of letters)
    for (const b of letters) {
      const code = a + b;
      const name = names.of(code);
      if (name && new Intl.Locale(`und-${code}`).region === code && !['EU', 'EZ', 'UN', 'QO', 'ZZ'].includes(code))
        out.add(name);
    }
  return [...out].sort();
}

export function TerritoriesPage() {
  const tree = useQuery(territoryTreeQuery);
  const objects = useObjects();
  const canManage = objectByName(objects.data, 'territory')?.permissions.update ?? false;
  const [open, setOpen] = useState<TerritoryNode | 'new' | null>(null);

  return (
    <SettingsPage
      title="Territories"
      subtitle="Companies, leads and deals take the most specific territory their location and industry match"
      query={tree}
      actions={
        canManage && (
          <Button
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => setOpen('new')}
            data-testid="new-territory"
          >
            New territory
          </Button>
        )
      }
    >
      {(nodes) => (
        <Stack gap="md">
          <ReassignCard canRun={canManage} hasTerritories={nodes.length > 0} />
          {nodes.length === 0 ? (
            <EmptyState
              icon={<IconMap2 size={22} />}
              title="No territories yet"
              description="Draw your sales map: a region, its countries, then states, cities or postal codes. Each record takes the deepest territory it matches."
            />
          ) : (
            <TerritoryTable nodes={nodes} onOpen={canManage ? setOpen : undefined} />
          )}
          <Modal
            opened={!!open}
            onClose={() => setOpen(null)}
            title={open === 'new' ? 'New territory' : open ? `Edit ${open.name}` : ''}
            size="lg"
          >
            {open && (
              <TerritoryForm
                key={open === 'new' ? 'new' : open.id}
                territory={open === 'new' ? null : open}
                nodes={nodes}
                onClose={() => setOpen(null)}
              />
            )}
          </Modal>
        </Stack>
      )}
    </SettingsPage>
  );
}

function TerritoryTable({ nodes, onOpen }: { nodes: TerritoryNode[]; onOpen?: (n: TerritoryNode) => void }) {
  const objects = useObjects();
  const label = (name: string, n: number) => {
    const meta = objectByName(objects.data, name);
    return `${formatNumber(n)} ${(n === 1 ? meta?.label : meta?.labelPlural)?.toLowerCase() ?? name}`;
  };
  return (
    <Paper withBorder radius="md" className={classes.tableWrap}>
      <Table.ScrollContainer minWidth={0}>
        <Table highlightOnHover={!!onOpen} verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Territory</Table.Th>
              <Table.Th>Matches</Table.Th>
              <Table.Th visibleFrom="sm">People</Table.Th>
              <Table.Th visibleFrom="sm" ta="right">
                Records
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {nodes.map((n) => (
              <Table.Tr
                key={n.id}
                onClick={onOpen ? () => onOpen(n) : undefined}
                style={onOpen ? { cursor: 'pointer' } : undefined}
                data-testid="territory-row"
              >
                <Table.Td>
                  <Box style={{ paddingLeft: n.depth * 22 }} className={n.depth ? classes.child : undefined}>
                    <Group gap={6}>
                      <Text size="sm" fw={n.depth === 0 ? 650 : 500} c={n.inactive ? 'dimmed' : undefined}>
                        {n.name}
                      </Text>
                      {n.inactive && (
                        <Badge size="xs" variant="light" color="gray">
                          Inactive
                        </Badge>
                      )}
                    </Group>
                    {n.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {n.description}
                      </Text>
                    )}
                    {/* On a phone the people and records columns fold in here. */}
                    <Text size="xs" c="dimmed" hiddenFrom="sm">
                      {[
                        n.members.length ? `${n.members.length} ${n.members.length === 1 ? 'person' : 'people'}` : '',
                        ...Object.entries(n.recordCounts).map(([name, count]) => label(name, count)),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  </Box>
                </Table.Td>
                <Table.Td>
                  <CriteriaBadges node={n} />
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Avatar.Group spacing={6}>
                    {n.members.slice(0, 5).map((m) => (
                      <Tooltip key={m.userId} label={`${m.name} (${m.role})`}>
                        <Avatar size={26} radius="xl" color={m.role === 'manager' ? 'grape' : 'kith'}>
                          <span style={{ fontSize: 10 }}>{initials(m.name)}</span>
                        </Avatar>
                      </Tooltip>
                    ))}
                    {n.members.length > 5 && (
                      <Avatar size={26} radius="xl">
                        <span style={{ fontSize: 10 }}>+{n.members.length - 5}</span>
                      </Avatar>
                    )}
                  </Avatar.Group>
                  {n.members.length === 0 && (
                    <Text size="xs" c="dimmed">
                      Nobody yet
                    </Text>
                  )}
                </Table.Td>
                <Table.Td visibleFrom="sm" ta="right">
                  {Object.keys(n.recordCounts).length === 0 && (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )}
                  {Object.entries(n.recordCounts).map(([name, count]) => (
                    <Text key={name} size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {label(name, count)}
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function CriteriaBadges({ node }: { node: TerritoryNode }) {
  const shown = criteria.flatMap((c) => node[c.key].map((v) => ({ c, v })));
  if (!shown.length)
    return (
      <Text size="xs" c="dimmed">
        {node.depth === 0 ? 'Groups its sub-territories' : 'As its parent'}
      </Text>
    );
  return (
    <Group gap={4}>
      {shown.slice(0, 8).map(({ c, v }) => (
        <Tooltip key={`${c.key}:${v}`} label={c.label}>
          <Badge size="sm" variant="light" color={c.color} tt="none">
            {v}
          </Badge>
        </Tooltip>
      ))}
      {shown.length > 8 && (
        <Text size="xs" c="dimmed">
          +{shown.length - 8} more
        </Text>
      )}
    </Group>
  );
}

function ReassignCard({ canRun, hasTerritories }: { canRun: boolean; hasTerritories: boolean }) {
  const qc = useQueryClient();
  const status = useQuery(reassignQuery);
  const run = status.data;
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    try {
      await territoriesApi.reassign();
      await qc.invalidateQueries({ queryKey: reassignQuery.queryKey });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not start', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  // When a run ends, the counts on the tree and the companies' territories have changed.
  const [seenDone, setSeenDone] = useState<string | null>(null);
  if (run?.status === 'done' && run.id !== seenDone) {
    setSeenDone(run.id);
    void qc.invalidateQueries({ queryKey: territoryTreeQuery.queryKey });
    invalidateObject(qc, 'companies');
  }
  if (!hasTerritories && !run) return null;
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Text fw={600} size="sm">
            Assignment
          </Text>
          <RunSummary run={run ?? null} />
        </Stack>
        {canRun && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconRefresh size={14} />}
            loading={busy}
            disabled={isRunning(run)}
            onClick={() => void start()}
            data-testid="reassign"
          >
            Re-run assignment
          </Button>
        )}
      </Group>
      {isRunning(run) && run && (
        <Progress
          mt="sm"
          size="lg"
          radius="xl"
          animated
          value={run.total ? Math.min(100, (run.processed / run.total) * 100) : 0}
          aria-label="Assignment progress"
        />
      )}
    </Paper>
  );
}

function RunSummary({ run }: { run: ReassignRun | null }) {
  if (!run)
    return (
      <Text size="xs" c="dimmed">
        Records take their territory when they are saved. After a change here, every record is matched again.
      </Text>
    );
  const of = run.total !== null ? ` of ${formatNumber(run.total)}` : '';
  const text = {
    queued: 'Waiting to start…',
    running: `Matching records: ${formatNumber(run.processed)}${of}, ${formatNumber(run.changed)} moved so far`,
    done: `Last run ${formatDateTime(run.finishedAt)}: ${formatNumber(run.processed)} records matched, ${formatNumber(run.changed)} moved`,
    failed: `The last run failed: ${run.error ?? 'unknown error'}`,
  }[run.status];
  return (
    <Text size="xs" c={run.status === 'failed' ? 'red' : 'dimmed'} data-testid="reassign-status">
      {text}
    </Text>
  );
}

/** Every territory below this one (it cannot become their child). */
function descendantsOf(nodes: TerritoryNode[], id: string): Set<string> {
  const out = new Set<string>([id]);
  for (const n of nodes) if (n.parentId && out.has(n.parentId)) out.add(n.id); // nodes come parents first
  return out;
}

function TerritoryForm({
  territory,
  nodes,
  onClose,
}: {
  territory: TerritoryNode | null;
  nodes: TerritoryNode[];
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const users = useQuery(allUsersQuery);
  const objects = useObjects();
  const industries = objectByName(objects.data, 'company')?.fields.find((f) => f.name === 'industry')?.options ?? [];
  const countries = useMemo(countryNames, []);
  const [name, setName] = useState(territory?.name ?? '');
  const [parentId, setParentId] = useState<string | null>(territory?.parentId ?? null);
  const [description, setDescription] = useState(territory?.description ?? '');
  const [active, setActive] = useState(!(territory?.inactive ?? false));
  const [values, setValues] = useState<Record<CriterionKey, string[]>>({
    countries: territory?.countries ?? [],
    regions: territory?.regions ?? [],
    cities: territory?.cities ?? [],
    postalCodes: territory?.postalCodes ?? [],
    industries: territory?.industries ?? [],
  });
  const [reps, setReps] = useState(territory?.members.filter((m) => m.role === 'rep').map((m) => m.userId) ?? []);
  const [managers, setManagers] = useState(
    territory?.members.filter((m) => m.role === 'manager').map((m) => m.userId) ?? [],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);

  const excluded = territory ? descendantsOf(nodes, territory.id) : new Set<string>();
  const parents = nodes.filter((n) => !excluded.has(n.id)).map((n) => ({ value: n.id, label: n.name }));
  const depthOf = new Map(nodes.map((n) => [n.id, n.depth]));
  const people = (users.data ?? []).filter((u) => u.isActive).map((u) => ({ value: u.id, label: u.name || u.email }));

  const done = (message: string) => {
    void qc.invalidateQueries({ queryKey: ['territories'] });
    invalidateObject(qc, 'territories');
    notifications.show({ color: 'teal', message });
    onClose();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ name: 'Give the territory a name' });
      return;
    }
    const both = reps.filter((id) => managers.includes(id));
    if (both.length) {
      setErrors({ managers: 'Someone is both a rep and a manager here: keep one' });
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const body = {
        name: name.trim(),
        parentId,
        description: description.trim() || null,
        inactive: !active,
        ...values,
      };
      const saved = territory ? await territoriesApi.update(territory.id, body) : await territoriesApi.create(body);
      await territoriesApi.setMembers(saved.id, {
        members: [
          ...reps.map((userId) => ({ userId, role: 'rep' as const })),
          ...managers.map((userId) => ({ userId, role: 'manager' as const })),
        ],
      });
      done(`Territory “${name.trim()}” saved; records are being matched again`);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!territory) return;
    setBusy(true);
    try {
      await territoriesApi.remove(territory.id);
      done(`Territory “${territory.name}” deleted`);
    } catch (err) {
      setFormError(errorMessage(err));
      setConfirm(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            data-autofocus
            data-testid="territory-name"
          />
          <Select
            label="Inside"
            placeholder="Top level"
            data={parents}
            value={parentId}
            onChange={setParentId}
            // The tree's indent in the list; the chosen one reads as its plain name.
            renderOption={({ option }) => (
              <Text size="sm" style={{ paddingLeft: (depthOf.get(option.value) ?? 0) * 14 }}>
                {option.label}
              </Text>
            )}
            clearable
            searchable
            error={errors.parentId}
          />
        </Group>
        <Textarea
          label="Description"
          autosize
          minRows={1}
          maxRows={3}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errors.description}
        />
        <Text size="xs" c="dimmed">
          A record matches when it has one of the values of each kind filled in below, and matches the territories this
          one sits inside. Leave all empty for a territory that only groups others.
        </Text>
        {criteria.map((c) => (
          <TagsInput
            key={c.key}
            label={c.label}
            placeholder={values[c.key].length ? undefined : c.placeholder}
            data={c.key === 'countries' ? countries : c.key === 'industries' ? industries.map((o) => o.label) : []}
            value={values[c.key]}
            onChange={(v) => setValues((prev) => ({ ...prev, [c.key]: v }))}
            error={errors[c.key]}
            clearable
            limit={c.key === 'countries' ? 20 : undefined}
            splitChars={[',', ';']}
            data-testid={`territory-${c.key}`}
          />
        ))}
        <Group grow align="flex-start">
          <MultiSelect
            label="Reps"
            data={people}
            value={reps}
            onChange={setReps}
            searchable
            error={errors['members.0.userId'] ?? errors.members}
          />
          <MultiSelect
            label="Managers"
            data={people}
            value={managers}
            onChange={setManagers}
            searchable
            error={errors.managers}
          />
        </Group>
        <Switch
          label="Active"
          description="An inactive territory, and everything inside it, takes no records"
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
        />
        {confirm && territory && (
          <Alert color="red" title={`Delete ${territory.name}?`}>
            <Text size="sm" mb="sm">
              Its records lose this territory and are matched again. Territories inside it must be moved or deleted
              first.
            </Text>
            <Group gap="xs">
              <Button size="xs" color="red" loading={busy} onClick={() => void remove()}>
                Delete
              </Button>
              <Button size="xs" variant="default" onClick={() => setConfirm(false)}>
                Keep it
              </Button>
            </Group>
          </Alert>
        )}
        <FormFooter
          error={formError}
          onCancel={onClose}
          busy={busy}
          testId="save-territory"
          start={
            territory && !confirm ? (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => setConfirm(true)}
              >
                Delete
              </Button>
            ) : undefined
          }
        >
          Save
        </FormFooter>
      </Stack>
    </form>
  );
}
