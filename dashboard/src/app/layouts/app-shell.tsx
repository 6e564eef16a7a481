// The signed-in frame: the dark sidebar (project switcher, navigation, the user) and the page.
import type { ReactNode } from 'react';
import { Avatar } from '../../components/ui/avatar.tsx';
import { CountPill } from '../../components/ui/badge.tsx';
import { InboxIcon, LogOutIcon, SettingsIcon } from '../../components/ui/icons.tsx';
import { paths } from '../../config/paths.ts';
import type { Project } from '../../features/projects/api/get-projects.ts';
import { ProjectSwitcher } from '../../features/projects/components/project-switcher.tsx';
import { signOut, useUser } from '../../lib/auth.tsx';
import { cn } from '../../lib/cn.ts';
import { Link, useLocation } from '../../lib/router.tsx';

function NavItem({
  to,
  icon,
  label,
  active,
  badge,
}: {
  to: string;
  icon: ReactNode;
  label: string;
  active: boolean;
  badge?: number;
}) {
  return (
    <Link
      to={to}
      aria-current={active ? 'page' : undefined}
      className={cn(
        'flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors',
        active ? 'bg-white/10 text-white' : 'text-slate-400 hover:bg-white/5 hover:text-slate-200',
      )}
    >
      {icon}
      <span className="flex-1">{label}</span>
      {badge !== undefined && <CountPill count={badge} />}
    </Link>
  );
}

export function AppShell({
  project,
  projects,
  unread,
  children,
}: {
  project: Project | null;
  projects: Project[];
  unread: number;
  children: ReactNode;
}) {
  const { pathname } = useLocation();
  const user = useUser();
  return (
    <div className="flex h-full">
      <nav className="flex w-60 shrink-0 flex-col bg-slate-900 px-3 py-3" aria-label="Main">
        {project ? (
          <ProjectSwitcher projects={projects} current={project} />
        ) : (
          <div className="px-2 py-1.5 text-sm font-semibold text-white">Parley</div>
        )}
        {project && (
          <div className="mt-6 space-y-1">
            <NavItem
              to={paths.inbox(project.id)}
              icon={<InboxIcon />}
              label="Inbox"
              active={pathname.startsWith(`/p/${project.id}/inbox`)}
              badge={unread}
            />
            <NavItem
              to={paths.settings(project.id, project.role === 'manager' ? 'general' : 'canned-responses')}
              icon={<SettingsIcon />}
              label="Settings"
              active={pathname.startsWith(`/p/${project.id}/settings`)}
            />
          </div>
        )}
        <div className="mt-auto border-t border-white/10 pt-3">
          <Link
            to={paths.account()}
            className={cn(
              'flex items-center gap-3 rounded-lg px-2 py-2 hover:bg-white/5',
              pathname.startsWith('/account') && 'bg-white/10',
            )}
            data-testid="account-link"
          >
            <Avatar name={user.data?.name} seed={user.data?.id ?? 'me'} size="sm" />
            <span className="min-w-0 flex-1">
              <span className="block truncate text-sm font-medium text-white">{user.data?.name ?? '…'}</span>
              <span className="block truncate text-xs text-slate-400">{user.data?.email}</span>
            </span>
          </Link>
          <button
            type="button"
            onClick={() => void signOut()}
            className="mt-1 flex w-full items-center gap-3 rounded-lg px-3 py-2 text-sm text-slate-400 hover:bg-white/5 hover:text-slate-200"
          >
            <LogOutIcon size={16} /> Sign out
          </button>
        </div>
      </nav>
      <main className="flex min-w-0 flex-1 flex-col">{children}</main>
    </div>
  );
}
