// Members, roles and invitations: who is on the team, what they may do, who is invited, and how
// new conversations are assigned among them.
import { type FormEvent, useState } from 'react';
import { Avatar } from '../../../components/ui/avatar.tsx';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardHeader } from '../../../components/ui/card.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { Select, TextField } from '../../../components/ui/field.tsx';
import { MailIcon, ShieldCheckIcon, TrashIcon, UserPlusIcon, UsersIcon } from '../../../components/ui/icons.tsx';
import { Modal } from '../../../components/ui/modal.tsx';
import { PageHeader, Table, Td, Th } from '../../../components/ui/page.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { EmptyState, ErrorState, FormError } from '../../../components/ui/states.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import { relativeTime } from '../../../lib/format.ts';
import { toast, toastResult } from '../../../stores/toast-store.ts';
import { useCreateInvitation } from '../api/create-invitation.ts';
import { useInvitations } from '../api/get-invitations.ts';
import { type Member, type Role, useMembers } from '../api/get-members.ts';
import { useRemoveMember } from '../api/remove-member.ts';
import { useRevokeInvitation } from '../api/revoke-invitation.ts';
import { useUpdateMemberRole } from '../api/update-member-role.ts';
import { AssignmentCard } from './assignment-card.tsx';

export function MembersSettings({ projectId, meId }: { projectId: string; meId: string }) {
  const [inviting, setInviting] = useState(false);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Members"
        description="Managers change settings and manage the team; Agents answer conversations."
        actions={
          <Button icon={<UserPlusIcon size={16} />} onClick={() => setInviting(true)}>
            Invite
          </Button>
        }
      />
      <MembersCard projectId={projectId} meId={meId} />
      <InvitationsCard projectId={projectId} onInvite={() => setInviting(true)} />
      <AssignmentCard projectId={projectId} />
      <InviteModal projectId={projectId} open={inviting} onClose={() => setInviting(false)} />
    </div>
  );
}

function MembersCard({ projectId, meId }: { projectId: string; meId: string }) {
  const members = useMembers(projectId);
  const updateRole = useUpdateMemberRole(projectId);
  const remove = useRemoveMember(projectId);
  const [removing, setRemoving] = useState<Member | null>(null);

  return (
    <Card>
      <CardHeader
        title="Team"
        description={
          members.data ? `${members.data.length} ${members.data.length === 1 ? 'member' : 'members'}` : undefined
        }
      />
      {members.isPending ? (
        <LoadingBlock />
      ) : members.isError ? (
        <ErrorState error={members.error} onRetry={() => void members.refetch()} />
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Member</Th>
              <Th>Role</Th>
              <Th>2FA</Th>
              <Th>Joined</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100" data-testid="members-table">
            {members.data.map((m) => (
              <tr key={m.userId}>
                <Td>
                  <div className="flex items-center gap-3">
                    <Avatar name={m.name} seed={m.userId} size="sm" />
                    <div>
                      <p className="font-medium text-slate-900">
                        {m.name} {m.userId === meId && <span className="font-normal text-slate-500">(you)</span>}
                      </p>
                      <p className="text-xs text-slate-500">{m.email}</p>
                    </div>
                  </div>
                </Td>
                <Td>
                  <select
                    value={m.role}
                    disabled={m.userId === meId || updateRole.isPending}
                    aria-label={`Role of ${m.name}`}
                    onChange={(e) =>
                      updateRole.mutate(
                        { userId: m.userId, role: e.target.value as Role },
                        {
                          onSuccess: () =>
                            toast.success(
                              `${m.name} is now ${e.target.value === 'manager' ? 'a Manager' : 'an Agent'}`,
                            ),
                          onError: (error) => toast.error(errorMessage(error)),
                        },
                      )
                    }
                    className="rounded-md border-0 py-1 pr-7 pl-2 text-sm ring-1 ring-slate-300 disabled:bg-transparent disabled:ring-0"
                  >
                    <option value="manager">Manager</option>
                    <option value="agent">Agent</option>
                  </select>
                </Td>
                <Td>
                  {m.mfaEnabled ? (
                    <Badge tone="green">
                      <ShieldCheckIcon size={12} /> On
                    </Badge>
                  ) : (
                    <Badge tone="slate">Off</Badge>
                  )}
                </Td>
                <Td className="text-slate-500">{relativeTime(m.joinedAt)}</Td>
                <Td className="text-right">
                  {m.userId !== meId && (
                    <Button variant="ghost" size="sm" onClick={() => setRemoving(m)} aria-label={`Remove ${m.name}`}>
                      <TrashIcon size={14} />
                    </Button>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Remove ${removing?.name ?? ''}?`}
        description="They are signed out of this project at once and their API tokens for it stop working."
        confirmLabel="Remove"
        busy={remove.isPending}
        onConfirm={() => {
          if (!removing) return;
          remove.mutate(removing.userId, {
            onSuccess: () => {
              toast.success(`${removing.name} was removed`);
              setRemoving(null);
            },
            onError: (error) => toast.error(errorMessage(error)),
          });
        }}
      />
    </Card>
  );
}

function InvitationsCard({ projectId, onInvite }: { projectId: string; onInvite: () => void }) {
  const invitations = useInvitations(projectId);
  const revoke = useRevokeInvitation(projectId);
  return (
    <Card>
      <CardHeader title="Pending invitations" description="Invitation links work once and expire after 7 days." />
      {invitations.isPending ? (
        <LoadingBlock />
      ) : invitations.isError ? (
        <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
      ) : invitations.data.length === 0 ? (
        <EmptyState
          icon={<UsersIcon />}
          title="No pending invitations"
          action={
            <Button variant="secondary" size="sm" onClick={onInvite}>
              Invite a teammate
            </Button>
          }
        />
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="invitations-list">
          {invitations.data.map((inv) => (
            <li key={inv.id} className="flex items-center gap-3 px-5 py-3">
              <span className="flex size-8 items-center justify-center rounded-full bg-slate-100 text-slate-500">
                <MailIcon size={15} />
              </span>
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium text-slate-900">{inv.email}</p>
                <p className="text-xs text-slate-500">
                  {inv.role === 'manager' ? 'Manager' : 'Agent'} · expires {relativeTime(inv.expiresAt)}
                </p>
              </div>
              <Button
                variant="ghost"
                size="sm"
                busy={revoke.isPending && revoke.variables === inv.id}
                onClick={() => revoke.mutate(inv.id, toastResult('Invitation revoked'))}
              >
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function InviteModal({ projectId, open, onClose }: { projectId: string; open: boolean; onClose: () => void }) {
  const create = useCreateInvitation(projectId);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const close = () => {
    setEmail('');
    create.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { email: email.trim(), role },
      {
        onSuccess: () => {
          toast.success(`Invitation sent to ${email.trim()}`);
          close();
        },
      },
    );
  };
  return (
    <Modal open={open} onClose={close} title="Invite a teammate" description="They get an email with a link to join.">
      <form onSubmit={submit} className="space-y-4">
        <TextField
          label="Email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          placeholder="teammate@company.com"
          autoFocus
        />
        <Select label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="agent">Agent — answers conversations</option>
          <option value="manager">Manager — also settings, members and secrets</option>
        </Select>
        <FormError error={create.error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" busy={create.isPending} disabled={!email.includes('@')}>
            Send invitation
          </Button>
        </div>
      </form>
    </Modal>
  );
}
