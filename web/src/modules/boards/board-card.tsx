// One card of a board: the record's title, a few of its fields, and a menu to move it without
// dragging (keyboards and phones). Dragged through dnd-kit; the overlay draws the same card.
import { useDraggable } from '@dnd-kit/core';
import { ActionIcon, Avatar, Menu } from '@mantine/core';
import { IconArrowRight, IconDots } from '@tabler/icons-react';
import { type CSSProperties, forwardRef, memo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useCardBadges } from '../../platform/extensions';
import type { FieldMeta, ObjectMeta } from '../../platform/meta/objects';
import { recordPath } from '../../platform/meta/paths';
import type { KRecord } from '../../platform/records/records-api';
import { isTitlePart } from '../../platform/table/columns';
import { FieldValue, refOf } from '../../platform/ui/field-value';
import { initials } from '../../platform/ui/format';
import classes from './board.module.css';
import { columnId, type GroupKey } from './board-state';

const hiddenTypes = new Set(['longText', 'addressList', 'phoneList', 'emailList', 'user', 'tags', 'multiSelect']);

/** What a card shows under its title: up to two listed fields, other than the board's own. */
export function cardFields(meta: ObjectMeta, groupBy: string, sum: FieldMeta | null): FieldMeta[] {
  // A board by a field within another (a pipeline's stages) shows that other on every card alike.
  const within = meta.fields.find((f) => f.name === groupBy)?.within;
  return meta.fields
    .filter(
      (f) => f.list && f.name !== groupBy && f.name !== within && f.name !== sum?.name && !isTitlePart(meta, f.name),
    )
    .filter((f) => !hiddenTypes.has(f.type))
    .slice(0, 2);
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
  const badges = useCardBadges(meta);
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
        {ownerRef && (
          <Avatar
            size={20}
            radius="xl"
            color="kith"
            variant="light"
            style={{ flex: 'none' }}
            title={ownerRef.title || 'Owner'}
          >
            <span style={{ fontSize: 8 }}>{initials(ownerRef.title)}</span>
          </Avatar>
        )}
        {menu}
      </div>
      {fields.map((f) =>
        record[f.name] == null || record[f.name] === '' ? null : (
          <div key={f.name} className={classes.cardField}>
            <FieldValue field={f} record={record} compact />
          </div>
        ),
      )}
      {sum && amount != null && (
        <div className={classes.cardAmount}>
          <FieldValue field={sum} record={record} compact />
        </div>
      )}
      {badges.map((b) => (
        <b.component key={b.id} meta={meta} record={record} />
      ))}
    </div>
  );
});

export interface CardActions {
  /** The columns a card may move to, for its menu. */
  targets: Array<{ key: GroupKey; title: string }>;
  canMove: boolean;
  onMove: (record: KRecord, from: GroupKey, to: GroupKey) => void;
  /** Opens (record id) or closes (null) a card's menu: one card has one at a time. */
  onMenu: (id: string | null) => void;
}

/** A card on the board: draggable, with a menu to move it without dragging (keyboards, phones). */
export const BoardCard = memo(function BoardCard({
  columnKey,
  actions,
  menuOpen,
  ...props
}: Omit<CardProps, 'menu' | 'dragging' | 'overlay'> & {
  columnKey: GroupKey;
  actions: CardActions;
  menuOpen: boolean;
}) {
  const { record } = props;
  const { targets, canMove, onMove, onMenu } = actions;
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: record.id,
    data: { record, from: columnKey },
    disabled: !canMove,
  });
  const button = (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="sm"
      className={classes.cardMenu}
      data-expanded={menuOpen || undefined}
      aria-label={`Move ${record.title || 'card'}`}
      onPointerDown={(e) => e.stopPropagation()}
      onMouseDown={(e) => e.stopPropagation()}
      onTouchStart={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
      onClick={() => onMenu(menuOpen ? null : record.id)}
      data-testid="board-card-menu"
    >
      <IconDots size={14} />
    </ActionIcon>
  );
  // The menu is mounted for the one card whose menu is open: a board shows many cards.
  const menu = !canMove ? null : !menuOpen ? (
    button
  ) : (
    <Menu opened onChange={(o) => !o && onMenu(null)} position="bottom-end" withinPortal>
      <Menu.Target>{button}</Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Move to</Menu.Label>
        {targets
          .filter((c) => columnId(c.key) !== columnId(columnKey))
          .map((c) => (
            <Menu.Item
              key={columnId(c.key)}
              leftSection={<IconArrowRight size={14} />}
              onClick={() => onMove(record, columnKey, c.key)}
              data-testid="board-move-to"
            >
              {c.title}
            </Menu.Item>
          ))}
      </Menu.Dropdown>
    </Menu>
  );
  return <CardBody ref={setNodeRef} {...props} menu={menu} dragging={isDragging} {...attributes} {...listeners} />;
});
