import { looksLikeEmail } from '@kith/common';
import { Alert, Button, Checkbox, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../platform/api';
import { FullPageLoader } from '../../platform/auth/require-auth';
import { setupQuery, useSignIn } from '../../platform/auth/session';
import { AuthLayout } from './auth-layout';

type Field = 'organizationName' | 'name' | 'email' | 'password';

function validate(v: Record<Field, string>): Partial<Record<Field, string>> {
  const e: Partial<Record<Field, string>> = {};
  if (!v.organizationName.trim()) e.organizationName = 'Enter your organization’s name';
  if (!v.name.trim()) e.name = 'Enter your name';
  if (!looksLikeEmail(v.email)) e.email = 'Enter a valid email address';
  if (v.password.length < 10) e.password = 'Use at least 10 characters';
  return e;
}

export function SetupPage() {
  const navigate = useNavigate();
  const setup = useQuery(setupQuery);
  const signIn = useSignIn();
  const [values, setValues] = useState<Record<Field, string>>({
    organizationName: '',
    name: '',
    email: '',
    password: '',
  });
  const [demoData, setDemoData] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (setup.isPending) return <FullPageLoader />;
  if (setup.data && !setup.data.needsSetup && !busy) return <Navigate to="/login" replace />;

  const set = (k: Field) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [k]: value }));
    setErrors((er) => ({ ...er, [k]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate(values);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      await signIn('/setup', {
        organizationName: values.organizationName.trim(),
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        demoData,
      });
      void navigate('/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Set up Kith" subtitle="Create your organization and the first administrator account.">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />}>
              {error}
            </Alert>
          )}
          <TextInput
            label="Organization name"
            placeholder="Acme Inc."
            required
            autoFocus
            value={values.organizationName}
            onChange={set('organizationName')}
            error={errors.organizationName}
            data-testid="setup-org"
          />
          <TextInput
            label="Your name"
            placeholder="Ada Lovelace"
            required
            autoComplete="name"
            value={values.name}
            onChange={set('name')}
            error={errors.name}
            data-testid="setup-name"
          />
          <TextInput
            label="Email"
            type="email"
            placeholder="you@company.com"
            required
            autoComplete="email"
            value={values.email}
            onChange={set('email')}
            error={errors.email}
            data-testid="setup-email"
          />
          <PasswordInput
            label="Password"
            description="At least 10 characters"
            required
            autoComplete="new-password"
            value={values.password}
            onChange={set('password')}
            error={errors.password}
            data-testid="setup-password"
          />
          <Checkbox
            label="Fill with demo data"
            description="Sample contacts and companies to explore Kith. You can delete them later."
            checked={demoData}
            onChange={(e) => setDemoData(e.currentTarget.checked)}
            data-testid="setup-demo"
          />
          <Button type="submit" fullWidth loading={busy} data-testid="setup-submit" mt={4}>
            Create organization
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
