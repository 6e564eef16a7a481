// Account → Notifications: browser notifications and sound for new conversations and messages, and
// (per account) the email sent while offline about assignments and visitor replies.
import { useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardHeader } from '../../../components/ui/card.tsx';
import { PageHeader } from '../../../components/ui/page.tsx';
import { Notice } from '../../../components/ui/states.tsx';
import { Switch } from '../../../components/ui/switch.tsx';
import { useUser } from '../../../lib/auth.tsx';
import { useUpdateProfile } from '../../account/api/update-profile.ts';
import { useNotificationStore } from '../stores/notification-store.ts';
import { playChime } from '../utils/chime.ts';

function currentPermission(): NotificationPermission | 'unsupported' {
  return 'Notification' in window ? Notification.permission : 'unsupported';
}

export function NotificationSettings() {
  const { desktop, sound, setDesktop, setSound } = useNotificationStore();
  const [permission, setPermission] = useState(currentPermission);
  const user = useUser();
  const update = useUpdateProfile();
  const ask = () => {
    void Notification.requestPermission().then(setPermission);
  };
  return (
    <div className="space-y-6">
      <PageHeader
        title="Notifications"
        description="When Parley is in a background tab, new conversations and messages reach you here. Set per browser."
      />
      <Card>
        <CardHeader title="This browser" />
        <CardBody className="space-y-5">
          {permission === 'unsupported' ? (
            <Notice tone="warning">This browser does not support notifications.</Notice>
          ) : permission === 'denied' ? (
            <Notice tone="warning" title="Notifications are blocked">
              Allow them for this site in the browser's site settings.
            </Notice>
          ) : permission === 'default' ? (
            <Notice
              tone="info"
              title="Allow browser notifications"
              action={
                <Button size="sm" onClick={ask}>
                  Allow
                </Button>
              }
            >
              The browser asks once.
            </Notice>
          ) : null}
          <Switch
            checked={desktop}
            onChange={setDesktop}
            label="Desktop notifications"
            description="For new conversations, and new messages in conversations that are yours or unassigned."
          />
          <Switch
            checked={sound}
            onChange={setSound}
            label="Sound"
            description="A short chime with each notification."
          />
          <Button variant="secondary" size="sm" onClick={playChime}>
            Play the sound
          </Button>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Email" />
        <CardBody className="space-y-3">
          <Switch
            checked={user.data?.emailNotifications ?? true}
            disabled={!user.data || update.isPending}
            onChange={(on) => update.mutate({ emailNotifications: on })}
            label="Email me while I am offline"
            description="When no dashboard of yours is open: a conversation assigned to you, or a visitor replying in one of yours. One email per conversation every few minutes at most."
          />
          {update.isError ? <Notice tone="error">The setting was not saved. Try again.</Notice> : null}
        </CardBody>
      </Card>
    </div>
  );
}
