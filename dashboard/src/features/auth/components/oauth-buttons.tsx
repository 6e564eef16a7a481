// "Continue with GitHub / Google": shown for the providers this deployment has configured.
import { buttonClasses } from '../../../components/ui/button.tsx';
import { GithubIcon } from '../../../components/ui/icons.tsx';
import { Notice } from '../../../components/ui/states.tsx';
import { api } from '../../../lib/api-client.ts';
import { oauthStartUrl, useOAuthProviders } from '../api/get-oauth-providers.ts';

function GoogleMark() {
  return (
    <svg viewBox="0 0 24 24" className="size-4" aria-hidden="true">
      <path
        fill="#EA4335"
        d="M12 10.2v3.9h5.4c-.2 1.3-1.6 3.9-5.4 3.9-3.3 0-5.9-2.7-5.9-6s2.7-6 5.9-6c1.9 0 3.1.8 3.8 1.5l2.6-2.5C16.8 3.4 14.6 2.4 12 2.4 6.7 2.4 2.4 6.7 2.4 12s4.3 9.6 9.6 9.6c5.5 0 9.2-3.9 9.2-9.4 0-.6-.1-1.1-.2-1.6z"
      />
    </svg>
  );
}

const OAUTH_ERRORS: Record<string, string> = {
  oauth_denied: 'Sign-in was cancelled at the provider.',
  oauth_invalid_callback: 'The provider sent an incomplete answer. Try again.',
  oauth_invalid_state: 'That sign-in link expired or was opened in another browser. Try again.',
  oauth_exchange_failed: 'The provider could not confirm the sign-in. Try again.',
  oauth_provider_error: 'The provider could not sign you in. Try again.',
  oauth_provider_unreachable: 'The provider is unreachable right now. Try again in a moment.',
  oauth_email_unverified: 'The provider has not verified your email address, so it cannot be used to sign in.',
  oauth_conflict: 'This provider account is already linked to another Parley account.',
};

export function OAuthButtons({ next, error }: { next: string; error: string | null }) {
  const providers = useOAuthProviders();
  const list = providers.data ?? [];
  return (
    <>
      {error && (
        <Notice tone="error" className="mb-5">
          {OAUTH_ERRORS[error] ?? 'Sign-in with the provider failed.'}
        </Notice>
      )}
      {list.length > 0 && (
        <>
          <div className="grid gap-2.5" data-testid="oauth-buttons">
            {list.map((p) => (
              <a
                key={p.id}
                href={oauthStartUrl(p.id, next)}
                // The provider's redirect back sets the refresh cookie: the next page load must try it.
                onClick={api.expectSession}
                className={buttonClasses('secondary', 'md', 'w-full')}
              >
                {p.id === 'github' ? <GithubIcon size={16} /> : p.id === 'google' ? <GoogleMark /> : null}
                Continue with {p.name}
              </a>
            ))}
          </div>
          <div className="my-6 flex items-center gap-3 text-xs text-slate-500">
            <span className="h-px flex-1 bg-slate-200" /> or with email <span className="h-px flex-1 bg-slate-200" />
          </div>
        </>
      )}
    </>
  );
}
