// "/": straight to the inbox of the last project worked in (or the first one), or to project
// creation for a user who has none.
import { LoadingBlock } from '../../components/ui/spinner.tsx';
import { ErrorState } from '../../components/ui/states.tsx';
import { paths } from '../../config/paths.ts';
import { useProjects } from '../../features/projects/api/get-projects.ts';
import { Redirect } from '../../lib/router.tsx';
import { useLastProjectStore } from '../../stores/last-project-store.ts';

export function HomeRoute() {
  const projects = useProjects();
  const last = useLastProjectStore((s) => s.projectId);
  if (projects.isPending) return <LoadingBlock className="h-full" />;
  if (projects.isError)
    return <ErrorState className="h-full" error={projects.error} onRetry={() => void projects.refetch()} />;
  const project = projects.data.find((p) => p.id === last) ?? projects.data[0];
  return <Redirect to={project ? paths.inbox(project.id) : paths.newProject} />;
}

export function NotFoundRoute() {
  return (
    <div className="flex h-full flex-col items-center justify-center gap-2 text-center">
      <p className="text-5xl font-semibold text-slate-300">404</p>
      <p className="text-sm text-slate-500">There is no page here.</p>
      <a href="/" className="text-sm font-medium text-brand-600">
        Go to Parley
      </a>
    </div>
  );
}
