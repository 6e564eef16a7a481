// Settings → Members (Managers): whether each new conversation is assigned, in turn, to the next
// agent who is online (round robin; docs/REALTIME_AND_WIDGET.md). Saved through the conversation
// settings, keeping the rest.
import { Card, CardBody, CardHeader } from '../../../components/ui/card.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { ErrorState, FormError } from '../../../components/ui/states.tsx';
import { Switch } from '../../../components/ui/switch.tsx';
import { toastResult } from '../../../stores/toast-store.ts';
import { useConversationSettings, useUpdateAutoAssign } from '../../privacy/api/conversation-settings.ts';

export function AssignmentCard({ projectId }: { projectId: string }) {
  const settings = useConversationSettings(projectId);
  const update = useUpdateAutoAssign(projectId);
  const current = settings.data;
  // While a change is saving, the switch shows what was asked for.
  const asked = update.isPending ? update.variables?.mode : undefined;
  const on = (asked ?? current?.autoAssign) === 'round_robin';

  return (
    <Card>
      <CardHeader
        title="Assignment"
        description="Who answers a conversation that has just started. Agents can always take or pass one on from the conversation itself."
      />
      {settings.isPending ? (
        <LoadingBlock />
      ) : settings.isError || !current ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <CardBody className="space-y-3">
          <Switch
            checked={on}
            disabled={update.isPending}
            onChange={(checked) =>
              update.mutate(
                { current, mode: checked ? 'round_robin' : 'off' },
                toastResult(
                  checked
                    ? 'New conversations are assigned to online agents in turn'
                    : 'New conversations stay unassigned',
                ),
              )
            }
            label="Assign new conversations automatically"
            description="Each new conversation goes to the next agent who is online, in turn. With nobody online it stays unassigned, in the Unassigned tab."
          />
          <FormError error={update.error} />
        </CardBody>
      )}
    </Card>
  );
}
