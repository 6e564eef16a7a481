// Everything inside one project: finds it among the user's projects (or says it does not exist),
// enforces the project's 2FA requirement, keeps the ProjectInbox socket open on every screen of
// the project, turns its events into notifications and keeps the unread count in the title.
// The router draws it once above all of a project's routes (app/router.tsx), so moving between
// Inbox, Contacts, Reports and Settings changes only `title` and the screen in `children`.
import { type ReactNode, useEffect } from 'react';
import { buttonClasses } from '../../components/ui/button.tsx';
import { ShieldCheckIcon } from '../../components/ui/icons.tsx';
import { LoadingBlock } from '../../components/ui/spinner.tsx';
import { EmptyState, ErrorState } from '../../components/ui/states.tsx';
import { paths } from '../../config/paths.ts';
import { useUnreadCounts } from '../../features/inbox/api/get-unread-counts.ts';
import { useInboxSocket } from '../../features/inbox/hooks/use-inbox-socket.ts';
import { useInboxNotifications } from '../../features/notifications/hooks/use-inbox-notifications.ts';
import { useUnreadTitle } from '../../features/notifications/hooks/use-unread-title.ts';
import { type Project, useProjects } from '../../features/projects/api/get-projects.ts';
import { useUser } from '../../lib/auth.tsx';
import { Link, navigate } from '../../lib/router.tsx';
import type { SocketStatus } from '../../lib/ws-client.ts';
import { useLastProjectStore } from '../../stores/last-project-store.ts';
import { AppShell } from './app-shell.tsx';

export interface ProjectContext {
  project: Project;
  me: { id: string; name: string };
  inboxStatus: SocketStatus;
}

export function ProjectLayout({
  projectId,
  title,
  children,
}: {
  projectId: string;
  title: string;
  children: (context: ProjectContext) => ReactNode;
}) {
  const projects = useProjects();
  const user = useUser();
  const project = projects.data?.find((p) => p.id === projectId) ?? null;
  const setLastProject = useLastProjectStore((s) => s.setProjectId);
  useEffect(() => {
    if (project) setLastProject(project.id);
  }, [project, setLastProject]);

  if (projects.isPending || user.isPending) return <LoadingBlock className="h-full" />;
  if (projects.isError)
    return <ErrorState className="h-full" error={projects.error} onRetry={() => void projects.refetch()} />;
  if (user.isError) return <ErrorState className="h-full" error={user.error} onRetry={() => void user.refetch()} />;
  if (!project) {
    return (
      <AppShell project={null} projects={projects.data} unread={0}>
        <EmptyState
          className="flex-1"
          title="Project not found"
          description="It does not exist, or you are not a member of it."
          action={
            <Link to={paths.home} className={buttonClasses('secondary')}>
              Go to my projects
            </Link>
          }
        />
      </AppShell>
    );
  }
  if (project.mfaRequired) {
    return (
      <AppShell project={project} projects={projects.data} unread={0}>
        <EmptyState
          className="flex-1"
          icon={<ShieldCheckIcon />}
          title={`${project.name} requires two-factor authentication`}
          description="Turn it on for your account to open this project's inbox and settings."
          action={
            <Link to={paths.account('security')} className={buttonClasses('primary')}>
              Set up 2FA
            </Link>
          }
        />
      </AppShell>
    );
  }
  return (
    <LiveProject
      project={project}
      projects={projects.data}
      me={{ id: user.data.id, name: user.data.name }}
      title={title}
    >
      {children}
    </LiveProject>
  );
}

function LiveProject({
  project,
  projects,
  me,
  title,
  children,
}: {
  project: Project;
  projects: Project[];
  me: { id: string; name: string };
  title: string;
  children: (context: ProjectContext) => ReactNode;
}) {
  const notify = useInboxNotifications(me.id, (conversationId) =>
    navigate(paths.conversation(project.id, conversationId)),
  );
  const inboxStatus = useInboxSocket(project.id, me.id, notify);
  const counts = useUnreadCounts(project.id);
  const unread = counts ? counts.mine + counts.unassigned : 0;
  useUnreadTitle(`${title} · ${project.name} · Parley`, unread);
  return (
    <AppShell project={project} projects={projects} unread={unread}>
      {children({ project, me, inboxStatus })}
    </AppShell>
  );
}
