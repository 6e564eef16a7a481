// Account → Profile: name and email.
import { type FormEvent, useEffect, useState } from 'react';
import { Avatar } from '../../../components/ui/avatar.tsx';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardFooter, CardHeader } from '../../../components/ui/card.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { PageHeader } from '../../../components/ui/page.tsx';
import { FormError } from '../../../components/ui/states.tsx';
import type { User } from '../../../lib/auth.tsx';
import { toast } from '../../../stores/toast-store.ts';
import { useUpdateProfile } from '../api/update-profile.ts';
import { ThemePicker } from './theme-picker.tsx';

export function ProfileSettings({ user }: { user: User }) {
  const update = useUpdateProfile();
  const [name, setName] = useState(user.name);
  useEffect(() => setName(user.name), [user.name]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ name: name.trim() }, { onSuccess: () => toast.success('Profile saved') });
  };
  return (
    <div className="space-y-6">
      <PageHeader title="Profile" description="How your teammates and visitors see you." />
      <Card>
        <CardHeader title="Your details" />
        <form onSubmit={submit}>
          <CardBody className="space-y-5">
            <div className="flex items-center gap-4">
              <Avatar name={name || user.name} seed={user.id} size="lg" />
              <div>
                <p className="text-sm font-medium text-slate-900">{user.email}</p>
                <div className="mt-1">
                  {user.emailVerified ? (
                    <Badge tone="green">Email verified</Badge>
                  ) : (
                    <Badge tone="amber">Email not verified</Badge>
                  )}
                </div>
              </div>
            </div>
            <TextField
              label="Display name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={100}
              hint="Visitors see it next to your replies."
            />
            <FormError error={update.error} />
          </CardBody>
          <CardFooter>
            <Button type="submit" busy={update.isPending} disabled={!name.trim() || name.trim() === user.name}>
              Save
            </Button>
          </CardFooter>
        </form>
      </Card>
      <Card>
        <CardHeader title="Appearance" description="System follows your device's light or dark setting." />
        <CardBody>
          <ThemePicker />
        </CardBody>
      </Card>
    </div>
  );
}
