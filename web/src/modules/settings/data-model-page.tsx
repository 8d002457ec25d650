// Settings → Data model (admins): every object's fields; built-in ones are read-only, custom ones
// can be added, changed and deleted (GET/POST/PATCH/DELETE /custom-fields).

import { type CustomFieldType, customFieldTypes, type SelectOption } from '@kith/common';
import type { CustomField, CustomFieldInput, CustomFieldPatch, SearchIndexState } from '@kith/common/api/custom-fields';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  ColorSwatch,
  Group,
  Menu,
  Modal,
  Paper,
  Progress,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
  ThemeIcon,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  type Icon,
  IconAlignLeft,
  IconAt,
  IconCalendar,
  IconCalendarTime,
  IconCheckbox,
  IconCoin,
  IconDots,
  IconHash,
  IconLink,
  IconList,
  IconListCheck,
  IconLock,
  IconPencil,
  IconPhone,
  IconPlus,
  IconSelector,
  IconTable,
  IconTextSize,
  IconTrash,
  IconWorld,
  IconX,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api, errorMessage } from '../../platform/api';
import { ObjectIcon } from '../../platform/meta/object-icon';
import { type ObjectMeta, objectsQuery, useObjects } from '../../platform/meta/objects';
import { SettingsPage } from '../../platform/pages/settings-page';
import { EmptyState } from '../../platform/ui/empty-state';
import { FormFooter } from '../../platform/ui/form-footer';
import classes from './settings.module.css';

const indexing = (s: SearchIndexState | null | undefined) => !!s && s.state !== 'done';

const typeInfo: Record<string, { label: string; icon: Icon; hint?: string }> = {
  text: { label: 'Text', icon: IconTextSize, hint: 'A short line of text' },
  longText: { label: 'Long text', icon: IconAlignLeft, hint: 'Paragraphs' },
  number: { label: 'Number', icon: IconHash },
  currency: { label: 'Currency', icon: IconCoin, hint: 'An amount with its currency' },
  date: { label: 'Date', icon: IconCalendar },
  datetime: { label: 'Date and time', icon: IconCalendarTime },
  boolean: { label: 'Yes / no', icon: IconCheckbox },
  select: { label: 'Select', icon: IconSelector, hint: 'One of a list of options' },
  multiSelect: { label: 'Multi-select', icon: IconListCheck, hint: 'Any of a list of options' },
  email: { label: 'Email', icon: IconAt },
  phone: { label: 'Phone', icon: IconPhone },
  url: { label: 'Link', icon: IconWorld },
  relation: { label: 'Relation', icon: IconLink, hint: 'Points at a record of another object' },
  emailList: { label: 'Emails', icon: IconAt },
  phoneList: { label: 'Phones', icon: IconPhone },
  addressList: { label: 'Addresses', icon: IconList },
  tags: { label: 'Tags', icon: IconList },
  user: { label: 'User', icon: IconLink },
};
const colors = [
  'gray',
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'cyan',
  'blue',
  'indigo',
  'violet',
  'grape',
  'pink',
];

const customFieldsKey = (objectType: string) => ['custom-fields', objectType] as const;

/** "Account tier" → "accountTier": a valid field name from a label. */
export function camelName(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-zA-Z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const name = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]?.toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
  const clean = name.replace(/^[^a-z]+/, '');
  return clean.slice(0, 40);
}

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 100);

export function DataModelPage() {
  const { object } = useParams();
  const navigate = useNavigate();
  const objects = useObjects();
  const current = objects.data?.find((o) => o.name === object || o.plural === object) ?? objects.data?.[0];
  return (
    <SettingsPage
      title="Data model"
      subtitle="The fields of each object. Add your own; they appear at once in forms, tables, filters, import and export."
      query={objects}
      adminOnly
    >
      {(list) =>
        !current ? (
          <EmptyState title="No objects" />
        ) : (
          <Stack gap="md">
            <ScrollArea type="never" className={classes.objectNav}>
              <Tabs
                value={current.name}
                onChange={(v) => v && navigate(`/settings/data-model/${v}`, { replace: true })}
              >
                <Tabs.List style={{ flexWrap: 'nowrap' }}>
                  {list.map((o) => (
                    <Tabs.Tab
                      key={o.name}
                      value={o.name}
                      leftSection={<ObjectIcon name={o.icon || o.name} size={15} />}
                      data-testid={`data-model-${o.name}`}
                    >
                      {o.labelPlural}
                    </Tabs.Tab>
                  ))}
                </Tabs.List>
              </Tabs>
            </ScrollArea>
            <ObjectFields key={current.name} meta={current} />
          </Stack>
        )
      }
    </SettingsPage>
  );
}

function ObjectFields({ meta }: { meta: ObjectMeta }) {
  const custom = useQuery({
    queryKey: customFieldsKey(meta.name),
    queryFn: () => api.get<{ data: CustomField[] }>('/custom-fields', { objectType: meta.name }).then((r) => r.data),
    retry: false,
    // While a field's records are being re-indexed, follow the progress.
    refetchInterval: (q) => (q.state.data?.some((c) => indexing(c.searchIndex)) ? 1000 : false),
  });
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const builtIn = meta.fields.filter(
    (f) => !f.custom && !['id', 'title', 'createdAt', 'updatedAt', 'deletedAt'].includes(f.name),
  );
  const customList = custom.data ?? [];
  // Custom fields the registry knows but the list does not (yet): show them from the registry.
  const metaCustom = meta.fields.filter((f) => f.custom && !customList.some((c) => c.name === f.name));

  return (
    <Stack gap="lg">
      <div>
        <Group justify="space-between" mb="xs" gap="xs">
          <div>
            <Text fw={650} size="sm">
              Custom fields
            </Text>
            <Text size="xs" c="dimmed">
              Fields your organization added to {meta.labelPlural.toLowerCase()}.
            </Text>
          </div>
          <Button
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => setEditing('new')}
            data-testid="new-custom-field"
          >
            Add field
          </Button>
        </Group>
        <Paper withBorder style={{ overflow: 'hidden' }}>
          {custom.isError ? (
            <Text size="sm" c="dimmed" p="md">
              Custom fields could not be loaded: {errorMessage(custom.error)}
            </Text>
          ) : customList.length === 0 && metaCustom.length === 0 ? (
            <EmptyState
              py={32}
              icon={<IconTable size={22} />}
              title={`No custom fields on ${meta.labelPlural.toLowerCase()} yet`}
              description="Track what is special to your business: an account tier, a renewal date, a region…"
            />
          ) : (
            [
              ...customList.map((c) => ({ c, f: meta.fields.find((x) => x.name === c.name) })),
              ...metaCustom.map((f) => ({ c: null, f })),
            ].map(({ c, f }, i) => (
              <FieldRow
                key={c?.id ?? f?.name}
                first={i === 0}
                label={c?.label ?? f?.label ?? ''}
                name={c?.name ?? f?.name ?? ''}
                type={c?.type ?? f?.type ?? 'text'}
                required={c?.required ?? f?.required ?? false}
                searchable={c?.searchable ?? f?.searchable ?? false}
                searchIndex={c?.searchIndex}
                options={c?.options ?? f?.options}
                relation={c?.relationObject ?? f?.relation?.object}
                actions={
                  c && (
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Actions for ${c.label}`}
                          data-testid="custom-field-menu"
                        >
                          <IconDots size={16} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item
                          leftSection={<IconPencil size={14} />}
                          onClick={() => setEditing(c)}
                          data-testid="custom-field-edit"
                        >
                          Edit
                        </Menu.Item>
                        <Menu.Item
                          color="red"
                          leftSection={<IconTrash size={14} />}
                          onClick={() => setDeleting(c)}
                          data-testid="custom-field-delete"
                        >
                          Delete
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  )
                }
                testId="custom-field-row"
              />
            ))
          )}
        </Paper>
      </div>

      <div>
        <Text fw={650} size="sm">
          Built-in fields
        </Text>
        <Text size="xs" c="dimmed" mb="xs">
          Part of Kith; they cannot be changed.
        </Text>
        <Paper withBorder style={{ overflow: 'hidden' }}>
          {builtIn.map((f, i) => (
            <FieldRow
              key={f.name}
              first={i === 0}
              label={f.label}
              name={f.name}
              type={f.type}
              required={f.required}
              searchable={f.searchable}
              options={f.options}
              relation={f.relation?.object}
              actions={
                <Tooltip label="Built-in field">
                  <IconLock size={15} style={{ opacity: 0.45, margin: '0 6px' }} />
                </Tooltip>
              }
              testId="builtin-field-row"
            />
          ))}
        </Paper>
      </div>

      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        title={
          editing === 'new'
            ? `New field on ${meta.labelPlural.toLowerCase()}`
            : editing
              ? `Edit “${editing.label}”`
              : ''
        }
        size="lg"
      >
        {editing && (
          <FieldForm
            key={editing === 'new' ? 'new' : editing.id}
            meta={meta}
            field={editing === 'new' ? null : editing}
            onClose={() => setEditing(null)}
          />
        )}
      </Modal>
      <DeleteFieldModal meta={meta} field={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}

function FieldRow({
  first,
  label,
  name,
  type,
  required,
  searchable,
  searchIndex,
  options,
  relation,
  actions,
  testId,
}: {
  first: boolean;
  label: string;
  name: string;
  type: string;
  required: boolean;
  searchable: boolean;
  searchIndex?: SearchIndexState | null;
  options?: SelectOption[];
  relation?: string;
  actions?: React.ReactNode;
  testId: string;
}) {
  const info = typeInfo[type] ?? { label: type, icon: IconTextSize };
  const I = info.icon;
  return (
    <Group
      gap="sm"
      wrap="nowrap"
      px="md"
      py={10}
      style={first ? undefined : { borderTop: '1px solid var(--kith-border)' }}
      data-testid={testId}
    >
      <ThemeIcon variant="light" color="gray" size={30} radius="md" style={{ flex: 'none' }}>
        <I size={16} stroke={1.7} />
      </ThemeIcon>
      <div style={{ minWidth: 0, flex: 1 }}>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={500}>
            {label}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {name}
          </Text>
        </Group>
        <Group gap={6} mt={2} wrap="wrap">
          <Text size="xs" c="dimmed">
            {info.label}
            {relation && ` → ${relation}`}
            {options?.length ? ` · ${options.length} option${options.length === 1 ? '' : 's'}` : ''}
          </Text>
          {required && (
            <Badge size="xs" variant="light" color="orange" radius="sm" tt="none">
              Required
            </Badge>
          )}
          {searchable && (
            <Badge size="xs" variant="light" color="gray" radius="sm" tt="none">
              Searchable
            </Badge>
          )}
        </Group>
        {searchIndex && indexing(searchIndex) && <IndexProgress s={searchIndex} searchable={searchable} />}
      </div>
      <div style={{ flex: 'none' }}>{actions}</div>
    </Group>
  );
}

function IndexProgress({ s, searchable }: { s: SearchIndexState; searchable: boolean }) {
  const pct = s.total ? Math.min(100, (100 * s.done) / s.total) : 0;
  const what = searchable ? 'Indexing existing records for search' : 'Removing from the search index';
  return (
    <div style={{ maxWidth: 360 }} data-testid="custom-field-index-progress">
      <Text size="xs" c="dimmed" mt={4}>
        {s.state === 'queued'
          ? `${what}: waiting to start…`
          : `${what}: ${s.done.toLocaleString()} of ${(s.total ?? 0).toLocaleString()}`}
      </Text>
      <Progress value={pct} size="sm" mt={4} animated striped aria-label={what} />
    </div>
  );
}

function OptionsEditor({
  value,
  onChange,
  error,
}: {
  value: SelectOption[];
  onChange: (v: SelectOption[]) => void;
  error?: string;
}) {
  const set = (i: number, patch: Partial<SelectOption>) =>
    onChange(value.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  return (
    <div>
      <Text size="sm" fw={500} mb={4}>
        Options
      </Text>
      <Stack gap={6}>
        {value.map((o, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: new options have no id yet; position is their identity
          <Group key={i} gap={6} wrap="nowrap">
            <Menu position="bottom-start">
              <Menu.Target>
                <ActionIcon variant="default" aria-label="Option colour">
                  <ColorSwatch color={`var(--mantine-color-${o.color ?? 'gray'}-5)`} size={14} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <SimpleGrid cols={6} spacing={6} p={4}>
                  {colors.map((c) => (
                    <ColorSwatch
                      key={c}
                      component="button"
                      type="button"
                      color={`var(--mantine-color-${c}-5)`}
                      size={20}
                      onClick={() => set(i, { color: c })}
                      aria-label={c}
                      style={{ cursor: 'pointer' }}
                    />
                  ))}
                </SimpleGrid>
              </Menu.Dropdown>
            </Menu>
            <TextInput
              style={{ flex: 1 }}
              placeholder={`Option ${i + 1}`}
              value={o.label}
              onChange={(e) => set(i, { label: e.currentTarget.value })}
              aria-label={`Option ${i + 1}`}
              data-testid="custom-field-option"
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => onChange(value.filter((_, j) => j !== i))}
              aria-label="Remove option"
              disabled={value.length === 1}
            >
              <IconX size={14} />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() =>
            onChange([...value, { value: '', label: '', color: colors[(value.length + 7) % colors.length] }])
          }
          data-testid="custom-field-add-option"
        >
          Add option
        </Button>
        {error && (
          <Text size="xs" c="red">
            {error}
          </Text>
        )}
      </Stack>
    </div>
  );
}

function FieldForm({ meta, field, onClose }: { meta: ObjectMeta; field: CustomField | null; onClose: () => void }) {
  const qc = useQueryClient();
  const objects = useObjects();
  const [label, setLabel] = useState(field?.label ?? '');
  const [name, setName] = useState(field?.name ?? '');
  const [nameTouched, setNameTouched] = useState(!!field);
  const [type, setType] = useState<CustomFieldType>(field?.type ?? 'text');
  const [options, setOptions] = useState<SelectOption[]>(field?.options ?? [{ value: '', label: '', color: 'blue' }]);
  const [relationObject, setRelationObject] = useState<string | null>(field?.relationObject ?? null);
  const [required, setRequired] = useState(field?.required ?? false);
  const [searchable, setSearchable] = useState(field?.searchable ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hasOptions = type === 'select' || type === 'multiSelect';
  const effectiveName = nameTouched ? name : camelName(label);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!label.trim()) found.label = 'Give the field a label';
    if (!field && !/^[a-z][a-zA-Z0-9]{0,39}$/.test(effectiveName))
      found.name = 'Start with a lower-case letter; letters and digits only';
    if (!field && meta.fields.some((f) => f.name === effectiveName))
      found.name = `${meta.label} already has a field “${effectiveName}”`;
    const cleanOptions = options
      .filter((o) => o.label.trim())
      .map((o) => ({ ...o, label: o.label.trim(), value: o.value || slug(o.label) || o.label.trim() }));
    if (hasOptions && !cleanOptions.length) found.options = 'Add at least one option';
    if (type === 'relation' && !relationObject) found.relationObject = 'Choose what it points at';
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setFormError(null);
    try {
      if (field) {
        await api.patch<CustomField>(`/custom-fields/${field.id}`, {
          label: label.trim(),
          required,
          searchable,
          ...(hasOptions ? { options: cleanOptions } : {}),
        } satisfies CustomFieldPatch);
      } else {
        await api.post<CustomField>('/custom-fields', {
          objectType: meta.name,
          name: effectiveName,
          label: label.trim(),
          type,
          required,
          searchable,
          ...(hasOptions ? { options: cleanOptions } : {}),
          ...(type === 'relation' && relationObject ? { relationObject } : {}),
        } satisfies CustomFieldInput);
      }
      await Promise.all([
        qc.invalidateQueries({ queryKey: objectsQuery.queryKey }),
        qc.invalidateQueries({ queryKey: customFieldsKey(meta.name) }),
        qc.invalidateQueries({ queryKey: ['records', meta.plural] }),
      ]);
      notifications.show({
        color: 'teal',
        message: field
          ? `Field “${label.trim()}” saved`
          : `Field “${label.trim()}” added to ${meta.labelPlural.toLowerCase()}`,
      });
      onClose();
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) {
        setErrors(err.fieldErrors);
        if (!Object.keys(err.fieldErrors).some((k) => ['label', 'name', 'options', 'relationObject'].includes(k)))
          setFormError(err.message);
      } else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label="Label"
            placeholder="e.g. Account tier"
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            error={errors.label}
            data-autofocus
            required
            data-testid="custom-field-label"
          />
          <TextInput
            label="API name"
            description={field ? 'Cannot change once made' : 'Used in the API, import and export'}
            value={effectiveName}
            onChange={(e) => {
              setNameTouched(true);
              setName(e.currentTarget.value);
            }}
            error={errors.name}
            disabled={!!field}
            ff="monospace"
            data-testid="custom-field-name"
          />
        </SimpleGrid>
        <Select
          label="Type"
          description={field ? 'A field’s type cannot change' : typeInfo[type]?.hint}
          data={customFieldTypes.map((t) => ({ value: t, label: typeInfo[t]?.label ?? t }))}
          value={type}
          onChange={(v) => v && setType(v as CustomFieldType)}
          allowDeselect={false}
          disabled={!!field}
          leftSection={(() => {
            const I = typeInfo[type]?.icon ?? IconTextSize;
            return <I size={16} />;
          })()}
          renderOption={({ option }) => {
            const I = typeInfo[option.value]?.icon ?? IconTextSize;
            return (
              <Group gap={8} wrap="nowrap">
                <I size={16} stroke={1.7} />
                <div>
                  <Text size="sm">{option.label}</Text>
                  {typeInfo[option.value]?.hint && (
                    <Text size="xs" c="dimmed">
                      {typeInfo[option.value]?.hint}
                    </Text>
                  )}
                </div>
              </Group>
            );
          }}
          data-testid="custom-field-type"
        />
        {hasOptions && <OptionsEditor value={options} onChange={setOptions} error={errors.options} />}
        {type === 'relation' && (
          <Select
            label="Points at"
            data={(objects.data ?? []).map((o) => ({ value: o.name, label: o.label }))}
            value={relationObject}
            onChange={setRelationObject}
            disabled={!!field}
            error={errors.relationObject}
            data-testid="custom-field-relation"
          />
        )}
        <Group gap="xl">
          <Switch
            label="Required"
            description="Every record must have a value"
            checked={required}
            onChange={(e) => setRequired(e.currentTarget.checked)}
            data-testid="custom-field-required"
          />
          {['text', 'longText', 'email', 'phone', 'url'].includes(type) && (
            <Switch
              label="Searchable"
              description="Found by search and Cmd+K; existing records are indexed in the background"
              checked={searchable}
              onChange={(e) => setSearchable(e.currentTarget.checked)}
            />
          )}
        </Group>
        <FormFooter error={formError} onCancel={onClose} busy={busy} testId="custom-field-save">
          {field ? 'Save' : 'Add field'}
        </FormFooter>
      </Stack>
    </form>
  );
}

function DeleteFieldModal({
  meta,
  field,
  onClose,
}: {
  meta: ObjectMeta;
  field: CustomField | null;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const close = () => {
    setTyped('');
    onClose();
  };
  const remove = async () => {
    if (!field) return;
    setBusy(true);
    try {
      await api.delete(`/custom-fields/${field.id}`);
      await Promise.all([
        qc.invalidateQueries({ queryKey: objectsQuery.queryKey }),
        qc.invalidateQueries({ queryKey: customFieldsKey(meta.name) }),
        qc.invalidateQueries({ queryKey: ['records', meta.plural] }),
        qc.invalidateQueries({ queryKey: ['views', meta.name] }),
      ]);
      notifications.show({ color: 'teal', message: `Field “${field.label}” deleted` });
      close();
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not delete the field', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={!!field} onClose={close} title={`Delete the field “${field?.label ?? ''}”?`} size="md">
      <Stack gap="md">
        <Alert color="red" variant="light" icon={<IconTrash size={18} />}>
          Its value on every {meta.label.toLowerCase()} is lost for good, and views, filters and imports that use it
          stop using it. This cannot be undone.
        </Alert>
        <TextInput
          label={
            <>
              Type <b>{field?.name}</b> to confirm
            </>
          }
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          data-testid="custom-field-delete-confirm-input"
          autoComplete="off"
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            color="red"
            disabled={typed !== field?.name}
            loading={busy}
            onClick={() => void remove()}
            data-testid="custom-field-confirm-delete"
          >
            Delete field and its data
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
