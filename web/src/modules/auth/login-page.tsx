import { Alert, Anchor, Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../platform/api';
import { FullPageLoader } from '../../platform/auth/require-auth';
import { setupQuery, useSession, useSignIn } from '../../platform/auth/session';
import { AuthLayout } from './auth-layout';

/** Only same-site paths: `?next=https://evil.example` must not become an open redirect. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const session = useSession();
  const setup = useQuery(setupQuery);
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (setup.data?.needsSetup) return <Navigate to="/setup" replace />;
  if (session.data) return <Navigate to={next} replace />;
  if (session.isPending) return <FullPageLoader />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn('/auth/login', { email: email.trim(), password });
      void navigate(next, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Sign in to Kith" subtitle="Welcome back. Enter your work email and password.">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="login-error">
              {error}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            placeholder="you@company.com"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            data-testid="login-email"
          />
          <PasswordInput
            label={
              <Group justify="space-between" w="100%" wrap="nowrap">
                <span>Password</span>
                <Anchor
                  component={Link}
                  to={`/forgot-password${email.trim() ? `?email=${encodeURIComponent(email.trim())}` : ''}`}
                  size="xs"
                  fw={500}
                  data-testid="forgot-password-link"
                >
                  Forgot password?
                </Anchor>
              </Group>
            }
            labelProps={{ style: { display: 'block', width: '100%' } }}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="login-password"
          />
          <Button type="submit" fullWidth loading={busy} data-testid="login-submit" mt={4}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
