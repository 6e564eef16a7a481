// Settings → Members (Managers): how a conversation finds its agent. Round robin gives each new
// conversation to the next agent online (docs/REALTIME_AND_WIDGET.md); by reply, an agent's first
// public reply to an unassigned conversation makes it theirs (durable-objects/room/assign-on-reply.ts).
// Saved through the conversation settings, keeping the rest.
import { Card, CardBody, CardHeader } from '../../../components/ui/card.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { ErrorState, FormError } from '../../../components/ui/states.tsx';
import { Switch } from '../../../components/ui/switch.tsx';
import { toastResult } from '../../../stores/toast-store.ts';
import { useConversationSettings, useUpdateAssignment } from '../../privacy/api/conversation-settings.ts';

export function AssignmentCard({ projectId }: { projectId: string }) {
  const settings = useConversationSettings(projectId);
  const update = useUpdateAssignment(projectId);
  const current = settings.data;
  // While a change is saving, its switch shows what was asked for.
  const asked = update.isPending ? update.variables?.change : undefined;
  const roundRobin = (asked?.autoAssign ?? current?.autoAssign) === 'round_robin';
  const byReply = asked?.assignOnReply ?? current?.assignOnReply ?? false;

  return (
    <Card>
      <CardHeader
        title="Assignment"
        description="How a conversation finds its agent. Agents can always take one or pass it on from the conversation itself."
      />
      {settings.isPending ? (
        <LoadingBlock />
      ) : settings.isError || !current ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <CardBody className="space-y-4">
          <Switch
            checked={roundRobin}
            disabled={update.isPending}
            onChange={(checked) =>
              update.mutate(
                { current, change: { autoAssign: checked ? 'round_robin' : 'off' } },
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
          <Switch
            checked={byReply}
            disabled={update.isPending}
            onChange={(checked) =>
              update.mutate(
                { current, change: { assignOnReply: checked } },
                toastResult(
                  checked
                    ? 'An unassigned conversation becomes yours when you reply'
                    : 'Replying no longer assigns a conversation',
                ),
              )
            }
            label="Assign a conversation to the agent who replies"
            description="An agent's first reply to an unassigned conversation makes it theirs. Private notes do not count."
          />
          <FormError error={update.error} />
        </CardBody>
      )}
    </Card>
  );
}
