// Security policy: require 2FA of every member, identity verification for visitors (the HMAC
// secret, shown once), and whether unverified visitors may start conversations.
import { useState } from 'react';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button, buttonClasses } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardHeader } from '../../../components/ui/card.tsx';
import { KeyIcon } from '../../../components/ui/icons.tsx';
import { Modal } from '../../../components/ui/modal.tsx';
import { PageHeader } from '../../../components/ui/page.tsx';
import { SecretModal } from '../../../components/ui/secret-modal.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { ErrorState, Notice } from '../../../components/ui/states.tsx';
import { Switch } from '../../../components/ui/switch.tsx';
import { paths } from '../../../config/paths.ts';
import { ApiError, errorMessage } from '../../../lib/api-client.ts';
import { Link } from '../../../lib/router.tsx';
import { toast, toastResult } from '../../../stores/toast-store.ts';
import { useDeleteIdentitySecret } from '../api/delete-identity-secret.ts';
import { useSettings } from '../api/get-settings.ts';
import { useRotateIdentitySecret } from '../api/rotate-identity-secret.ts';
import { useUpdateSettings } from '../api/update-settings.ts';
import { identifySnippet } from '../utils/widget-form.ts';

export function SecuritySettings({ projectId }: { projectId: string }) {
  const settings = useSettings(projectId);
  const update = useUpdateSettings(projectId);
  const rotate = useRotateIdentitySecret(projectId);
  const remove = useDeleteIdentitySecret(projectId);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirmRotate, setConfirmRotate] = useState(false);

  if (settings.isPending) return <LoadingBlock />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = settings.data;
  const needsOwn2fa = update.error instanceof ApiError && update.error.code === 'enable_2fa_first';

  const generate = () =>
    rotate.mutate(undefined, {
      onSuccess: (result) => {
        setConfirmRotate(false);
        setSecret(result.secret);
      },
      onError: (error) => toast.error(errorMessage(error)),
    });

  return (
    <div className="space-y-6">
      <PageHeader title="Security" description="Policies for your team's accounts and your visitors' identities." />
      <Card>
        <CardHeader title="Team" />
        <CardBody className="space-y-4">
          <Switch
            checked={s.require2fa}
            disabled={update.isPending}
            onChange={(require2fa) =>
              update.mutate(
                { require2fa },
                {
                  onSuccess: () =>
                    toast.success(require2fa ? 'Two-factor authentication is now required' : '2FA requirement removed'),
                },
              )
            }
            label="Require two-factor authentication"
            description="Members without 2FA are asked to turn it on before they can use this project."
          />
          {needsOwn2fa ? (
            <Notice
              tone="warning"
              title="Turn on 2FA for your own account first"
              action={
                <Link to={paths.account('security')} className={buttonClasses('secondary', 'sm')}>
                  Set up 2FA
                </Link>
              }
            >
              Otherwise you would lock yourself out of this project.
            </Notice>
          ) : update.error ? (
            <Notice tone="error">{errorMessage(update.error)}</Notice>
          ) : null}
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Visitor identity verification"
          description="Prove that a visitor is the signed-in user of your site, so their conversations follow them across devices."
          actions={
            s.identitySecretConfigured ? (
              <Badge tone="green">Configured</Badge>
            ) : (
              <Badge tone="slate">Not configured</Badge>
            )
          }
        />
        <CardBody className="space-y-5">
          <div className="flex flex-wrap gap-2">
            {s.identitySecretConfigured ? (
              <>
                <Button variant="secondary" icon={<KeyIcon size={14} />} onClick={() => setConfirmRotate(true)}>
                  Rotate secret
                </Button>
                <Button
                  variant="ghost"
                  busy={remove.isPending}
                  onClick={() => remove.mutate(undefined, toastResult('Identity secret deleted'))}
                >
                  Delete secret
                </Button>
              </>
            ) : (
              <Button icon={<KeyIcon size={14} />} busy={rotate.isPending} onClick={generate}>
                Generate secret
              </Button>
            )}
          </div>
          <div>
            <p className="mb-1.5 text-sm font-medium text-slate-700">On your page</p>
            <pre
              className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-xs leading-relaxed text-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600"
              // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable, so it must take focus to scroll by keyboard
              tabIndex={0}
            >
              <code>{identifySnippet()}</code>
            </pre>
          </div>
          <Switch
            checked={s.requireVerifiedIdentity}
            disabled={update.isPending || !s.identitySecretConfigured}
            onChange={(requireVerifiedIdentity) =>
              update.mutate({ requireVerifiedIdentity }, { onSuccess: () => toast.success('Saved') })
            }
            label="Only verified visitors may start conversations"
            description={
              s.identitySecretConfigured
                ? 'Anonymous visitors see the widget but cannot write.'
                : 'Generate a secret first.'
            }
          />
        </CardBody>
      </Card>
      <Modal
        open={confirmRotate}
        onClose={() => setConfirmRotate(false)}
        title="Rotate the identity secret?"
        description="The current secret stops working at once: update your server right after."
        size="sm"
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmRotate(false)}>
              Cancel
            </Button>
            <Button variant="danger" busy={rotate.isPending} onClick={generate}>
              Rotate
            </Button>
          </>
        }
      />
      <SecretModal
        secret={secret}
        onClose={() => setSecret(null)}
        title="Your identity secret"
        description="Copy it now into your server's configuration — it is never shown again."
      />
    </div>
  );
}
