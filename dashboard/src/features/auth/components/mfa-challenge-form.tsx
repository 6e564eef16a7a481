// The second step of a sign-in with 2FA: a code from the authenticator app, or a recovery code.
import { type FormEvent, useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { ShieldCheckIcon } from '../../../components/ui/icons.tsx';
import { FormError } from '../../../components/ui/states.tsx';
import { useAnswerMfaChallenge } from '../api/answer-mfa-challenge.ts';
import type { MfaChallenge } from '../api/sign-in.ts';

export function MfaChallengeForm({
  challenge,
  onSignedIn,
  onCancel,
}: {
  challenge: MfaChallenge;
  onSignedIn: () => void;
  onCancel: () => void;
}) {
  const answer = useAnswerMfaChallenge();
  const [mode, setMode] = useState<'totp' | 'recovery'>('totp');
  const [code, setCode] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input =
      mode === 'totp'
        ? { challengeToken: challenge.challengeToken, code: code.replace(/\s/g, '') }
        : { challengeToken: challenge.challengeToken, recoveryCode: code.trim().toLowerCase() };
    answer.mutate(input, { onSuccess: onSignedIn });
  };

  const switchMode = () => {
    setMode(mode === 'totp' ? 'recovery' : 'totp');
    setCode('');
    answer.reset();
  };

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      <div className="flex items-start gap-3 rounded-lg bg-brand-50 px-3.5 py-3 text-sm text-brand-900">
        <ShieldCheckIcon className="mt-0.5 shrink-0 text-brand-600" />
        <p>
          {mode === 'totp'
            ? 'Two-factor authentication is on. Enter the 6-digit code from your authenticator app.'
            : 'Enter one of the recovery codes you saved when you turned on two-factor authentication. Each works once.'}
        </p>
      </div>
      {mode === 'totp' ? (
        <TextField
          key="totp"
          label="Authentication code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="\d{6}"
          maxLength={7}
          placeholder="123456"
          autoFocus
          value={code}
          onChange={(e) => setCode(e.target.value)}
          className="[&_input]:text-center [&_input]:font-mono [&_input]:text-lg [&_input]:tracking-[0.4em]"
        />
      ) : (
        <TextField
          key="recovery"
          label="Recovery code"
          name="recoveryCode"
          autoComplete="off"
          placeholder="xxxxx-xxxxx"
          autoFocus
          value={code}
          onChange={(e) => setCode(e.target.value)}
          className="[&_input]:font-mono"
        />
      )}
      <FormError error={answer.error} />
      <Button type="submit" className="w-full" busy={answer.isPending} disabled={!code.trim()}>
        Verify and sign in
      </Button>
      <div className="flex items-center justify-between text-sm">
        <button type="button" className="font-medium text-brand-600 hover:text-brand-700" onClick={switchMode}>
          {mode === 'totp' ? 'Use a recovery code' : 'Use the authenticator app'}
        </button>
        <button type="button" className="text-slate-500 hover:text-slate-700" onClick={onCancel}>
          Start over
        </button>
      </div>
    </form>
  );
}
