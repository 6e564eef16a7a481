// The signed-in frame: the dark sidebar (project switcher, navigation, the user) and the page.
// Below md the sidebar is a drawer opened from a top bar, so a phone keeps its width for the page.
// The sidebar and the top bar are dark in both themes (`palette-light`, index.css); the theme
// picker sits above the account link.
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { Avatar } from '../../components/ui/avatar.tsx';
import { CountPill } from '../../components/ui/badge.tsx';
import { BarChartIcon, IdCardIcon, InboxIcon, LogOutIcon, MenuIcon, SettingsIcon } from '../../components/ui/icons.tsx';
import { paths } from '../../config/paths.ts';
import { ThemePicker, useAccountTheme } from '../../features/account/components/theme-picker.tsx';
import type { Project } from '../../features/projects/api/get-projects.ts';
import { ProjectSwitcher } from '../../features/projects/components/project-switcher.tsx';
import { useReportSettings } from '../../features/reports/api/report-settings.ts';
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
  const drawer = useDrawer(pathname);
  useAccountTheme(user.data?.theme);
  // Managers always see Reports; an Agent when a Manager allowed it (asked only for Agents).
  const isAgent = project?.role === 'agent';
  const reportSettings = useReportSettings(project?.id ?? '', isAgent);
  const showReports = project !== null && (!isAgent || reportSettings.data?.agentsMayView === true);
  return (
    <div className="flex h-full flex-col md:flex-row">
      <header className="palette-light flex h-12 shrink-0 items-center gap-2 bg-slate-900 px-2 md:hidden">
        <button
          ref={drawer.buttonRef}
          type="button"
          onClick={drawer.open}
          aria-label="Open navigation"
          aria-expanded={drawer.isOpen}
          aria-controls="main-navigation"
          className="rounded-lg p-2 text-slate-300 hover:bg-white/10 hover:text-white"
        >
          <MenuIcon size={20} />
        </button>
        <span className="min-w-0 flex-1 truncate text-sm font-semibold text-white">{project?.name ?? 'Parley'}</span>
        {unread > 0 && <CountPill count={unread} />}
      </header>
      {drawer.isOpen && (
        <div
          className="palette-light fixed inset-0 z-30 bg-slate-900/50 md:hidden"
          aria-hidden="true"
          onClick={drawer.close}
        />
      )}
      <nav
        ref={drawer.navRef}
        id="main-navigation"
        className={cn(
          'palette-light w-60 shrink-0 flex-col bg-slate-900 px-3 py-3 md:static md:flex md:shadow-none dark:border-r dark:border-white/10',
          drawer.isOpen ? 'fixed inset-y-0 left-0 z-40 flex max-w-[85vw] shadow-xl' : 'hidden',
        )}
        aria-label="Main"
      >
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
              to={paths.contacts(project.id)}
              icon={<IdCardIcon />}
              label="Contacts"
              active={pathname.startsWith(`/p/${project.id}/contacts`)}
            />
            {showReports && (
              <NavItem
                to={paths.reports(project.id)}
                icon={<BarChartIcon />}
                label="Reports"
                active={pathname.startsWith(`/p/${project.id}/reports`)}
              />
            )}
            <NavItem
              to={paths.settings(project.id, project.role === 'manager' ? 'general' : 'canned-responses')}
              icon={<SettingsIcon />}
              label="Settings"
              active={pathname.startsWith(`/p/${project.id}/settings`)}
            />
          </div>
        )}
        <div className="mt-auto border-t border-white/10 pt-3">
          <div className="mb-2 px-1">
            <ThemePicker variant="sidebar" />
          </div>
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
      <main className="flex min-h-0 min-w-0 flex-1 flex-col">{children}</main>
    </div>
  );
}

/** The phone drawer: opens from the menu button, closes on Escape, the backdrop or a navigation,
 * and hands focus back to the button it came from. */
function useDrawer(pathname: string) {
  const [isOpen, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const navRef = useRef<HTMLElement>(null);
  const close = useCallback(() => {
    setOpen(false);
    buttonRef.current?.focus();
  }, []);
  const open = useCallback(() => setOpen(true), []);

  const openRef = useRef(isOpen);
  openRef.current = isOpen;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page closes the drawer
  useEffect(() => {
    if (openRef.current) close();
  }, [pathname]);

  useEffect(() => {
    if (!isOpen) return;
    navRef.current?.querySelector<HTMLElement>('a, button')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault(); // used: the inbox's Escape does not also clear its selection
      close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [isOpen, close]);

  return { isOpen, open, close, buttonRef, navRef };
}
