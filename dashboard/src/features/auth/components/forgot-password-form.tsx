// Forgot password: asks for a reset link by email (and, locally, shows it from the dev mail sink).
import { type FormEvent, useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { FormError, Notice } from '../../../components/ui/states.tsx';
import { useRequestPasswordReset } from '../api/request-password-reset.ts';
import { DevMailbox } from './dev-mailbox.tsx';

export function ForgotPasswordForm() {
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const to = email.trim();
    request.mutate(to, { onSuccess: () => setSentTo(to) });
  };

  if (sentTo) {
    return (
      <div>
        <Notice tone="success" title="Check your inbox">
          If an account exists for {sentTo}, a link to reset its password is on its way. It works once, for 30 minutes.
        </Notice>
        <DevMailbox to={sentTo} subjectIncludes="Reset" />
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="email"
        required
        autoFocus
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <FormError error={request.error} />
      <Button type="submit" className="w-full" busy={request.isPending} disabled={!email.trim()}>
        Send reset link
      </Button>
    </form>
  );
}
