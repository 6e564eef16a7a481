// Settings → Data & privacy (Managers): how long after sending an author — visitor or agent — may
// delete their own message (0: never). Agents may always delete a visitor's message.
import { type FormEvent, useEffect, useState } from 'react';
import { DELETE_WINDOW_MINUTES_MAX } from '../../../../../contract/rest/conversation-settings.ts';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardFooter, CardHeader } from '../../../components/ui/card.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { ErrorState, FormError } from '../../../components/ui/states.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import { toast } from '../../../stores/toast-store.ts';
import { useConversationSettings, useUpdateDeleteWindow } from '../api/conversation-settings.ts';

export function MessageDeletionCard({ projectId }: { projectId: string }) {
  const settings = useConversationSettings(projectId);
  const update = useUpdateDeleteWindow(projectId);
  const [minutes, setMinutes] = useState('15');
  const stored = settings.data?.messageDeleteWindowMinutes;
  useEffect(() => {
    if (stored !== undefined) setMinutes(String(stored));
  }, [stored]);
  const parsed = Number(minutes);
  const valid = minutes.trim() !== '' && Number.isInteger(parsed) && parsed >= 0 && parsed <= DELETE_WINDOW_MINUTES_MAX;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!settings.data || !valid) return;
    update.mutate(
      { current: settings.data, minutes: parsed },
      {
        onSuccess: () =>
          toast.success(
            parsed === 0 ? 'Authors can no longer delete their messages' : `Deletion window: ${parsed} min`,
          ),
        onError: (error) => toast.error(errorMessage(error)),
      },
    );
  };

  return (
    <Card>
      <CardHeader
        title="Message deletion"
        description="Visitors and agents may delete their own messages for this long after sending them; a tombstone stays in the thread. Agents can always delete a visitor's message (a card number, say)."
      />
      {settings.isPending ? (
        <LoadingBlock />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <form onSubmit={submit} data-testid="delete-window-form">
          <CardBody className="space-y-3">
            <TextField
              label="Minutes after sending (0: never)"
              type="number"
              min={0}
              max={DELETE_WINDOW_MINUTES_MAX}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              error={valid ? undefined : `A whole number from 0 to ${DELETE_WINDOW_MINUTES_MAX}`}
              className="max-w-48"
            />
            <FormError error={update.error} />
          </CardBody>
          <CardFooter>
            <Button type="submit" busy={update.isPending} disabled={!valid}>
              Save deletion window
            </Button>
          </CardFooter>
        </form>
      )}
    </Card>
  );
}
