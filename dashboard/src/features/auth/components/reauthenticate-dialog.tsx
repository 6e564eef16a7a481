// "Confirm it's you": the password (or a code from the authenticator app) before a sensitive
// change, asked when the API answers 403 reauthentication_required (lib/reauthentication.ts). An
// account made with a provider and without 2FA has neither: it signs in with the provider again.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button, buttonClasses } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { Modal } from '../../../components/ui/modal.tsx';
import { FormError, Notice } from '../../../components/ui/states.tsx';
import { useUser } from '../../../lib/auth.tsx';
import {
  type Proof,
  reauthenticate,
  settleReauthentication,
  useReauthentication,
} from '../../../lib/reauthentication.ts';
import { oauthStartUrl, useOAuthProviders } from '../api/get-oauth-providers.ts';

export function ReauthenticateDialog() {
  const waiting = useReauthentication((s) => s.waiting);
  if (!waiting) return null;
  return <ProofForm />;
}

function ProofForm() {
  const user = useUser();
  const hasPassword = user.data?.hasPassword ?? true;
  const mfaEnabled = user.data?.mfaEnabled ?? false;
  const [withCode, setWithCode] = useState(!hasPassword);
  const [value, setValue] = useState('');
  const prove = useMutation({ mutationFn: (proof: Proof) => reauthenticate(proof) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const proof: Proof = withCode ? { code: value.replace(/\s/g, '') } : { password: value };
    prove.mutate(proof, { onSuccess: () => settleReauthentication(true) });
  };
  const close = () => settleReauthentication(false);
  return (
    <Modal
      open
      onClose={close}
      size="sm"
      title="Confirm it’s you"
      description="This change needs a fresh proof that you are you; it lasts 10 minutes."
    >
      {!hasPassword && !mfaEnabled ? (
        <SignInAgain />
      ) : (
        <form onSubmit={submit} className="space-y-4" data-testid="reauthenticate-form">
          {withCode ? (
            <TextField
              label="Code from your authenticator app"
              name="reauth-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              autoFocus
            />
          ) : (
            <TextField
              label="Password"
              type="password"
              name="reauth-password"
              autoComplete="current-password"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              autoFocus
            />
          )}
          {hasPassword && mfaEnabled && (
            <button
              type="button"
              className="text-sm text-brand-700 hover:underline"
              onClick={() => {
                setWithCode(!withCode);
                setValue('');
                prove.reset();
              }}
            >
              {withCode ? 'Use your password instead' : 'Use a code from your authenticator app instead'}
            </button>
          )}
          <FormError error={prove.error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" busy={prove.isPending} disabled={!value.trim()}>
              Confirm
            </Button>
          </div>
        </form>
      )}
    </Modal>
  );
}

function SignInAgain() {
  const providers = useOAuthProviders();
  const here = `${window.location.pathname}${window.location.search}`;
  return (
    <div className="space-y-3">
      <Notice tone="info">
        Your account signs in with a provider and has no password: sign in with it again, then make the change.
      </Notice>
      {(providers.data ?? []).map((p) => (
        <a key={p.id} href={oauthStartUrl(p.id, here)} className={buttonClasses('secondary', 'md', 'w-full')}>
          Continue with {p.name}
        </a>
      ))}
    </div>
  );
}
