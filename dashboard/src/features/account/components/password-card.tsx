// Account → Security: change the password (other sessions are signed out).
import { type FormEvent, useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardFooter, CardHeader } from '../../../components/ui/card.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { FormError } from '../../../components/ui/states.tsx';
import { toast } from '../../../stores/toast-store.ts';
import { useChangePassword } from '../api/change-password.ts';

export function PasswordCard({ hasPassword }: { hasPassword: boolean }) {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const mismatch = again.length > 0 && again !== next;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate(
      { ...(hasPassword ? { currentPassword: current } : {}), newPassword: next },
      {
        onSuccess: (result) => {
          toast.success(
            result.revokedSessions > 0
              ? `Password changed; ${result.revokedSessions} other session(s) signed out`
              : 'Password changed',
          );
          setCurrent('');
          setNext('');
          setAgain('');
        },
      },
    );
  };
  return (
    <Card>
      <CardHeader
        title={hasPassword ? 'Password' : 'Set a password'}
        description="Changing it signs out every other session of your account."
      />
      <form onSubmit={submit}>
        <CardBody className="grid gap-4 sm:grid-cols-3">
          {hasPassword && (
            <TextField
              label="Current password"
              type="password"
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          )}
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            hint="At least 8 characters"
          />
          <TextField
            label="Repeat it"
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            error={mismatch ? 'The passwords differ' : undefined}
          />
        </CardBody>
        {change.error ? (
          <div className="px-5 pb-4">
            <FormError error={change.error} />
          </div>
        ) : null}
        <CardFooter>
          <Button
            type="submit"
            busy={change.isPending}
            disabled={(hasPassword && !current) || next.length < 8 || next !== again}
          >
            Change password
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
