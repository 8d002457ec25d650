import { AppShell, Burger, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet } from 'react-router';
import { NotificationBell } from '../../modules/notifications/notification-bell';
import { GlobalSearch } from '../global-search';
import { useRealtime } from '../use-realtime';
import { AppNavbar } from './app-navbar';
import { Brand } from './brand';
import { SearchButton } from './search-button';
import classes from './shell.module.css';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  useRealtime();
  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={0}
    >
      <AppShell.Header>
        <div className={classes.header}>
          <Burger
            opened={opened}
            onClick={toggle}
            hiddenFrom="sm"
            size="sm"
            aria-label="Toggle navigation"
            data-testid="nav-burger"
          />
          <Brand />
          <SearchButton />
          <Group gap={4} ml="auto" wrap="nowrap">
            <NotificationBell />
            <ThemeToggle />
            <UserMenu />
          </Group>
        </div>
      </AppShell.Header>
      <AppNavbar onNavigate={close} />
      <AppShell.Main className={classes.main}>
        <Outlet />
      </AppShell.Main>
      <GlobalSearch />
    </AppShell>
  );
}
