// One card of a board: the record's title, a few of its fields, and a menu to move it without
// dragging (keyboards and phones). Dragged through dnd-kit; the overlay draws the same card.
import { useDraggable } from '@dnd-kit/core';
import { ActionIcon, Avatar, Menu, Text, Tooltip } from '@mantine/core';
import { IconArrowRight, IconDots } from '@tabler/icons-react';
import { type CSSProperties, forwardRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { FieldMeta, ObjectMeta } from '../../platform/meta/objects';
import { recordPath } from '../../platform/meta/paths';
import type { KRecord } from '../../platform/records/records-api';
import { titleParts } from '../../platform/table/columns';
import { FieldValue, refOf } from '../../platform/ui/field-value';
import { initials } from '../../platform/ui/format';
import classes from './board.module.css';
import { columnId, type GroupKey } from './board-state';

const hiddenTypes = new Set(['longText', 'addressList', 'phoneList', 'emailList', 'user', 'tags', 'multiSelect']);

/** What a card shows under its title: up to three listed fields, other than the board's own. */
export function cardFields(meta: ObjectMeta, groupBy: string, sum: FieldMeta | null): FieldMeta[] {
  return meta.fields
    .filter((f) => f.list && f.name !== groupBy && f.name !== sum?.name && !titleParts.has(f.name))
    .filter((f) => !hiddenTypes.has(f.type))
    .slice(0, 3);
}

interface CardProps {
  meta: ObjectMeta;
  record: KRecord;
  fields: FieldMeta[];
  sum: FieldMeta | null;
  owner: FieldMeta | undefined;
  menu?: ReactNode;
  saving?: boolean;
  overlay?: boolean;
  dragging?: boolean;
  style?: CSSProperties;
}

export const CardBody = forwardRef<HTMLDivElement, CardProps & React.HTMLAttributes<HTMLDivElement>>(function CardBody(
  { meta, record, fields, sum, owner, menu, saving, overlay, dragging, ...rest },
  ref,
) {
  const ownerRef = owner ? refOf(record, owner) : null;
  const amount = sum ? record[sum.name] : null;
  return (
    <div
      ref={ref}
      className={classes.card}
      data-overlay={overlay || undefined}
      data-dragging={dragging || undefined}
      data-saving={saving || undefined}
      data-testid="board-card"
      data-record-id={record.id}
      {...rest}
    >
      <div className={classes.cardTitle}>
        <Link
          to={recordPath(meta.plural, record.id)}
          className={classes.titleLink}
          draggable={false}
          data-testid="board-card-title"
        >
          {record.title || 'Untitled'}
        </Link>
        {menu}
      </div>
      {fields.map((f) =>
        record[f.name] == null || record[f.name] === '' ? null : (
          <div key={f.name} className={classes.cardField}>
            <FieldValue field={f} record={record} compact />
          </div>
        ),
      )}
      {(sum || ownerRef) && (
        <div className={classes.cardFoot}>
          <div style={{ minWidth: 0 }}>
            {sum && amount != null && <FieldValue field={sum} record={record} compact />}
          </div>
          {ownerRef && (
            <Tooltip label={ownerRef.title || 'Owner'}>
              <Avatar size={22} radius="xl" color="kith" variant="light" style={{ flex: 'none' }}>
                <span style={{ fontSize: 9 }}>{initials(ownerRef.title)}</span>
              </Avatar>
            </Tooltip>
          )}
        </div>
      )}
    </div>
  );
});

export function BoardCard({
  columnKey,
  columns,
  canMove,
  onMove,
  ...props
}: Omit<CardProps, 'menu' | 'dragging' | 'overlay'> & {
  columnKey: GroupKey;
  columns: Array<{ key: GroupKey; title: string }>;
  canMove: boolean;
  onMove: (to: GroupKey) => void;
}) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: props.record.id,
    data: { record: props.record, from: columnKey },
    disabled: !canMove,
  });
  const menu = canMove ? (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          className={classes.cardMenu}
          aria-label={`Move ${props.record.title || 'card'}`}
          onPointerDown={(e) => e.stopPropagation()}
          onKeyDown={(e) => e.stopPropagation()}
          data-testid="board-card-menu"
        >
          <IconDots size={14} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Move to</Menu.Label>
        {columns
          .filter((c) => columnId(c.key) !== columnId(columnKey))
          .map((c) => (
            <Menu.Item
              key={columnId(c.key)}
              leftSection={<IconArrowRight size={14} />}
              onClick={() => onMove(c.key)}
              data-testid="board-move-to"
            >
              <Text size="sm" span>
                {c.title}
              </Text>
            </Menu.Item>
          ))}
      </Menu.Dropdown>
    </Menu>
  ) : null;
  return <CardBody ref={setNodeRef} {...props} menu={menu} dragging={isDragging} {...attributes} {...listeners} />;
}
