// The audit log: who did what to the project's security, from where, when.

import { useState } from 'react';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card } from '../../../components/ui/card.tsx';
import { FileTextIcon } from '../../../components/ui/icons.tsx';
import { PageHeader, Table, Td, Th } from '../../../components/ui/page.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { EmptyState, ErrorState } from '../../../components/ui/states.tsx';
import { dateTime, describeUserAgent } from '../../../lib/format.ts';
import { type AuditEvent, NEEDS_REVIEW, useAuditLog } from '../api/get-audit-log.ts';
import { describeChange, readDiff } from '../utils/diff.ts';

/** "auth.signed_in" → "Signed in"; the event type stays visible in the row's tooltip. */
export function describeEvent(type: string): string {
  const known: Record<string, string> = {
    'auth.signed_up': 'Signed up',
    'auth.signed_in': 'Signed in',
    'auth.sign_in_failed': 'Failed sign-in',
    'auth.signed_out': 'Signed out',
    'auth.signed_out_everywhere': 'Signed out everywhere',
    'auth.password_changed': 'Changed password',
    'auth.password_reset': 'Reset password',
    'auth.refresh_token_reused': 'Refresh token reused — session revoked',
    'auth.session_revoked': 'Revoked a session',
    'auth.oauth_linked': 'Linked a sign-in provider',
    'mfa.enabled': 'Turned on 2FA',
    'mfa.disabled': 'Turned off 2FA',
    'mfa.recovery_codes_regenerated': 'New 2FA recovery codes',
    'mfa.recovery_code_used': 'Used a recovery code',
    'mfa.challenge_failed': 'Wrong 2FA code',
    'mfa.challenge_locked': '2FA locked after failed codes',
    'member.invited': 'Invited a member',
    'member.invitation_revoked': 'Revoked an invitation',
    'member.added': 'Member joined',
    'member.role_changed': 'Changed a role',
    'member.removed': 'Removed a member',
    'project.created': 'Created the project',
    'project.settings_changed': 'Changed settings',
    'project.identity_secret_rotated': 'Rotated the identity secret',
    'project.identity_secret_deleted': 'Deleted the identity secret',
    'api_token.created': 'Created an API token',
    'api_token.revoked': 'Revoked an API token',
    'auth.reauthenticated': 'Confirmed it was them',
    'mfa.reset': '2FA reset by an account recovery',
    'grant.needs_review': 'Grant to review: made before the address was verified',
    'visitor.blocked': 'Blocked a visitor',
    'visitor.erased': 'Erased a visitor and their conversations',
    'conversation.erased': 'Erased a conversation',
    'account.deleted': 'Deleted their account',
    'export.requested': 'Asked for an export',
    'message.deleted': 'Deleted a message',
    'label.created': 'Created a label',
    'label.updated': 'Changed a label',
    'label.deleted': 'Deleted a label',
    'contact.merged': 'Merged two contacts',
    'contact_attribute.created': 'Defined a contact attribute',
    'contact_attribute.updated': 'Changed a contact attribute',
    'contact_attribute.deleted': 'Deleted a contact attribute',
  };
  if (known[type]) return known[type];
  const last = type.split('.').at(-1) ?? type;
  const words = last.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function details(event: AuditEvent): string {
  // A change with its field-level diff lists the diff instead (below).
  const diffed = readDiff(event.data) !== null;
  return Object.entries(event.data)
    .filter(([k, v]) => v !== null && v !== '' && !(diffed && (k === 'diff' || k === 'fields')))
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');
}

/** What a settings change changed, one field per line, before → after (secrets arrive redacted). */
function AuditDiff({ event }: { event: AuditEvent }) {
  const diff = readDiff(event.data);
  if (!diff) return null;
  if (diff.length === 0) return <p className="text-xs text-slate-500">No change</p>;
  return (
    <ul className="mt-0.5 max-w-md space-y-0.5 text-xs text-slate-600" data-testid="audit-diff">
      {diff.map((change) => (
        <li key={change.field} className="break-words">
          {describeChange(change)}
        </li>
      ))}
    </ul>
  );
}

export function AuditLog({ projectId }: { projectId: string }) {
  const [reviewOnly, setReviewOnly] = useState(false);
  const log = useAuditLog(projectId, reviewOnly ? NEEDS_REVIEW : null);
  const events = log.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Sign-ins, role changes, secrets and settings — kept for every project."
        actions={
          <Button variant={reviewOnly ? 'primary' : 'secondary'} onClick={() => setReviewOnly(!reviewOnly)}>
            {reviewOnly ? 'Show all events' : 'Grants to review'}
          </Button>
        }
      />
      {reviewOnly && (
        <p className="text-sm text-slate-600">
          When an account is recovered (its owner signs in with a provider that verified the address, or resets the
          password), what it granted before its address was verified is listed here. Remove the member or change the
          role under Members if you do not recognise it.
        </p>
      )}
      <Card>
        {log.isPending ? (
          <LoadingBlock />
        ) : log.isError ? (
          <ErrorState error={log.error} onRetry={() => void log.refetch()} />
        ) : events.length === 0 ? (
          <EmptyState icon={<FileTextIcon />} title={reviewOnly ? 'Nothing to review' : 'No events yet'} />
        ) : (
          <>
            <Table>
              <thead>
                <tr>
                  <Th>Event</Th>
                  <Th>Who</Th>
                  <Th>From</Th>
                  <Th>When</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100" data-testid="audit-log">
                {events.map((e) => (
                  <tr key={e.id}>
                    <Td>
                      <p className="font-medium text-slate-900" title={e.type}>
                        {e.type === NEEDS_REVIEW && (
                          <Badge tone="amber" className="mr-1.5">
                            Review
                          </Badge>
                        )}
                        {describeEvent(e.type)}
                      </p>
                      {(e.target || details(e)) && (
                        <p className="max-w-72 truncate text-xs text-slate-500" title={details(e)}>
                          {e.target && <>on {e.target.email} </>}
                          {details(e)}
                        </p>
                      )}
                      <AuditDiff event={e} />
                    </Td>
                    <Td className="max-w-56">
                      <span className="block truncate" title={e.actor?.email}>
                        {e.actor?.email ?? <span className="text-slate-500">System</span>}
                      </span>
                    </Td>
                    <Td className="text-xs whitespace-nowrap text-slate-500">
                      {e.ip ?? '—'}
                      {e.userAgent && <p>{describeUserAgent(e.userAgent)}</p>}
                    </Td>
                    <Td className="whitespace-nowrap text-slate-500">{dateTime(e.createdAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            {log.hasNextPage && (
              <div className="border-t border-slate-100 p-3 text-center">
                <Button
                  variant="ghost"
                  size="sm"
                  busy={log.isFetchingNextPage}
                  onClick={() => void log.fetchNextPage()}
                >
                  Older events
                </Button>
              </div>
            )}
          </>
        )}
      </Card>
    </div>
  );
}
