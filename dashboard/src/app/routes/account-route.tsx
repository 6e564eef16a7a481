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
import { cn } from '../../lib/cn.ts';
import { Link, Redirect } from '../../lib/router.tsx';
import { useLastProjectStore } from '../../stores/last-project-store.ts';
import { AppShell } from '../layouts/app-shell.tsx';
import { SectionPicker } from '../layouts/section-picker.tsx';

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
      <div className="flex h-full min-h-0 flex-col md:flex-row">
        <SectionPicker
          label="Account section"
          sections={ACCOUNT_SECTIONS}
          current={section}
          labelOf={(s) => SECTIONS[s].label}
          pathOf={(s) => paths.account(s)}
        />
        <aside
          className="hidden w-56 shrink-0 border-r border-slate-200 bg-white px-3 py-5 md:block"
          aria-label="Account"
        >
          <p className="px-3 pb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Account</p>
          <nav className="space-y-0.5">
            {ACCOUNT_SECTIONS.map((s) => (
              <Link
                key={s}
                to={paths.account(s)}
                aria-current={s === section ? 'page' : undefined}
                className={cn(
                  'flex items-center gap-2.5 rounded-lg px-3 py-2 text-sm font-medium',
                  s === section
                    ? 'bg-brand-50 text-brand-700'
                    : 'text-slate-600 hover:bg-slate-50 hover:text-slate-900',
                )}
              >
                <span className={s === section ? 'text-brand-600' : 'text-slate-400'}>{SECTIONS[s].icon}</span>
                {SECTIONS[s].label}
              </Link>
            ))}
          </nav>
        </aside>
        <div className="scroll-thin min-w-0 flex-1 overflow-y-auto">
          <div className="mx-auto max-w-4xl px-4 py-5 md:px-8 md:py-8">{content}</div>
        </div>
      </div>
    </AppShell>
  );
}
