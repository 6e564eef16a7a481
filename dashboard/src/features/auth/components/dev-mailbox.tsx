// In local and test runs, shows the mails the dev sink caught for an address, with their link —
// so a password reset or an invitation can be followed without a mail server. Renders nothing
// where the sink does not exist (staging, production answer 404).
import { MailIcon } from '../../../components/ui/icons.tsx';
import { Spinner } from '../../../components/ui/spinner.tsx';
import { relativeTime } from '../../../lib/format.ts';
import { navigate } from '../../../lib/router.tsx';
import { firstLink, useDevMail } from '../api/get-dev-mail.ts';

export function DevMailbox({ to, subjectIncludes }: { to: string; subjectIncludes: string }) {
  const mail = useDevMail(to, subjectIncludes);
  if (mail.isError) return null;
  const mails = mail.data ?? [];
  return (
    <div className="mt-6 rounded-lg border border-dashed border-amber-300 bg-amber-50/60 p-4" data-testid="dev-mailbox">
      <p className="flex items-center gap-2 text-xs font-semibold tracking-wide text-amber-800 uppercase">
        <MailIcon size={14} /> Dev mail sink · {to}
      </p>
      {mails.length === 0 ? (
        <p className="mt-2 flex items-center gap-2 text-sm text-amber-900">
          <Spinner size={12} /> Waiting for the mail…
        </p>
      ) : (
        <ul className="mt-2 space-y-2">
          {mails.slice(0, 3).map((m) => {
            const link = firstLink(m.text);
            const local = link ? new URL(link) : null;
            return (
              <li key={m.id} className="rounded-md bg-white p-3 text-sm shadow-sm ring-1 ring-amber-200">
                <p className="font-medium text-slate-900">{m.subject}</p>
                <p className="text-xs text-slate-500">{relativeTime(m.sentAt)}</p>
                {local && (
                  <button
                    type="button"
                    className="mt-2 text-sm font-medium text-brand-600 hover:text-brand-700"
                    onClick={() => navigate(`${local.pathname}${local.search}${local.hash}`)}
                  >
                    Open the link in this mail →
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
