// /account/:section: profile, security (password, 2FA), sessions and notifications — inside the
// app shell of the project last worked in.
import type { ReactNode } from 'react';
import { BellIcon, MonitorIcon, ShieldCheckIcon, UserIcon } from '../../components/ui/icons.tsx';
import { PageHeader } from '../../components/ui/page.tsx';
import { LoadingBlock } from '../../components/ui/spinner.tsx';
import { ErrorState } from '../../components/ui/states.tsx';
import { ACCOUNT_SECTIONS, type AccountSection, paths } from '../../config/paths.ts';
import { DeleteAccountCard } from '../../features/account/components/delete-account-card.tsx';
import { PasswordCard } from '../../features/account/components/password-card.tsx';
import { ProfileSettings } from '../../features/account/components/profile-settings.tsx';
import { SessionsSettings } from '../../features/account/components/sessions-settings.tsx';
import { TwoFactorCard } from '../../features/account/components/two-factor-card.tsx';
import { NotificationSettings } from '../../features/notifications/components/notification-settings.tsx';
import { useProjects } from '../../features/projects/api/get-projects.ts';
import { useUser } from '../../lib/auth.tsx';
import { Redirect } from '../../lib/router.tsx';
import { useLastProjectStore } from '../../stores/last-project-store.ts';
import { AppShell } from '../layouts/app-shell.tsx';
import { SectionLayout } from '../layouts/section-layout.tsx';

const SECTIONS: Record<AccountSection, { label: string; icon: ReactNode }> = {
  profile: { label: 'Profile', icon: <UserIcon size={16} /> },
  security: { label: 'Password & 2FA', icon: <ShieldCheckIcon size={16} /> },
  sessions: { label: 'Sessions', icon: <MonitorIcon size={16} /> },
  notifications: { label: 'Notifications', icon: <BellIcon size={16} /> },
};

function isSection(value: string | null): value is AccountSection {
  return value !== null && (ACCOUNT_SECTIONS as readonly string[]).includes(value);
}

export function AccountRoute({ section }: { section: string | null }) {
  const user = useUser();
  const projects = useProjects();
  const lastProjectId = useLastProjectStore((s) => s.projectId);
  if (!isSection(section)) return <Redirect to={paths.account('profile')} />;
  const list = projects.data ?? [];
  const project = list.find((p) => p.id === lastProjectId) ?? list[0] ?? null;

  let content: ReactNode;
  if (user.isPending) content = <LoadingBlock />;
  else if (user.isError) content = <ErrorState error={user.error} onRetry={() => void user.refetch()} />;
  else if (section === 'profile')
    content = (
      <div className="space-y-6">
        <ProfileSettings user={user.data} />
        <DeleteAccountCard />
      </div>
    );
  else if (section === 'security')
    content = (
      <div className="space-y-6">
        <PageHeader title="Password & two-factor authentication" />
        <PasswordCard hasPassword={user.data.hasPassword} />
        <TwoFactorCard />
      </div>
    );
  else if (section === 'sessions') content = <SessionsSettings />;
  else content = <NotificationSettings />;

  return (
    <AppShell project={project} projects={list} unread={0}>
      <SectionLayout
        title="Account"
        sections={ACCOUNT_SECTIONS}
        current={section}
        about={SECTIONS}
        pathOf={(s) => paths.account(s)}
      >
        {content}
      </SectionLayout>
    </AppShell>
  );
}
