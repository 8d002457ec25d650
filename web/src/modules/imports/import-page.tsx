// /{plural}/import — the CSV import wizard: upload, map columns, preview, import with live progress.
import { addressParts, importNoteLabel, importNoteTarget } from '@kith/common';
import type {
  DuplicateMode,
  ImportMapping,
  ImportOptions,
  ImportPreviewRow,
  ImportRowMessage,
  ImportUpload,
} from '@kith/common/api/imports';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Center,
  Checkbox,
  Group,
  Loader,
  Paper,
  Progress,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconArrowRight,
  IconCheck,
  IconCircleCheck,
  IconDownload,
  IconFileSpreadsheet,
  IconUpload,
  IconX,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../platform/api';
import { editableFields, type FieldMeta, type ObjectMeta, useObjectMeta } from '../../platform/meta/objects';
import { listPath } from '../../platform/meta/paths';
import { invalidateObject } from '../../platform/records/records-api';
import { displayText } from '../../platform/ui/display-text';
import { EmptyState } from '../../platform/ui/empty-state';
import { ErrorState } from '../../platform/ui/error-state';
import { PageHeader } from '../../platform/ui/page-header';
import classes from './imports.module.css';
import { errorsCsvUrl, importQuery, importsApi, rowReason } from './imports-api';

/** Field types that take values from several columns (two email columns, say). */
const multiColumn = new Set(['emailList', 'phoneList', 'tags', 'multiSelect']);

interface Target {
  value: string;
  label: string;
  field: FieldMeta;
}

/** Not a field: the column becomes a note on each imported record's timeline. */
const noteField: FieldMeta = {
  name: importNoteTarget,
  label: importNoteLabel,
  type: 'longText',
  required: false,
  readOnly: false,
  searchable: false,
  filterable: false,
  sortable: false,
  list: false,
  custom: false,
};

function targetsOf(meta: ObjectMeta): Target[] {
  const out: Target[] = [];
  for (const f of editableFields(meta)) {
    if (f.type === 'addressList')
      for (const [p, l] of addressParts) out.push({ value: `${f.name}.${p}`, label: `${f.label}: ${l}`, field: f });
    else out.push({ value: f.name, label: f.label, field: f });
  }
  out.push({ value: noteField.name, label: noteField.label, field: noteField });
  return out;
}

export function ImportPage() {
  const { plural } = useParams();
  const { meta, isPending, error, refetch } = useObjectMeta(plural);
  if (isPending)
    return (
      <Center py={80}>
        <Loader size="sm" />
      </Center>
    );
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!meta) return <EmptyState title="Unknown object" description={`There is no “${plural}” in this workspace.`} />;
  if (!meta.permissions.create)
    return (
      <EmptyState
        title="You cannot import here"
        description={`Your role may not create ${meta.labelPlural.toLowerCase()}.`}
      />
    );
  return <Wizard key={meta.name} meta={meta} />;
}

function Wizard({ meta }: { meta: ObjectMeta }) {
  const phone = useMediaQuery('(max-width: 48em)');
  const [step, setStep] = useState(0);
  const [upload, setUpload] = useState<ImportUpload | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [duplicateMode, setDuplicateMode] = useState<DuplicateMode>('skip');
  const [createMissingCompanies, setCreateMissingCompanies] = useState(true);
  const [refuseUnknown, setRefuseUnknown] = useState(false);
  const [preview, setPreview] = useState<ImportPreviewRow[] | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const targets = useMemo(() => targetsOf(meta), [meta]);
  const mapsCompany = Object.values(mapping).some((t) => t === 'companyId');
  const mapsChoice = Object.values(mapping).some((t) =>
    targets.some((x) => x.value === t && (x.field.type === 'select' || x.field.type === 'multiSelect')),
  );
  const options: ImportOptions = {
    mapping,
    duplicateMode,
    createMissingCompanies: mapsCompany && createMissingCompanies,
    unknownValues: refuseUnknown ? 'refuse' : 'empty',
  };

  const reset = () => {
    // An upload left before it was started is deleted now rather than after a day.
    if (upload && !jobId) void importsApi.remove(upload.id).catch(() => {});
    setStep(0);
    setUpload(null);
    setMapping({});
    setPreview(null);
    setJobId(null);
    setError(null);
  };

  const onUploaded = (u: ImportUpload) => {
    setUpload(u);
    const m: ImportMapping = {};
    for (const h of u.headers) m[h] = u.suggestedMapping[h] ?? null;
    setMapping(m);
    setPreview(null);
  };

  const runPreview = async () => {
    if (!upload) return;
    setBusy(true);
    setError(null);
    try {
      setPreview(await importsApi.preview(upload.id, options));
      setStep(2);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    if (!upload) return;
    setBusy(true);
    setError(null);
    try {
      const job = await importsApi.start(upload.id, options);
      setJobId(job.id);
      setStep(3);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const mappedCount = Object.values(mapping).filter(Boolean).length;

  return (
    <Box p={{ base: 'md', sm: 'xl' }} maw={1100}>
      <Anchor
        component={Link}
        to={listPath(meta.plural)}
        size="sm"
        c="dimmed"
        mb="xs"
        display="inline-flex"
        style={{ alignItems: 'center', gap: 4 }}
      >
        <IconArrowLeft size={14} /> {meta.labelPlural}
      </Anchor>
      <PageHeader
        title={`Import ${meta.labelPlural.toLowerCase()}`}
        subtitle="From a CSV file: a spreadsheet, or an export of another CRM or address book."
      />
      <Stepper
        active={step}
        size="sm"
        mb="xl"
        allowNextStepsSelect={false}
        onStepClick={(s) => step < 3 && s < step && setStep(s)}
        className={classes.stepper}
      >
        <Stepper.Step label={phone ? undefined : 'Upload'} description={phone ? undefined : 'Choose a CSV file'} />
        <Stepper.Step
          label={phone ? undefined : 'Map columns'}
          description={phone ? undefined : 'Match them to fields'}
        />
        <Stepper.Step label={phone ? undefined : 'Preview'} description={phone ? undefined : 'Check the first rows'} />
        <Stepper.Step label={phone ? undefined : 'Import'} description={phone ? undefined : 'Watch it run'} />
      </Stepper>

      {error && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          mb="md"
          withCloseButton
          onClose={() => setError(null)}
          data-testid="import-error"
        >
          {error}
        </Alert>
      )}

      {step === 0 && (
        <UploadStep
          meta={meta}
          upload={upload}
          onUploaded={onUploaded}
          onClear={reset}
          onNext={() => setStep(1)}
          setError={setError}
        />
      )}

      {step === 1 && upload && (
        <Stack gap="lg">
          <MappingTable upload={upload} targets={targets} mapping={mapping} onChange={setMapping} />
          <Paper withBorder p="md">
            <SimpleGrid cols={{ base: 1, sm: mapsCompany || mapsChoice ? 2 : 1 }} spacing="lg">
              <Radio.Group
                label={`When a row matches an existing ${meta.label.toLowerCase()}`}
                description="Matched by email, or by name and domain."
                value={duplicateMode}
                onChange={(v) => setDuplicateMode(v as DuplicateMode)}
                data-testid="import-duplicates"
              >
                <Stack gap={8} mt="xs">
                  <Radio value="skip" label="Skip the row" description="Keep the existing record as it is" />
                  <Radio
                    value="update"
                    label="Update the existing record"
                    description="Fill and overwrite it with the file’s values"
                  />
                  <Radio value="create" label="Create a new record anyway" description="You may get duplicates" />
                </Stack>
              </Radio.Group>
              {mapsCompany && (
                <Checkbox
                  label="Create missing companies"
                  description="A company named in the file but not found in Kith is created, and the row is linked to it."
                  checked={createMissingCompanies}
                  onChange={(e) => setCreateMissingCompanies(e.currentTarget.checked)}
                  data-testid="import-create-companies"
                />
              )}
              {mapsChoice && (
                <Checkbox
                  label="Refuse rows with unknown values"
                  description="A value that is not one of a field’s options (a stage, a source…) refuses the row. Otherwise the row is imported with that field empty, and the report lists it."
                  checked={refuseUnknown}
                  onChange={(e) => setRefuseUnknown(e.currentTarget.checked)}
                  data-testid="import-refuse-unknown"
                />
              )}
            </SimpleGrid>
          </Paper>
          <Group justify="space-between">
            <Button variant="default" leftSection={<IconArrowLeft size={14} />} onClick={() => setStep(0)}>
              Back
            </Button>
            <Group gap="sm">
              <Text size="sm" c="dimmed" visibleFrom="xs">
                {mappedCount} of {upload.headers.length} columns mapped
              </Text>
              <Button
                rightSection={<IconArrowRight size={14} />}
                onClick={() => void runPreview()}
                loading={busy}
                disabled={!mappedCount}
                data-testid="import-next"
              >
                Preview
              </Button>
            </Group>
          </Group>
        </Stack>
      )}

      {step === 2 && upload && preview && (
        <Stack gap="lg">
          <PreviewTable
            meta={meta}
            rows={preview}
            mapping={mapping}
            targets={targets}
            upload={upload}
            createsCompanies={options.createMissingCompanies ?? false}
          />
          <Group justify="space-between">
            <Button variant="default" leftSection={<IconArrowLeft size={14} />} onClick={() => setStep(1)}>
              Back to mapping
            </Button>
            <Button
              leftSection={<IconUpload size={14} />}
              onClick={() => void start()}
              loading={busy}
              data-testid="import-start"
            >
              Import {upload.rowCountEstimate > 0 ? `about ${upload.rowCountEstimate.toLocaleString()} rows` : 'rows'}
            </Button>
          </Group>
        </Stack>
      )}

      {step === 3 && jobId && <ProgressStep meta={meta} jobId={jobId} onAgain={reset} />}
    </Box>
  );
}

function UploadStep({
  meta,
  upload,
  onUploaded,
  onClear,
  onNext,
  setError,
}: {
  meta: ObjectMeta;
  upload: ImportUpload | null;
  onUploaded: (u: ImportUpload) => void;
  onClear: () => void;
  onNext: () => void;
  setError: (e: string | null) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [name, setName] = useState<string | null>(null);

  const send = async (file: File | undefined | null) => {
    if (!file) return;
    setError(null);
    setName(file.name);
    setBusy(true);
    try {
      onUploaded(await importsApi.upload(meta.name, file));
    } catch (e) {
      setError(errorMessage(e));
      setName(null);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void send(e.dataTransfer.files?.[0]);
  };

  return (
    <Stack gap="lg">
      <label
        className={classes.dropzone}
        data-dragging={dragging || undefined}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <input
          ref={input}
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/plain"
          className={classes.fileInput}
          onChange={(e) => void send(e.currentTarget.files?.[0])}
          data-testid="import-file"
        />
        <ThemeIcon size={48} radius="xl" variant="light">
          {busy ? <Loader size={20} /> : <IconFileSpreadsheet size={24} stroke={1.6} />}
        </ThemeIcon>
        {upload ? (
          <>
            <Text fw={600}>{upload.fileName}</Text>
            <Text size="sm" c="dimmed">
              {upload.headers.length} columns · about {upload.rowCountEstimate.toLocaleString()} rows
              {upload.rememberedMapping && ' · mapping remembered from last time'}
            </Text>
            <Text size="xs" c="kith">
              Choose another file
            </Text>
          </>
        ) : busy ? (
          <Text fw={600}>Reading {name}…</Text>
        ) : (
          <>
            <Text fw={600}>Drop a CSV file here, or click to choose one</Text>
            <Text size="sm" c="dimmed" ta="center" maw={460}>
              The first row holds the column names. Comma, semicolon or tab separated; UTF-8, UTF-16 or Latin-1. Exports
              of Google Contacts, Outlook, HubSpot and Salesforce are recognised.
            </Text>
          </>
        )}
      </label>
      <Group justify="space-between">
        {upload ? (
          <Button variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={onClear}>
            Start over
          </Button>
        ) : (
          <span />
        )}
        <Button
          rightSection={<IconArrowRight size={14} />}
          disabled={!upload || busy}
          loading={busy}
          onClick={onNext}
          data-testid="import-next"
        >
          Map columns
        </Button>
      </Group>
    </Stack>
  );
}

function MappingTable({
  upload,
  targets,
  mapping,
  onChange,
}: {
  upload: ImportUpload;
  targets: Target[];
  mapping: ImportMapping;
  onChange: (m: ImportMapping) => void;
}) {
  const data = [{ value: '', label: 'Don’t import' }, ...targets.map((t) => ({ value: t.value, label: t.label }))];
  const used = new Map<string, number>();
  for (const t of Object.values(mapping)) if (t) used.set(t, (used.get(t) ?? 0) + 1);
  const samples = (i: number) =>
    upload.sampleRows
      .map((r) => r[i] ?? '')
      .filter((v) => v.trim())
      .slice(0, 3);

  return (
    <Paper withBorder style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={620}>
        <Table verticalSpacing={8} horizontalSpacing="md" data-testid="import-mapping">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="28%">Column in the file</Table.Th>
              <Table.Th>Sample values</Table.Th>
              <Table.Th w="34%">Kith field</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {upload.headers.map((h, i) => {
              const target = mapping[h] ?? null;
              const t = targets.find((x) => x.value === target);
              const clash = !!target && (used.get(target) ?? 0) > 1 && !(t && multiColumn.has(t.field.type));
              return (
                <Table.Tr key={h} data-testid="import-mapping-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {h}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {samples(i).length ? (
                        samples(i).map((s, j) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: sample cells have no identity but position
                          <Text key={j} size="xs" c="dimmed" truncate maw={280}>
                            {s}
                          </Text>
                        ))
                      ) : (
                        <Text size="xs" c="dimmed" fs="italic">
                          empty in the first rows
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      data={data}
                      value={target ?? ''}
                      onChange={(v) => onChange({ ...mapping, [h]: v || null })}
                      searchable
                      allowDeselect={false}
                      aria-label={`Field for column ${h}`}
                      error={clash ? 'Two columns go to this field' : undefined}
                      leftSection={target ? <IconCheck size={14} color="var(--mantine-color-teal-6)" /> : undefined}
                      styles={target ? undefined : { input: { color: 'var(--mantine-color-dimmed)' } }}
                      data-testid={`import-map-${h}`}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

const statusColor: Record<ImportPreviewRow['status'], string> = {
  create: 'teal',
  update: 'blue',
  skip: 'gray',
  error: 'red',
};
const statusLabel: Record<ImportPreviewRow['status'], string> = {
  create: 'New',
  update: 'Update',
  skip: 'Skip',
  error: 'Error',
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function PreviewTable({
  meta,
  rows,
  mapping,
  targets,
  upload,
  createsCompanies,
}: {
  meta: ObjectMeta;
  rows: ImportPreviewRow[];
  mapping: ImportMapping;
  targets: Target[];
  upload: ImportUpload;
  createsCompanies: boolean;
}) {
  const estimate = upload.rowCountEstimate;
  /** The file's own cell for a field, when the row is among the sample rows. */
  const cellOf = (row: number, field: string) => {
    const h = Object.keys(mapping).find((k) => mapping[k] === field);
    const i = h === undefined ? -1 : upload.headers.indexOf(h);
    return i < 0 ? undefined : upload.sampleRows[row - 2]?.[i];
  };
  const fields = useMemo(() => {
    const names = new Set<string>();
    for (const t of Object.values(mapping)) if (t) names.add(t.split('.')[0] as string);
    return [...names].map((n) => targets.find((t) => t.field.name === n)?.field).filter((f): f is FieldMeta => !!f);
  }, [mapping, targets]);
  const count = (s: ImportPreviewRow['status']) => rows.filter((r) => r.status === s).length;
  const show = (f: FieldMeta, v: unknown, row: number): React.ReactNode => {
    if (f.type === 'relation' || f.type === 'user') {
      if (v && typeof v === 'object' && 'title' in v) return String((v as { title: unknown }).title);
      const cell = cellOf(row, f.name)?.trim();
      if (typeof v === 'string' && uuid.test(v))
        return (
          <>
            {cell || 'Existing record'}{' '}
            <Badge size="xs" variant="light" color="gray" tt="none">
              linked
            </Badge>
          </>
        );
      if ((v == null || v === '') && cell)
        return (
          <>
            {cell}{' '}
            <Badge
              size="xs"
              variant="light"
              color={createsCompanies && f.relation?.object === 'company' ? 'teal' : 'orange'}
              tt="none"
            >
              {createsCompanies && f.relation?.object === 'company' ? 'new company' : 'not found'}
            </Badge>
          </>
        );
    }
    if (v == null || v === '') return '';
    return displayText(f, v);
  };

  return (
    <Stack gap="md">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" c="dimmed">
          The first {rows.length} of about {estimate.toLocaleString()} rows, checked exactly as the import will:
        </Text>
        {(['create', 'update', 'skip', 'error'] as const).map((s) =>
          count(s) ? (
            <Badge key={s} color={statusColor[s]} variant="light" tt="none" data-testid={`preview-count-${s}`}>
              {count(s)}{' '}
              {s === 'create' ? 'new' : s === 'update' ? 'to update' : s === 'skip' ? 'skipped' : 'with errors'}
            </Badge>
          ) : null,
        )}
      </Group>
      {count('error') > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
          Rows with errors are left out and listed in an error report at the end; the rest are imported. Fix the mapping
          or the file if many rows fail.
        </Alert>
      )}
      <Paper withBorder style={{ overflow: 'hidden' }}>
        <Table.ScrollContainer minWidth={Math.max(560, 160 + fields.length * 160)} mah={520}>
          <Table verticalSpacing={6} horizontalSpacing="sm" stickyHeader striped="even" data-testid="import-preview">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={56}>Row</Table.Th>
                <Table.Th w={90}>Result</Table.Th>
                {fields.map((f) => (
                  <Table.Th key={f.name} miw={140}>
                    {f.label}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.row} data-status={r.status} data-testid="import-preview-row">
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {r.row}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Tooltip
                      label={[r.message, ...Object.values(r.errors ?? {}), ...Object.values(r.warnings ?? {})]
                        .filter(Boolean)
                        .join('; ')}
                      disabled={!r.message && !Object.keys(r.errors ?? {}).length && !r.warnings}
                      multiline
                      maw={320}
                    >
                      <Badge size="sm" color={statusColor[r.status]} variant="light" tt="none">
                        {statusLabel[r.status]}
                      </Badge>
                    </Tooltip>
                  </Table.Td>
                  {fields.map((f) => {
                    const err =
                      r.errors?.[f.name] ??
                      Object.entries(r.errors ?? {}).find(([k]) => k.startsWith(`${f.name}.`))?.[1];
                    return (
                      <Table.Td key={f.name} className={err ? classes.errorCell : undefined}>
                        <Text size="sm" lineClamp={2}>
                          {show(f, r.values?.[f.name], r.row)}
                        </Text>
                        {err && (
                          <Text size="xs" c="red" fw={500}>
                            {err}
                          </Text>
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {rows.some(
        (r) =>
          r.status === 'error' &&
          Object.keys(r.errors ?? {}).some((k) => !fields.some((f) => k === f.name || k.startsWith(`${f.name}.`))),
      ) && (
        <Text size="xs" c="dimmed">
          Hover a row’s result to see errors that concern no mapped column (a required field left unmapped, for one).
        </Text>
      )}
      {rows.length === 0 && (
        <EmptyState
          title="The file has no data rows"
          description={`Only a header row was found: nothing to import into ${meta.labelPlural.toLowerCase()}.`}
        />
      )}
    </Stack>
  );
}

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text
        fz={22}
        fw={650}
        c={color}
        style={{ fontVariantNumeric: 'tabular-nums' }}
        data-testid={`import-count-${label.toLowerCase()}`}
      >
        {value.toLocaleString()}
      </Text>
    </Paper>
  );
}

function ProgressStep({ meta, jobId, onAgain }: { meta: ObjectMeta; jobId: string; onAgain: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const job = useQuery(importQuery(jobId, true));
  const finished = job.data?.status === 'done' || job.data?.status === 'failed';
  useEffect(() => {
    if (!finished) return;
    invalidateObject(qc, meta.plural);
    void qc.invalidateQueries({ queryKey: ['imports', 'list'] });
  }, [finished, qc, meta.plural]);
  if (job.isPending)
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  if (job.isError) return <ErrorState error={job.error} onRetry={() => void job.refetch()} />;
  const j = job.data;
  const { progress, counts } = j;
  const pct =
    progress.total > 0 ? Math.min(100, Math.round((progress.processed / progress.total) * 100)) : finished ? 100 : 0;

  return (
    <Stack gap="lg">
      <Paper withBorder p="lg">
        <Group justify="space-between" mb="xs">
          <Group gap="xs">
            {finished ? (
              j.status === 'done' ? (
                <IconCircleCheck size={20} color="var(--mantine-color-teal-6)" />
              ) : (
                <IconAlertTriangle size={20} color="var(--mantine-color-red-6)" />
              )
            ) : (
              <Loader size={16} />
            )}
            <Title order={4} fz={16}>
              {j.status === 'queued'
                ? 'Waiting to start…'
                : j.status === 'running'
                  ? 'Importing…'
                  : j.status === 'done'
                    ? 'Import finished'
                    : j.status === 'failed'
                      ? 'Import stopped'
                      : j.status}
            </Title>
          </Group>
          <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {progress.processed.toLocaleString()} of {progress.total.toLocaleString()} rows · {pct}%
          </Text>
        </Group>
        <Progress
          value={pct}
          size="lg"
          radius="xl"
          animated={!finished}
          striped={!finished}
          color={j.status === 'failed' ? 'red' : finished ? 'teal' : undefined}
          aria-valuenow={pct}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-label="Import progress"
          role="progressbar"
          data-testid="import-progress"
        />
      </Paper>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Count label="Created" value={counts.created} color="teal" />
        <Count label="Updated" value={counts.updated} color="blue" />
        <Count label="Skipped" value={counts.skipped} />
        <Count label="Failed" value={counts.failed} color={counts.failed ? 'red' : undefined} />
      </SimpleGrid>
      {j.error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
          {j.error}
        </Alert>
      )}
      {finished && (
        <Alert
          color={j.status === 'done' ? (counts.failed ? 'orange' : 'teal') : 'red'}
          variant="light"
          icon={j.status === 'done' ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />}
          title={
            j.status === 'done'
              ? `${(counts.created + counts.updated).toLocaleString()} ${meta.labelPlural.toLowerCase()} imported`
              : 'The import did not finish'
          }
          data-testid="import-done"
        >
          <Stack gap="sm">
            {counts.failed > 0 && (
              <Text size="sm">
                {counts.failed.toLocaleString()} {counts.failed === 1 ? 'row was' : 'rows were'} refused. Download them
                with the reason for each, fix them, and import that file.
              </Text>
            )}
            {counts.warned > 0 && (
              <Text size="sm" data-testid="import-warned">
                {counts.warned.toLocaleString()} {counts.warned === 1 ? 'row was' : 'rows were'} imported with a value
                left out (listed below).
              </Text>
            )}
            <Group gap="xs">
              <Button size="xs" onClick={() => navigate(listPath(meta.plural))} data-testid="import-view-records">
                View {meta.labelPlural.toLowerCase()}
              </Button>
              {counts.failed > 0 && (
                <Button
                  size="xs"
                  variant="default"
                  component="a"
                  href={errorsCsvUrl(j.id)}
                  download
                  leftSection={<IconDownload size={14} />}
                  data-testid="import-errors-csv"
                >
                  Download refused rows
                </Button>
              )}
              <Button size="xs" variant="subtle" onClick={onAgain}>
                Import another file
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <RowMessages title="Refused rows" rows={j.errors} color="red" />
      <RowMessages title="Imported with a value left out" rows={j.warnings} color="orange" />
    </Stack>
  );
}

function RowMessages({ title, rows, color }: { title: string; rows: ImportRowMessage[]; color: string }) {
  return (
    <>
      {rows.length > 0 && (
        <Paper withBorder style={{ overflow: 'hidden' }}>
          <Text size="sm" fw={600} px="md" pt="sm">
            {title}
          </Text>
          <Table.ScrollContainer minWidth={400} mah={300}>
            <Table verticalSpacing={6} horizontalSpacing="md">
              <Table.Tbody>
                {rows.slice(0, 100).map((e) => (
                  <Table.Tr key={e.row}>
                    <Table.Td w={80}>
                      <Text size="xs" c="dimmed">
                        Row {e.row}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={color}>
                        {rowReason(e)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </>
  );
}
