// One input for one field, chosen by the field's type in the registry.
import { Checkbox, MultiSelect, NumberInput, Select, TagsInput, Textarea, TextInput } from '@mantine/core';
import type { FieldMeta } from '../meta/objects';
import type { RecordRef } from '../records/records-api';
import type { Money } from '../ui/format';
import { CurrencyInput } from './currency-input';
import { type AddressItem, AddressListInput, type PhoneItem, PhoneListInput } from './list-editors';
import { RecordLinkInput } from './record-link-input';
import { RelationSelect } from './relation-select';
import { RepeatInput } from './repeat-input';
import { UserSelect } from './user-select';

export interface FieldInputProps {
  field: FieldMeta;
  value: unknown;
  onChange: (value: unknown, ref?: RecordRef | null) => void;
  /** The expanded `{id,title}` for relation/user fields. */
  current?: RecordRef | null;
  error?: React.ReactNode;
  /** Hide the label (inline editing, filter values). */
  bare?: boolean;
  size?: 'xs' | 'sm';
  autoFocus?: boolean;
  onSubmit?: () => void;
  /** Render dropdowns in a portal (false inside popovers, so a click in them is not a click outside). */
  portal?: boolean;
  /** The record's other values: a relation `within` another (a deal's stage) offers only those under it. */
  values?: Record<string, unknown>;
}

/** For a relation within another: the list parameter that narrows its choices, or null when that one is empty. */
export function withinParams(field: FieldMeta, values: Record<string, unknown> | undefined) {
  if (!field.within) return undefined;
  const outer = values?.[field.within];
  return typeof outer === 'string' && outer ? { [field.within]: outer } : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO instant → the value of an `<input type="datetime-local">`, in the browser's zone. */
export function toLocalInput(v: unknown): string {
  if (typeof v !== 'string' || !v) return '';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function FieldInput({
  field,
  value,
  onChange,
  current,
  error,
  bare,
  size = 'sm',
  autoFocus,
  onSubmit,
  portal = true,
  values,
}: FieldInputProps) {
  const common = {
    label: bare ? undefined : field.label,
    'aria-label': field.label,
    error,
    required: !bare && field.required,
    size,
    autoFocus,
    'data-testid': `field-${field.name}`,
  };
  const onKeyDown = onSubmit
    ? (e: React.KeyboardEvent) => {
        if (e.key === 'Enter' && !(e.target instanceof HTMLTextAreaElement)) {
          e.preventDefault();
          onSubmit();
        }
      }
    : undefined;
  const str = (v: unknown) => (v == null ? '' : String(v));
  const options = (field.options ?? []).map((o) => ({ value: o.value, label: o.label }));

  if (field.format === 'rrule')
    return (
      <RepeatInput
        value={typeof value === 'string' ? value : null}
        onChange={onChange}
        label={common.label}
        error={error}
        size={size}
        testId={common['data-testid']}
      />
    );
  switch (field.type) {
    case 'longText':
      return (
        <Textarea
          {...common}
          autosize
          minRows={3}
          maxRows={12}
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          onChange={(n) => onChange(n === '' ? null : Number(n))}
          onKeyDown={onKeyDown}
          thousandSeparator=","
        />
      );
    case 'currency':
      return <CurrencyInput {...common} value={(value as Money | null) ?? null} onChange={onChange} />;
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={str(value).slice(0, 10)}
          onChange={(e) => onChange(e.currentTarget.value || null)}
          onKeyDown={onKeyDown}
        />
      );
    case 'datetime':
      return (
        <TextInput
          {...common}
          type="datetime-local"
          value={toLocalInput(value)}
          onChange={(e) => onChange(e.currentTarget.value ? new Date(e.currentTarget.value).toISOString() : null)}
          onKeyDown={onKeyDown}
        />
      );
    case 'boolean':
      return (
        <Checkbox
          label={bare ? undefined : field.label}
          aria-label={field.label}
          error={error}
          size={size}
          mt={bare ? 0 : 'xs'}
          checked={!!value}
          onChange={(e) => onChange(e.currentTarget.checked)}
          data-testid={`field-${field.name}`}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={options}
          value={value == null ? null : String(value)}
          onChange={(v) => onChange(v)}
          clearable={!field.required}
          searchable={options.length > 8}
          comboboxProps={{ withinPortal: portal }}
        />
      );
    case 'multiSelect':
      return (
        <MultiSelect
          {...common}
          data={options}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={(v) => onChange(v)}
          clearable
          searchable
          comboboxProps={{ withinPortal: portal }}
        />
      );
    case 'tags':
    case 'emailList':
      return (
        <TagsInput
          {...common}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={(v) => onChange(v)}
          placeholder={field.type === 'emailList' ? 'Type an email, press Enter' : 'Type a tag, press Enter'}
          splitChars={[',', ' ', ';']}
          clearable
          acceptValueOnBlur
        />
      );
    case 'phoneList':
      return (
        <PhoneListInput {...common} value={Array.isArray(value) ? (value as PhoneItem[]) : []} onChange={onChange} />
      );
    case 'addressList':
      return (
        <AddressListInput
          {...common}
          value={Array.isArray(value) ? (value as AddressItem[]) : []}
          onChange={onChange}
        />
      );
    case 'relation': {
      const narrowed = withinParams(field, values);
      return field.relation ? (
        <RelationSelect
          {...common}
          plural={field.relation.plural}
          value={value ? String(value) : null}
          current={current}
          onChange={(id, ref) => onChange(id, ref)}
          placeholder={narrowed === null ? 'Choose the one it belongs to first' : 'Search…'}
          disabled={narrowed === null}
          params={narrowed || field.where ? { ...field.where, ...narrowed } : undefined}
          portal={portal}
        />
      ) : (
        <TextInput {...common} value={str(value)} onChange={(e) => onChange(e.currentTarget.value || null)} />
      );
    }
    case 'anyRecord':
      return <RecordLinkInput {...common} field={field} value={value} onChange={(v) => onChange(v)} portal={portal} />;
    case 'user':
      return (
        <UserSelect
          {...common}
          value={value ? String(value) : null}
          current={current}
          onChange={(id, ref) => onChange(id, ref)}
          placeholder="Choose someone"
          portal={portal}
        />
      );
    case 'email':
      return (
        <TextInput
          {...common}
          type="email"
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
      );
    case 'phone':
      return (
        <TextInput
          {...common}
          type="tel"
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
      );
    case 'url':
      return (
        <TextInput
          {...common}
          type="url"
          placeholder="https://"
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          maxLength={field.max}
        />
      );
  }
}
