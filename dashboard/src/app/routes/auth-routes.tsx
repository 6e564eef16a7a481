// The signed-out screens (sign in, sign up, password reset, invitation, email verification) and
// the new-project screen, each in the auth layout.

import { paths } from '../../config/paths.ts';
import { AcceptInvitationPanel } from '../../features/auth/components/accept-invitation-panel.tsx';
import { AuthLayout } from '../../features/auth/components/auth-layout.tsx';
import { ForgotPasswordForm } from '../../features/auth/components/forgot-password-form.tsx';
import { OAuthButtons } from '../../features/auth/components/oauth-buttons.tsx';
import { ResetPasswordForm } from '../../features/auth/components/reset-password-form.tsx';
import { SignInForm } from '../../features/auth/components/sign-in-form.tsx';
import { SignUpForm } from '../../features/auth/components/sign-up-form.tsx';
import { VerifyEmailPanel } from '../../features/auth/components/verify-email-panel.tsx';
import { NewProjectForm } from '../../features/projects/components/new-project-form.tsx';
import { safeNext, useUser } from '../../lib/auth.tsx';
import { fragmentParam } from '../../lib/route-match.ts';
import { Link, navigate, useLocation, useSearchParam } from '../../lib/router.tsx';

export function SignInRoute() {
  const next = safeNext(useSearchParam('next'));
  const { hash } = useLocation();
  // The OAuth callback lands on /login#error=<code> or /login#mfa=<challengeToken>; the unlock
  // mail (sign-ins paused after many wrong passwords) on /login#unlock=<token>.
  const oauthError = fragmentParam(hash, 'error');
  const mfa = fragmentParam(hash, 'mfa');
  const unlockToken = fragmentParam(hash, 'unlock');
  return (
    <AuthLayout
      title="Welcome back"
      subtitle="Sign in to answer your customers."
      footer={
        <>
          New to Parley?{' '}
          <Link to={paths.signUp} className="font-medium text-brand-600 hover:text-brand-700">
            Create an account
          </Link>
        </>
      }
    >
      <OAuthButtons next={next} error={oauthError} />
      <SignInForm
        initialChallenge={mfa ? { status: 'mfa_required', challengeToken: mfa, expiresIn: 300 } : null}
        unlockToken={unlockToken}
        onSignedIn={() => navigate(next, { replace: true })}
      />
    </AuthLayout>
  );
}

export function SignUpRoute() {
  return (
    <AuthLayout
      title="Start with Parley"
      subtitle="Set up your team's inbox in a minute. No credit card."
      footer={
        <>
          Already have an account?{' '}
          <Link to={paths.signIn()} className="font-medium text-brand-600 hover:text-brand-700">
            Sign in
          </Link>
        </>
      }
    >
      <OAuthButtons next={paths.home} error={null} />
      <SignUpForm
        onSignedUp={(result) =>
          navigate(result.project ? paths.inbox(result.project.id) : paths.home, { replace: true })
        }
      />
    </AuthLayout>
  );
}

export function ForgotPasswordRoute() {
  return (
    <AuthLayout
      title="Reset your password"
      subtitle="We will email you a link to choose a new one."
      footer={
        <Link to={paths.signIn()} className="font-medium text-brand-600 hover:text-brand-700">
          Back to sign in
        </Link>
      }
    >
      <ForgotPasswordForm />
    </AuthLayout>
  );
}

export function ResetPasswordRoute() {
  const { hash } = useLocation();
  return (
    <AuthLayout title="Choose a new password">
      <ResetPasswordForm token={fragmentParam(hash, 'token')} />
    </AuthLayout>
  );
}

export function VerifyEmailRoute() {
  const { hash } = useLocation();
  return (
    <AuthLayout title="Verify your email">
      <VerifyEmailPanel token={fragmentParam(hash, 'token')} />
    </AuthLayout>
  );
}

export function AcceptInvitationRoute({ signedIn }: { signedIn: boolean }) {
  const { hash } = useLocation();
  const user = useUser();
  const email = signedIn ? (user.data?.email ?? null) : null;
  return (
    <AuthLayout title="Join your team">
      <AcceptInvitationPanel
        token={fragmentParam(hash, 'token')}
        signedInAs={email}
        onJoined={(projectId) => navigate(projectId ? paths.inbox(projectId) : paths.home, { replace: true })}
      />
    </AuthLayout>
  );
}

export function NewProjectRoute() {
  return (
    <AuthLayout
      title="Create a project"
      subtitle="A project is one team's inbox and one widget."
      footer={
        <Link to={paths.home} className="font-medium text-brand-600 hover:text-brand-700">
          Back
        </Link>
      }
    >
      <NewProjectForm onCreated={(projectId) => navigate(paths.inbox(projectId), { replace: true })} />
    </AuthLayout>
  );
}
