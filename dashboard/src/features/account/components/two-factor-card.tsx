// Account → Security: two-factor authentication — enrol with a QR code, confirm with a code,
// keep the recovery codes; later, regenerate them or turn 2FA off.
import { type FormEvent, useEffect, useState } from 'react';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardHeader } from '../../../components/ui/card.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { ShieldCheckIcon } from '../../../components/ui/icons.tsx';
import { Modal } from '../../../components/ui/modal.tsx';
import { LoadingBlock, Spinner } from '../../../components/ui/spinner.tsx';
import { ErrorState, FormError } from '../../../components/ui/states.tsx';
import { toast } from '../../../stores/toast-store.ts';
import { useConfirmMfaEnrolment } from '../api/confirm-mfa-enrolment.ts';
import { type SecondFactor, useDisableMfa } from '../api/disable-mfa.ts';
import { useMfaStatus } from '../api/get-mfa-status.ts';
import { useRegenerateRecoveryCodes } from '../api/regenerate-recovery-codes.ts';
import { useStartMfaEnrolment } from '../api/start-mfa-enrolment.ts';
import { RecoveryCodes } from './recovery-codes.tsx';

/** The QR code as an SVG data URL; the qrcode library loads only when a QR code is shown. */
function useQrCode(value: string | null): string | null {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    if (!value) return;
    let live = true;
    void import('qrcode').then(async (qr) => {
      const markup = await qr.toString(value, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      if (live) setSvg(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`);
    });
    return () => {
      live = false;
    };
  }, [value]);
  return value ? svg : null;
}

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP", easier to type by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export function TwoFactorCard() {
  const status = useMfaStatus();
  const start = useStartMfaEnrolment();
  const confirm = useConfirmMfaEnrolment();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [factorAction, setFactorAction] = useState<'disable' | 'regenerate' | null>(null);
  const enrolment = start.data ?? null;
  const qr = useQrCode(enrolment?.otpauthUri ?? null);

  if (status.isPending) return <LoadingBlock />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  const enabled = status.data.status === 'enabled';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate(code.replace(/\s/g, ''), {
      onSuccess: (result) => {
        setCodes(result.recoveryCodes);
        start.reset();
        setCode('');
        toast.success('Two-factor authentication is on');
      },
    });
  };

  return (
    <Card>
      <CardHeader
        title="Two-factor authentication"
        description="A code from an authenticator app (1Password, Google Authenticator, Authy…) on every sign-in."
        actions={
          enabled ? (
            <Badge tone="green">
              <ShieldCheckIcon size={12} /> On
            </Badge>
          ) : (
            <Badge tone="slate">Off</Badge>
          )
        }
      />
      <CardBody>
        {codes ? (
          <div className="space-y-4">
            <RecoveryCodes codes={codes} />
            <Button onClick={() => setCodes(null)}>I saved them</Button>
          </div>
        ) : enabled ? (
          <div className="flex flex-wrap items-center justify-between gap-4">
            <p className="text-sm text-slate-600">{status.data.recoveryCodesRemaining} recovery codes left.</p>
            <div className="flex gap-2">
              <Button variant="secondary" onClick={() => setFactorAction('regenerate')}>
                New recovery codes
              </Button>
              <Button variant="ghost" onClick={() => setFactorAction('disable')}>
                Turn off
              </Button>
            </div>
          </div>
        ) : enrolment ? (
          <form onSubmit={submit} className="grid gap-6 sm:grid-cols-[12rem_1fr]" data-testid="mfa-enrolment">
            <div className="flex size-48 items-center justify-center rounded-lg bg-white ring-1 ring-slate-200">
              {qr ? <img src={qr} alt="QR code for your authenticator app" className="size-44" /> : <Spinner />}
            </div>
            <div className="space-y-4">
              <ol className="list-decimal space-y-1 pl-4 text-sm text-slate-600">
                <li>Scan the QR code with your authenticator app.</li>
                <li>Enter the 6-digit code it shows.</li>
              </ol>
              <div>
                <p className="text-xs text-slate-500">Can’t scan? Enter this key:</p>
                <code
                  className="mt-1 block rounded-md bg-slate-100 px-2 py-1.5 font-mono text-xs"
                  data-testid="mfa-secret"
                >
                  {groupSecret(enrolment.secret)}
                </code>
              </div>
              <TextField
                label="Code from the app"
                inputMode="numeric"
                autoComplete="one-time-code"
                placeholder="123456"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                className="max-w-40 [&_input]:font-mono [&_input]:tracking-widest"
                name="mfa-code"
              />
              <FormError error={confirm.error} />
              <div className="flex gap-2">
                <Button type="submit" busy={confirm.isPending} disabled={code.replace(/\s/g, '').length !== 6}>
                  Turn on 2FA
                </Button>
                <Button variant="ghost" onClick={() => start.reset()}>
                  Cancel
                </Button>
              </div>
            </div>
          </form>
        ) : (
          <div className="flex flex-wrap items-center justify-between gap-4">
            <p className="text-sm text-slate-600">Protect your account even if your password leaks.</p>
            <Button icon={<ShieldCheckIcon size={16} />} busy={start.isPending} onClick={() => start.mutate()}>
              Set up 2FA
            </Button>
            <FormError error={start.error} />
          </div>
        )}
      </CardBody>
      {factorAction && (
        <FactorModal
          action={factorAction}
          onClose={() => setFactorAction(null)}
          onCodes={(c) => {
            setFactorAction(null);
            setCodes(c);
          }}
        />
      )}
    </Card>
  );
}

function FactorModal({
  action,
  onClose,
  onCodes,
}: {
  action: 'disable' | 'regenerate';
  onClose: () => void;
  onCodes: (codes: string[]) => void;
}) {
  const disable = useDisableMfa();
  const regenerate = useRegenerateRecoveryCodes();
  const [value, setValue] = useState('');
  const mutation = action === 'disable' ? disable : regenerate;
  const trimmed = value.replace(/\s/g, '');
  const factor: SecondFactor = /^\d{6}$/.test(trimmed) ? { code: trimmed } : { recoveryCode: trimmed.toLowerCase() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (action === 'disable') {
      disable.mutate(factor, {
        onSuccess: () => {
          toast.success('Two-factor authentication is off');
          onClose();
        },
      });
    } else {
      regenerate.mutate(factor, { onSuccess: (r) => onCodes(r.recoveryCodes) });
    }
  };
  return (
    <Modal
      open
      onClose={onClose}
      size="sm"
      title={action === 'disable' ? 'Turn off two-factor authentication' : 'New recovery codes'}
      description="Confirm with a code from your app or a recovery code."
    >
      <form onSubmit={submit} className="space-y-4">
        <TextField
          label="Code"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoFocus
          autoComplete="one-time-code"
        />
        <FormError error={mutation.error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            variant={action === 'disable' ? 'danger' : 'primary'}
            busy={mutation.isPending}
            disabled={!trimmed}
          >
            {action === 'disable' ? 'Turn off' : 'Generate'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
