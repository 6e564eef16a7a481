// API tokens: create one for a script or integration (shown once), see when each was last used, revoke.

import { type FormEvent, useState } from 'react';
import type { Role } from '../../../../../contract/enums.ts';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card } from '../../../components/ui/card.tsx';
import { Select, TextField } from '../../../components/ui/field.tsx';
import { KeyIcon, PlusIcon } from '../../../components/ui/icons.tsx';
import { Modal } from '../../../components/ui/modal.tsx';
import { PageHeader, Table, Td, Th } from '../../../components/ui/page.tsx';
import { SecretModal } from '../../../components/ui/secret-modal.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { EmptyState, ErrorState, FormError, Notice } from '../../../components/ui/states.tsx';
import { relativeTime } from '../../../lib/format.ts';
import { toastResult } from '../../../stores/toast-store.ts';
import { useCreateApiToken } from '../api/create-api-token.ts';
import { useApiTokens } from '../api/get-api-tokens.ts';
import { useRevokeApiToken } from '../api/revoke-api-token.ts';

export function ApiTokensSettings({ projectId }: { projectId: string }) {
  const tokens = useApiTokens(projectId);
  const revoke = useRevokeApiToken(projectId);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <div className="space-y-6">
      <PageHeader
        title="API tokens"
        description="For scripts and integrations calling this project's API. A token acts as you, never above its role."
        actions={
          <Button icon={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
            New token
          </Button>
        }
      />
      <Card>
        {tokens.isPending ? (
          <LoadingBlock />
        ) : tokens.isError ? (
          <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.data.length === 0 ? (
          <EmptyState
            icon={<KeyIcon />}
            title="No API tokens"
            description="Create one to read conversations or manage the project from your own code."
          />
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Role</Th>
                <Th>Token</Th>
                <Th>Last used</Th>
                <Th>Expires</Th>
                <Th />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" data-testid="api-tokens">
              {tokens.data.map((t) => (
                <tr key={t.id}>
                  <Td className="font-medium text-slate-900">{t.name}</Td>
                  <Td>
                    <Badge tone={t.role === 'manager' ? 'violet' : 'sky'} className="capitalize">
                      {t.role}
                    </Badge>
                  </Td>
                  <Td>
                    <code className="text-xs text-slate-500">{t.prefix}…</code>
                  </Td>
                  <Td className="text-slate-500">{t.lastUsedAt ? relativeTime(t.lastUsedAt) : 'Never'}</Td>
                  <Td className="text-slate-500">{t.expiresAt ? relativeTime(t.expiresAt) : 'Never'}</Td>
                  <Td className="text-right">
                    <Button
                      variant="ghost"
                      size="sm"
                      busy={revoke.isPending && revoke.variables === t.id}
                      onClick={() => revoke.mutate(t.id, toastResult(`${t.name} revoked`))}
                    >
                      Revoke
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {creating && (
        <CreateTokenModal
          projectId={projectId}
          onClose={() => setCreating(false)}
          onCreated={(token) => {
            setCreating(false);
            setCreated(token);
          }}
        />
      )}
      <SecretModal
        secret={created}
        onClose={() => setCreated(null)}
        title="Your new API token"
        before={
          <Notice tone="warning" className="mb-3">
            Copy it now: it is never shown again.
          </Notice>
        }
        after={
          <p className="mt-3 text-xs text-slate-500">
            Send it as <code className="rounded bg-slate-100 px-1">Authorization: Bearer …</code>
          </p>
        }
      />
    </div>
  );
}

function CreateTokenModal({
  projectId,
  onClose,
  onCreated,
}: {
  projectId: string;
  onClose: () => void;
  onCreated: (token: string) => void;
}) {
  const create = useCreateApiToken(projectId);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [expires, setExpires] = useState('90');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), role, ...(expires ? { expiresInDays: Number(expires) } : {}) },
      { onSuccess: (t) => onCreated(t.token) },
    );
  };
  return (
    <Modal open onClose={onClose} title="New API token">
      <form onSubmit={submit} className="space-y-4">
        <TextField
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="CRM sync"
          autoFocus
        />
        <Select label="Role" value={role} onChange={(e) => setRole(e.target.value === 'manager' ? 'manager' : 'agent')}>
          <option value="agent">Agent — conversations</option>
          <option value="manager">Manager — also settings and members</option>
        </Select>
        <Select label="Expires" value={expires} onChange={(e) => setExpires(e.target.value)}>
          <option value="30">In 30 days</option>
          <option value="90">In 90 days</option>
          <option value="365">In a year (the longest a token lives)</option>
        </Select>
        <FormError error={create.error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={create.isPending} disabled={!name.trim()}>
            Create token
          </Button>
        </div>
      </form>
    </Modal>
  );
}
