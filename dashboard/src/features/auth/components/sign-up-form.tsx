// Sign up: name, email, password and the first project's name — or joining an invited project.
import { type FormEvent, useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { FormError } from '../../../components/ui/states.tsx';
import { type SignedUp, useSignUp } from '../api/sign-up.ts';

export function SignUpForm({
  invitation,
  onSignedUp,
}: {
  invitation?: { token: string; email: string; projectName: string };
  onSignedUp: (result: SignedUp) => void;
}) {
  const signUp = useSignUp();
  const [name, setName] = useState('');
  const [email, setEmail] = useState(invitation?.email ?? '');
  const [password, setPassword] = useState('');
  const [projectName, setProjectName] = useState('');
  const tooShort = password.length > 0 && password.length < 8;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signUp.mutate(
      {
        name: name.trim(),
        email: email.trim(),
        password,
        ...(invitation ? { invitationToken: invitation.token } : {}),
        ...(!invitation && projectName.trim() ? { projectName: projectName.trim() } : {}),
      },
      { onSuccess: onSignedUp },
    );
  };

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      <TextField
        label="Your name"
        name="name"
        autoComplete="name"
        required
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <TextField
        label="Work email"
        type="email"
        name="email"
        autoComplete="email"
        required
        value={email}
        readOnly={Boolean(invitation)}
        onChange={(e) => setEmail(e.target.value)}
        hint={invitation ? `The invitation to ${invitation.projectName} was sent to this address.` : undefined}
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={tooShort ? 'At least 8 characters' : undefined}
        hint="At least 8 characters. A passphrase is best."
      />
      {!invitation && (
        <TextField
          label="Company or team"
          name="projectName"
          placeholder="Acme Support"
          value={projectName}
          onChange={(e) => setProjectName(e.target.value)}
          hint="Your first project. You can rename it or add more later."
        />
      )}
      <FormError error={signUp.error} />
      <Button
        type="submit"
        className="w-full"
        busy={signUp.isPending}
        disabled={!name.trim() || !email.trim() || password.length < 8}
      >
        {invitation ? `Create account and join ${invitation.projectName}` : 'Create account'}
      </Button>
    </form>
  );
}
