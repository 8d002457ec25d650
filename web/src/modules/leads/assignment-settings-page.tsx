// Settings → Lead assignment (admins): the ordered rules a new lead is given an owner by. The
// first enabled rule that matches wins; up and down change the order.
import type { FilterGroup } from '@kith/common';
import type { AssignmentAction, AssignmentRule } from '@kith/common/api/leads';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPencil, IconPlus, IconRoute, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../../platform/api';
import { useObjectMeta } from '../../platform/meta/objects';
import { SettingsPage } from '../../platform/pages/settings-page';
import { useUsers } from '../../platform/records/users';
import { EmptyState } from '../../platform/ui/empty-state';
import { FormFooter } from '../../platform/ui/form-footer';
import { assignmentRulesQuery, leadsApi, teamsListQuery } from './leads-api';
import { describeConditions, RuleConditions, useRuleMeta } from './rule-conditions';

const everyLead: FilterGroup = { op: 'and', conditions: [] };

function useActionText() {
  const users = useUsers();
  const teams = useQuery(teamsListQuery);
  return (a: AssignmentAction) => {
    switch (a.kind) {
      // While the names load, an ellipsis (not "deleted").
      case 'user':
        return `Assign to ${users.data ? (users.data.find((u) => u.id === a.userId)?.name ?? 'a former user') : '…'}`;
      case 'roundRobin':
        return `Round-robin in the team ${teams.data ? (teams.data.find((t) => t.id === a.teamId)?.name ?? '(deleted)') : '…'}`;
      case 'territory':
        return "Round-robin among the reps of the lead's territory";
    }
  };
}

function RuleForm({ rule, onClose }: { rule: AssignmentRule | null; onClose: () => void }) {
  const qc = useQueryClient();
  const meta = useRuleMeta(useObjectMeta('leads').meta);
  const users = useUsers();
  const teams = useQuery(teamsListQuery);
  const [name, setName] = useState(rule?.name ?? '');
  const [conditions, setConditions] = useState<FilterGroup>(rule?.conditions ?? everyLead);
  const [kind, setKind] = useState<AssignmentAction['kind']>(rule?.action.kind ?? 'roundRobin');
  const [userId, setUserId] = useState<string | null>(rule?.action.kind === 'user' ? rule.action.userId : null);
  const [teamId, setTeamId] = useState<string | null>(rule?.action.kind === 'roundRobin' ? rule.action.teamId : null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const action = (
      kind === 'user' ? { kind, userId } : kind === 'territory' ? { kind } : { kind, teamId }
    ) as AssignmentAction;
    setBusy(true);
    setError(null);
    try {
      if (rule) await leadsApi.updateRule(rule.id, { name, conditions, action });
      else await leadsApi.createRule({ name, conditions, action });
      await qc.invalidateQueries({ queryKey: assignmentRulesQuery.queryKey });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setFieldErrors(err instanceof ApiError ? err.fieldErrors : {});
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack gap="md">
        <TextInput
          label="Name"
          placeholder="e.g. German-speaking leads"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldErrors.name}
          required
          data-autofocus
          data-testid="rule-name"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            When a new lead matches
          </Text>
          {meta ? <RuleConditions meta={meta} value={conditions} onChange={setConditions} /> : null}
        </Stack>
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            Then
          </Text>
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as AssignmentAction['kind'])}
            data={[
              { value: 'roundRobin', label: 'Round-robin in a team' },
              { value: 'territory', label: 'By territory' },
              { value: 'user', label: 'Assign to a person' },
            ]}
          />
          {kind === 'territory' ? (
            <Text size="sm" c="dimmed">
              Each new lead goes to the next rep of its territory, in turn (its managers when it has no rep). A lead
              without a territory goes on to the next rule. Territories are set in Settings → Territories.
            </Text>
          ) : kind === 'user' ? (
            <Select
              placeholder="Choose a person"
              data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name || u.email }))}
              value={userId}
              onChange={setUserId}
              searchable
              error={fieldErrors['action.userId']}
              aria-label="Person"
            />
          ) : (
            <Select
              placeholder="Choose a team"
              data={(teams.data ?? []).map((t) => ({ value: t.id, label: `${t.name} (${t.members.length})` }))}
              value={teamId}
              onChange={setTeamId}
              searchable
              error={fieldErrors['action.teamId']}
              aria-label="Team"
              description="Each new lead goes to the next member of the team, in turn."
            />
          )}
        </Stack>
        <FormFooter error={error} onCancel={onClose} busy={busy} testId="rule-save">
          {rule ? 'Save rule' : 'Add rule'}
        </FormFooter>
      </Stack>
    </form>
  );
}

function RuleCard({
  rule,
  index,
  count,
  onMove,
  onEdit,
}: {
  rule: AssignmentRule;
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onEdit: () => void;
}) {
  const qc = useQueryClient();
  const meta = useRuleMeta(useObjectMeta('leads').meta);
  const actionText = useActionText();
  const run = async (what: () => Promise<unknown>) => {
    try {
      await what();
      await qc.invalidateQueries({ queryKey: assignmentRulesQuery.queryKey });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not change the rule', message: errorMessage(e) });
    }
  };
  return (
    <Paper withBorder radius="md" p="sm" data-testid="assignment-rule" opacity={rule.enabled ? 1 : 0.6}>
      <Group justify="space-between" wrap="wrap" align="flex-start" gap="xs">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: '1 1 280px', minWidth: 0 }}>
          <Badge variant="light" radius="sm" size="lg" mt={2} style={{ flexShrink: 0 }}>
            {index + 1}
          </Badge>
          <Stack gap={2}>
            <Text fw={600}>{rule.name}</Text>
            <Text size="sm">
              <Text span c="dimmed">
                If{' '}
              </Text>
              {meta ? describeConditions(meta, rule.conditions) : '…'}
            </Text>
            <Text size="sm">
              <Text span c="dimmed">
                Then{' '}
              </Text>
              {actionText(rule.action)}
            </Text>
          </Stack>
        </Group>
        <Group gap={4} wrap="nowrap">
          <Switch
            size="sm"
            checked={rule.enabled}
            onChange={(e) => void run(() => leadsApi.updateRule(rule.id, { enabled: e.currentTarget.checked }))}
            aria-label={rule.enabled ? 'Turn off' : 'Turn on'}
            mr="xs"
          />
          <Tooltip label="Move up">
            <ActionIcon
              variant="subtle"
              color="gray"
              disabled={index === 0}
              onClick={() => onMove(index, index - 1)}
              aria-label="Move up"
            >
              <IconArrowUp size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Move down">
            <ActionIcon
              variant="subtle"
              color="gray"
              disabled={index === count - 1}
              onClick={() => onMove(index, index + 1)}
              aria-label="Move down"
            >
              <IconArrowDown size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Edit">
            <ActionIcon variant="subtle" color="gray" onClick={onEdit} aria-label="Edit">
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Remove">
            <ActionIcon
              variant="subtle"
              color="red"
              onClick={() => void run(() => leadsApi.deleteRule(rule.id))}
              aria-label="Remove"
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
    </Paper>
  );
}

export function AssignmentSettingsPage() {
  const qc = useQueryClient();
  const rules = useQuery(assignmentRulesQuery);
  const [open, setOpen] = useState<AssignmentRule | 'new' | null>(null);
  const move = async (list: AssignmentRule[], from: number, to: number) => {
    const ids = list.map((r) => r.id);
    const [id] = ids.splice(from, 1);
    ids.splice(to, 0, id);
    try {
      const next = await leadsApi.reorderRules(ids);
      qc.setQueryData(assignmentRulesQuery.queryKey, next.data);
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not reorder', message: errorMessage(e) });
    }
  };
  return (
    <SettingsPage
      title="Lead assignment"
      subtitle="Who gets each new lead — from the app, the API, an import or the website form"
      query={rules}
      adminOnly
      actions={
        <Button leftSection={<IconPlus size={14} />} onClick={() => setOpen('new')} data-testid="new-rule">
          New rule
        </Button>
      }
    >
      {(list) => (
        <Stack gap="sm" maw={860}>
          <Text size="sm" c="dimmed">
            Rules are tried from the top; the first enabled rule that matches a new lead gives it its owner, and that
            person is notified. When no rule matches, the lead stays with whoever made it.
          </Text>
          {list.length === 0 ? (
            <EmptyState
              icon={<IconRoute size={22} />}
              title="No assignment rules yet"
              description="New leads stay with whoever made them. Add a rule to share them out, e.g. round-robin in your inbound team."
            />
          ) : (
            list.map((r, i) => (
              <RuleCard
                key={r.id}
                rule={r}
                index={i}
                count={list.length}
                onMove={(from, to) => void move(list, from, to)}
                onEdit={() => setOpen(r)}
              />
            ))
          )}
          <Modal
            opened={!!open}
            onClose={() => setOpen(null)}
            title={open === 'new' ? 'New assignment rule' : 'Edit assignment rule'}
            size="lg"
          >
            {open && <RuleForm rule={open === 'new' ? null : open} onClose={() => setOpen(null)} />}
          </Modal>
        </Stack>
      )}
    </SettingsPage>
  );
}
