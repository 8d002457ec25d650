// Public account pages: forgot password, reset password (from the emailed link), accept an invitation.

import { looksLikeEmail } from '@kith/common';
import type { PasswordReset, PasswordResetRequest } from '@kith/common/api/auth';
import type { InvitationLookup } from '@kith/common/api/invitations';
import { Alert, Anchor, Button, Center, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconMailCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, errorMessage, request } from '../../platform/api';
import { useSignIn } from '../../platform/auth/session';
import { AuthLayout } from './auth-layout';

function BackToSignIn() {
  return (
    <Text size="sm" ta="center" mt="md">
      <Anchor component={Link} to="/login" size="sm">
        Back to sign in
      </Anchor>
    </Text>
  );
}

export function ForgotPasswordPage() {
  const [params] = useSearchParams();
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!looksLikeEmail(email)) {
      setError('Enter a valid email address');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await request('/auth/password-reset', {
        method: 'POST',
        body: { email: email.trim() } satisfies PasswordResetRequest,
        allow401: true,
      });
      setSent(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (sent)
    return (
      <AuthLayout title="Check your email">
        <Stack gap="md" align="center" ta="center" data-testid="reset-sent">
          <IconMailCheck size={36} stroke={1.5} color="var(--mantine-color-kith-6)" />
          <Text size="sm">
            If <b>{email.trim()}</b> has an account, we sent it a link to choose a new password. The link works once and
            expires soon.
          </Text>
          <Text size="xs" c="dimmed">
            Nothing arrived? Check your spam folder, or ask an administrator.
          </Text>
        </Stack>
        <BackToSignIn />
      </AuthLayout>
    );

  return (
    <AuthLayout
      title="Forgot your password?"
      subtitle="Enter your work email and we’ll send you a link to choose a new one."
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            placeholder="you@company.com"
            autoFocus
            value={email}
            onChange={(e) => {
              setEmail(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            data-testid="forgot-email"
          />
          <Button type="submit" fullWidth loading={busy} data-testid="forgot-submit">
            Send reset link
          </Button>
        </Stack>
      </form>
      <BackToSignIn />
    </AuthLayout>
  );
}

function NewPasswordFields({
  password,
  confirm,
  setPassword,
  setConfirm,
  errors,
}: {
  password: string;
  confirm: string;
  setPassword: (v: string) => void;
  setConfirm: (v: string) => void;
  errors: Record<string, string>;
}) {
  return (
    <>
      <PasswordInput
        label="New password"
        description="At least 10 characters"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        error={errors.password}
        data-testid="new-password"
      />
      <PasswordInput
        label="Repeat the password"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => setConfirm(e.currentTarget.value)}
        error={errors.confirm}
        data-testid="new-password-confirm"
      />
    </>
  );
}

function checkPasswords(password: string, confirm: string): Record<string, string> {
  const e: Record<string, string> = {};
  if (password.length < 10) e.password = 'Use at least 10 characters';
  else if (password !== confirm) e.confirm = 'The two passwords differ';
  return e;
}

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!token)
    return (
      <AuthLayout title="This link is incomplete">
        <Text size="sm" ta="center">
          Open the link from the email again, or ask for a new one.
        </Text>
        <Button component={Link} to="/forgot-password" fullWidth mt="md" variant="default">
          Send a new link
        </Button>
      </AuthLayout>
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkPasswords(password, confirm);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      await request('/auth/password-reset/confirm', {
        method: 'POST',
        body: { token, password } satisfies PasswordReset,
        allow401: true,
      });
      setDone(true);
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.password) setErrors({ password: err.fieldErrors.password });
      else
        setError(
          err instanceof ApiError &&
            (err.status === 400 || err.status === 404 || err.status === 410) &&
            !err.fieldErrors.password
            ? `${err.message} Ask for a new link.`
            : errorMessage(err),
        );
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <AuthLayout title="Password changed">
        <Stack gap="md" data-testid="reset-done">
          <Text size="sm" ta="center">
            Your new password is set. Sign in with it now.
          </Text>
          <Button fullWidth onClick={() => navigate('/login', { replace: true })}>
            Sign in
          </Button>
        </Stack>
      </AuthLayout>
    );

  return (
    <AuthLayout title="Choose a new password" subtitle="You’ll be signed out everywhere else.">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="reset-error">
              {error}{' '}
              <Anchor component={Link} to="/forgot-password" size="sm">
                Send a new link
              </Anchor>
            </Alert>
          )}
          <NewPasswordFields
            password={password}
            confirm={confirm}
            setPassword={setPassword}
            setConfirm={setConfirm}
            errors={errors}
          />
          <Button type="submit" fullWidth loading={busy} data-testid="reset-submit">
            Set new password
          </Button>
        </Stack>
      </form>
      <BackToSignIn />
    </AuthLayout>
  );
}

export function AcceptInvitePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const signIn = useSignIn();
  const lookup = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => request<InvitationLookup>('/invitations/lookup', { query: { token }, allow401: true }),
    enabled: !!token,
    retry: false,
  });
  const [name, setName] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!token || lookup.isError)
    return (
      <AuthLayout title="This invitation cannot be used">
        <Text size="sm" ta="center" data-testid="invite-invalid">
          {lookup.error instanceof ApiError && lookup.error.status !== 404 && lookup.error.status !== 410
            ? errorMessage(lookup.error)
            : 'The link is incomplete, was already used, or has expired. Ask the person who invited you for a new one.'}
        </Text>
        <BackToSignIn />
      </AuthLayout>
    );
  if (lookup.isPending)
    return (
      <Center h="100dvh">
        <Loader size="sm" />
      </Center>
    );

  const inv = lookup.data;
  const shownName = name ?? inv.name ?? '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkPasswords(password, confirm);
    if (!shownName.trim()) found.name = 'Enter your name';
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      await signIn('/invitations/accept', { token, name: shownName.trim(), password });
      void navigate('/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
      else setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <AuthLayout
      title={`Join ${inv.organization?.name ?? 'your team'} on Kith`}
      subtitle={
        <>
          You were invited as <b>{inv.email}</b>. Choose your name and a password.
        </>
      }
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />}>
              {error}
            </Alert>
          )}
          <TextInput label="Email" value={inv.email} disabled />
          <TextInput
            label="Your name"
            autoComplete="name"
            placeholder="Ada Lovelace"
            autoFocus
            value={shownName}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            data-testid="accept-name"
          />
          <NewPasswordFields
            password={password}
            confirm={confirm}
            setPassword={setPassword}
            setConfirm={setConfirm}
            errors={errors}
          />
          <Button type="submit" fullWidth loading={busy} data-testid="accept-submit">
            Join {inv.organization?.name ?? 'the organization'}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
