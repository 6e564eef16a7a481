// Invitation acceptance: what the invitation is for, then join (signed in) or create an account.
import { useState } from 'react';
import { Button, buttonClasses } from '../../../components/ui/button.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { FormError, Notice } from '../../../components/ui/states.tsx';
import { paths } from '../../../config/paths.ts';
import { errorMessage } from '../../../lib/api-client.ts';
import { Link } from '../../../lib/router.tsx';
import { useAcceptInvitation } from '../api/accept-invitation.ts';
import { type InvitationPreview, useInvitationPreview } from '../api/preview-invitation.ts';
import { SignUpForm } from './sign-up-form.tsx';

export function AcceptInvitationPanel({
  token,
  signedInAs,
  onJoined,
}: {
  token: string | null;
  /** The signed-in user's email, or null when signed out. */
  signedInAs: string | null;
  onJoined: (projectId: string) => void;
}) {
  const preview = useInvitationPreview(token);
  const accept = useAcceptInvitation();
  const [creating, setCreating] = useState<InvitationPreview | null>(null);

  if (!token) {
    return (
      <Notice tone="error" title="This link is incomplete">
        Open the invitation link from the email again.
      </Notice>
    );
  }
  // Once the invitee is signing up, the form stays: signing up uses the invitation, so the
  // preview (refetched as the session starts) would only say it is used.
  if (creating) {
    return (
      <SignUpForm
        invitation={{ token, email: creating.email, projectName: creating.projectName }}
        onSignedUp={() => onJoined('')}
      />
    );
  }
  if (preview.isPending) return <LoadingBlock label="Opening the invitation…" />;
  if (preview.isError) {
    return (
      <Notice tone="error" title="This invitation cannot be used">
        {errorMessage(preview.error)} Ask a Manager of the project for a new one.
      </Notice>
    );
  }
  const invitation = preview.data;
  const role = invitation.role === 'manager' ? 'a Manager' : 'an Agent';
  const here = `${paths.acceptInvitation}#token=${encodeURIComponent(token)}`;

  return (
    <div className="space-y-5">
      <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <p className="text-sm text-slate-500">You are invited to join</p>
        <p className="mt-0.5 text-lg font-semibold text-slate-900">{invitation.projectName}</p>
        <p className="mt-1 text-sm text-slate-600">
          as {role} · sent to <span className="font-medium">{invitation.email}</span>
        </p>
      </div>
      {signedInAs ? (
        <>
          {signedInAs.toLowerCase() !== invitation.email.toLowerCase() && (
            <Notice tone="warning">
              You are signed in as {signedInAs}, but the invitation was sent to {invitation.email}.
            </Notice>
          )}
          <FormError error={accept.error} />
          <Button
            className="w-full"
            busy={accept.isPending}
            onClick={() => accept.mutate(token, { onSuccess: (joined) => onJoined(joined.projectId) })}
          >
            Join {invitation.projectName}
          </Button>
        </>
      ) : (
        <div className="space-y-3">
          <Button className="w-full" onClick={() => setCreating(invitation)}>
            Create an account
          </Button>
          <Link to={paths.signIn(here)} className={buttonClasses('secondary', 'md', 'w-full')}>
            I already have an account
          </Link>
        </div>
      )}
    </div>
  );
}
