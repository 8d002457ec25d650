import { AppShell, ScrollArea, Skeleton } from '@mantine/core';
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useCurrentSession } from '../../platform/auth/session';
import { usePages, useSettingsPages } from '../../platform/extensions';
import { ObjectIcon } from '../../platform/meta/object-icon';
import { useObjects } from '../../platform/meta/objects';
import { listPath } from '../../platform/meta/paths';
import classes from './shell.module.css';

function Item({
  to,
  icon,
  label,
  badge,
  onNavigate,
}: {
  to: string;
  icon: ReactNode;
  label: string;
  badge?: ReactNode;
  onNavigate: () => void;
}) {
  return (
    <NavLink to={to} className={classes.navLink} onClick={onNavigate}>
      {icon}
      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', flex: 1 }}>{label}</span>
      {badge}
    </NavLink>
  );
}

export function AppNavbar({ onNavigate }: { onNavigate: () => void }) {
  const { user } = useCurrentSession();
  const objects = useObjects();
  // Objects that ask to be listed (junctions and the like are reached from their records).
  const readable = (objects.data ?? []).filter((o) => o.navigation && o.permissions?.read !== false);
  const isAdmin = !!user.role?.isAdmin;
  const settingsPages = useSettingsPages();
  const pages = usePages();

  return (
    <AppShell.Navbar className={classes.navbar}>
      <AppShell.Section grow component={ScrollArea} px="xs" pb="md">
        {pages.map(({ id, label, icon: Icon, badge: Badge }) => (
          <Item
            key={id}
            to={`/${id}`}
            icon={<Icon size={17} stroke={1.7} />}
            label={label}
            badge={Badge ? <Badge /> : undefined}
            onNavigate={onNavigate}
          />
        ))}
        <div className={classes.navSectionLabel}>Records</div>
        {objects.isPending && [0, 1].map((i) => <Skeleton key={i} h={24} my={6} mx={10} w="70%" radius="sm" />)}
        {readable.map((o) => (
          <Item
            key={o.plural}
            to={listPath(o.plural)}
            icon={<ObjectIcon name={o.icon || o.name} size={17} />}
            label={o.labelPlural}
            onNavigate={onNavigate}
          />
        ))}
        <div className={classes.navSectionLabel}>Settings</div>
        {settingsPages
          .filter((p) => isAdmin || !p.adminOnly)
          .map(({ id, label, icon: Icon }) => (
            <Item
              key={id}
              to={`/settings/${id}`}
              icon={<Icon size={17} stroke={1.7} />}
              label={label}
              onNavigate={onNavigate}
            />
          ))}
      </AppShell.Section>
    </AppShell.Navbar>
  );
}
