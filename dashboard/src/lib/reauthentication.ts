// Sudo mode on the dashboard's side: a sensitive request (2FA enrolment and removal, recovery codes,
// API tokens) that answers 403 `reauthentication_required` opens the "Confirm it's you" dialog
// (features/auth/components/reauthenticate-dialog.tsx, mounted once by the app provider) and, once
// the user has proven themselves, is sent again — once.
import { create } from 'zustand';
import { reauthenticated } from '../../../contract/rest/auth.ts';
import { ApiError, api } from './api-client.ts';

interface Waiting {
  proven: () => void;
  cancelled: (error: ApiError) => void;
}

/** The request waiting for a proof, if any: the dialog is open while it is set. */
export const useReauthentication = create<{ waiting: Waiting | null }>(() => ({ waiting: null }));

const cancelledError = () =>
  new ApiError(403, 'reauthentication_cancelled', 'Not changed: confirm it is you to make this change.');

function askForProof(): Promise<void> {
  return new Promise((proven, cancelled) => {
    // One dialog at a time: a second request waiting meanwhile shares the same proof.
    const earlier = useReauthentication.getState().waiting;
    useReauthentication.setState({
      waiting: {
        proven: () => {
          earlier?.proven();
          proven();
        },
        cancelled: (error) => {
          earlier?.cancelled(error);
          cancelled(error);
        },
      },
    });
  });
}

/** Closes the dialog: the waiting request is sent again (proven) or fails (cancelled). */
export function settleReauthentication(proven: boolean): void {
  const { waiting } = useReauthentication.getState();
  useReauthentication.setState({ waiting: null });
  if (proven) waiting?.proven();
  else waiting?.cancelled(cancelledError());
}

/** Sends a sensitive request; when the session's last proof is too old, asks for one and retries. */
export async function withReauthentication<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'reauthentication_required')) throw error;
    await askForProof();
    return send();
  }
}

export type Proof = { password: string } | { code: string };

/** POST /api/auth/reauthenticate */
export const reauthenticate = (proof: Proof) =>
  api.request('/api/auth/reauthenticate', reauthenticated, { method: 'POST', body: proof });
