// /p/:projectId/reports: the Reports page inside the project frame (loaded on demand: the chart
// and the figures are no part of the first load).
import { ReportsPage } from '../../features/reports/components/reports-page.tsx';
import type { ProjectContext } from '../layouts/project-layout.tsx';

export function ReportsRoute({ project }: ProjectContext) {
  return (
    <div className="scroll-thin min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto max-w-6xl px-4 py-5 md:px-8 md:py-8">
        <ReportsPage projectId={project.id} manager={project.role === 'manager'} />
      </div>
    </div>
  );
}
