// Settings → General (Managers): whether visitors get one email with the replies they have not seen,
// and after how many minutes (docs/EMAIL.md). Saved through the conversation settings, keeping the rest.

import { type FormEvent, useEffect, useState } from 'react';
import { UNSEEN_REPLY_DELAY } from '../../../../../contract/notifications.ts';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardFooter, CardHeader } from '../../../components/ui/card.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { ErrorState, FormError } from '../../../components/ui/states.tsx';
import { Switch } from '../../../components/ui/switch.tsx';
import { toastResult } from '../../../stores/toast-store.ts';
import { useConversationSettings, useUpdateUnseenReplyDelay } from '../../privacy/api/conversation-settings.ts';

const MIN_MINUTES = Math.ceil(UNSEEN_REPLY_DELAY.min / 60);
const MAX_MINUTES = UNSEEN_REPLY_DELAY.max / 60;

export function UnseenReplyEmailCard({ projectId }: { projectId: string }) {
  const settings = useConversationSettings(projectId);
  const update = useUpdateUnseenReplyDelay(projectId);
  const stored = settings.data?.unseenReplyEmailDelaySeconds;
  const [enabled, setEnabled] = useState(true);
  const [minutes, setMinutes] = useState(String(UNSEEN_REPLY_DELAY.default / 60));
  useEffect(() => {
    if (stored === undefined) return;
    setEnabled(stored !== null);
    if (stored !== null) setMinutes(String(Math.max(MIN_MINUTES, Math.round(stored / 60))));
  }, [stored]);
  const parsed = Number(minutes);
  const valid = !enabled || (Number.isInteger(parsed) && parsed >= MIN_MINUTES && parsed <= MAX_MINUTES);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || !settings.data) return;
    update.mutate(
      { current: settings.data, seconds: enabled ? parsed * 60 : null },
      toastResult(enabled ? `Unseen replies are emailed after ${parsed} min` : 'Reply emails off'),
    );
  };

  return (
    <Card>
      <CardHeader
        title="Replies by email"
        description="When a visitor who left an email address has not seen an agent's reply after a while, they get one email with every reply they missed and a link back to the conversation."
      />
      {settings.isPending ? (
        <LoadingBlock />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <form onSubmit={submit} data-testid="unseen-reply-email-form">
          <CardBody className="space-y-3">
            <Switch checked={enabled} onChange={setEnabled} label="Email visitors the replies they have not seen" />
            {enabled && (
              <TextField
                label="Minutes to wait"
                type="number"
                min={MIN_MINUTES}
                max={MAX_MINUTES}
                value={minutes}
                onChange={(e) => setMinutes(e.target.value)}
                error={valid ? undefined : `A whole number from ${MIN_MINUTES} to ${MAX_MINUTES}`}
                className="max-w-48"
              />
            )}
            <FormError error={update.error} />
          </CardBody>
          <CardFooter>
            <Button type="submit" busy={update.isPending} disabled={!valid}>
              Save
            </Button>
          </CardFooter>
        </form>
      )}
    </Card>
  );
}
