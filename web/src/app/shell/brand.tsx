import { Text } from '@mantine/core';
import { Link } from 'react-router';
import { useCurrentSession } from '../../platform/auth/session';
import { LogoMark } from './logo-mark';
import classes from './shell.module.css';

export function Brand() {
  const { organization } = useCurrentSession();
  return (
    <Link to="/" className={classes.brand} aria-label="Home">
      <LogoMark size={26} />
      <Text fw={650} size="sm" truncate visibleFrom="sm">
        {organization?.name || 'Kith'}
      </Text>
    </Link>
  );
}
