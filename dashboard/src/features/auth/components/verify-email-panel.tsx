// Email verification: confirms the token in the link as soon as the page opens.
import { useEffect } from 'react';
import { buttonClasses } from '../../../components/ui/button.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { Notice } from '../../../components/ui/states.tsx';
import { paths } from '../../../config/paths.ts';
import { errorMessage } from '../../../lib/api-client.ts';
import { Link } from '../../../lib/router.tsx';
import { useVerifyEmail } from '../api/verify-email.ts';

export function VerifyEmailPanel({ token }: { token: string | null }) {
  const verify = useVerifyEmail();
  const { mutate } = verify;
  useEffect(() => {
    if (token) mutate(token);
  }, [token, mutate]);
  if (!token) return <Notice tone="error" title="This link is incomplete" />;
  if (verify.isError) {
    return (
      <Notice tone="error" title="Could not verify">
        {errorMessage(verify.error)}
      </Notice>
    );
  }
  if (!verify.isSuccess) return <LoadingBlock label="Verifying…" />;
  return (
    <div className="space-y-5">
      <Notice tone="success" title="Email address verified" />
      <Link to={paths.home} className={buttonClasses('primary', 'md', 'w-full')}>
        Continue to Parley
      </Link>
    </div>
  );
}
