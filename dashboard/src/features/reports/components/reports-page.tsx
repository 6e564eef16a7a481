// The Reports page: a date range (presets or two dates, in the project's time zone) and a
// grouping (day, agent, label); the headline figures, a chart, the table of every group, the
// CSV export, and for Managers whether Agents may see all this.
import { useState } from 'react';
import { daysIn, MAX_REPORT_DAYS, type ReportGrouping } from '../../../../../contract/rest/reports.ts';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardHeader } from '../../../components/ui/card.tsx';
import { LockIcon } from '../../../components/ui/icons.tsx';
import { PageHeader } from '../../../components/ui/page.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { EmptyState, ErrorState } from '../../../components/ui/states.tsx';
import { Switch } from '../../../components/ui/switch.tsx';
import { ApiError, errorMessage } from '../../../lib/api-client.ts';
import { cn } from '../../../lib/cn.ts';
import { toast, toastResult } from '../../../stores/toast-store.ts';
import { downloadReport } from '../api/download-report.ts';
import { type ReportQuery, useReport } from '../api/get-report.ts';
import { useReportSettings, useSaveReportSettings } from '../api/report-settings.ts';
import { lastDays } from '../utils/report-format.ts';
import { DailyChart } from './daily-chart.tsx';
import { RankedBars } from './ranked-bars.tsx';
import { FiguresGrid, FiguresTable } from './report-figures.tsx';

const GROUPINGS: { value: ReportGrouping; label: string }[] = [
  { value: 'day', label: 'By day' },
  { value: 'agent', label: 'By agent' },
  { value: 'label', label: 'By label' },
];
const PRESETS = [7, 30, 90];

export function ReportsPage({ projectId, manager }: { projectId: string; manager: boolean }) {
  const [range, setRange] = useState(() => lastDays(30));
  const [groupBy, setGroupBy] = useState<ReportGrouping>('day');
  const [exporting, setExporting] = useState(false);
  const valid = range.from <= range.to && daysIn(range.from, range.to) <= MAX_REPORT_DAYS;
  const query: ReportQuery = { ...range, groupBy };
  const report = useReport(projectId, valid ? query : { ...lastDays(30), groupBy });

  if (report.error instanceof ApiError && report.error.code === 'reports_restricted') {
    return (
      <EmptyState
        icon={<LockIcon />}
        title="Reports are for Managers here"
        description="A Manager of this project can let Agents see them."
        className="rounded-xl bg-white ring-1 ring-slate-200"
      />
    );
  }

  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadReport(projectId, query);
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="space-y-6">
      <PageHeader
        title="Reports"
        description={
          report.data
            ? `Days in the project’s time zone (${report.data.timeZone}).`
            : 'Conversations, response times and satisfaction.'
        }
        actions={
          <Button variant="secondary" size="sm" busy={exporting} disabled={!valid} onClick={() => void exportCsv()}>
            Export CSV
          </Button>
        }
      />
      <Card>
        <CardBody className="flex flex-wrap items-end gap-4">
          <fieldset className="flex flex-wrap items-end gap-3">
            <legend className="sr-only">Date range</legend>
            <label className="text-xs font-medium text-slate-600">
              From
              <input
                type="date"
                value={range.from}
                max={range.to}
                onChange={(e) => e.target.value && setRange((r) => ({ ...r, from: e.target.value }))}
                className="mt-1 block rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900"
                data-testid="report-from"
              />
            </label>
            <label className="text-xs font-medium text-slate-600">
              To
              <input
                type="date"
                value={range.to}
                min={range.from}
                onChange={(e) => e.target.value && setRange((r) => ({ ...r, to: e.target.value }))}
                className="mt-1 block rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900"
                data-testid="report-to"
              />
            </label>
            <div className="flex gap-1">
              {PRESETS.map((days) => {
                // The preset the dates match reads as chosen (the page opens on the last 30 days).
                const preset = lastDays(days);
                const chosen = range.from === preset.from && range.to === preset.to;
                return (
                  <Button
                    key={days}
                    variant="ghost"
                    size="sm"
                    aria-pressed={chosen}
                    className={cn(chosen && 'bg-slate-100 text-slate-900')}
                    onClick={() => setRange(preset)}
                  >
                    {days} days
                  </Button>
                );
              })}
            </div>
          </fieldset>
          <fieldset className="flex rounded-lg bg-slate-100 p-0.5 md:ml-auto">
            <legend className="sr-only">Group by</legend>
            {GROUPINGS.map((g) => (
              <button
                key={g.value}
                type="button"
                aria-pressed={groupBy === g.value}
                onClick={() => setGroupBy(g.value)}
                className={cn(
                  'rounded-md px-3 py-1.5 text-sm font-medium',
                  groupBy === g.value ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900',
                )}
              >
                {g.label}
              </button>
            ))}
          </fieldset>
          {!valid && (
            <p className="w-full text-sm text-red-700" role="alert">
              Choose a range of at most {MAX_REPORT_DAYS} days that ends after it starts.
            </p>
          )}
        </CardBody>
      </Card>
      {report.isPending ? (
        <LoadingBlock className="h-64" label="Loading the report…" />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <div
          className={cn('space-y-6 transition-opacity', report.isPlaceholderData && 'opacity-60')}
          aria-busy={report.isFetching}
        >
          <FiguresGrid figures={report.data.totals} />
          <Card>
            <CardHeader
              title={
                report.data.groupBy === 'day'
                  ? 'Conversations per day'
                  : report.data.groupBy === 'agent'
                    ? 'Conversations per agent'
                    : 'Conversations per label'
              }
              description={
                report.data.groupBy === 'agent'
                  ? 'By the current assignee; ratings by who resolved the conversation.'
                  : report.data.groupBy === 'label'
                    ? 'A conversation with several labels counts under each.'
                    : undefined
              }
            />
            <CardBody>
              {report.data.groupBy === 'day' ? (
                <DailyChart groups={report.data.groups} />
              ) : (
                <RankedBars
                  groups={report.data.groups}
                  report={report.data.groupBy}
                  label={`Conversations ${GROUPINGS.find((g) => g.value === report.data.groupBy)?.label.toLowerCase() ?? ''}`}
                />
              )}
            </CardBody>
          </Card>
          <FiguresTable report={report.data} />
        </div>
      )}
      {manager && <AgentsMayView projectId={projectId} />}
    </div>
  );
}

function AgentsMayView({ projectId }: { projectId: string }) {
  const settings = useReportSettings(projectId);
  const save = useSaveReportSettings(projectId);
  return (
    <Card>
      <CardBody>
        <Switch
          checked={settings.data?.agentsMayView ?? false}
          disabled={settings.isPending || save.isPending}
          onChange={(on) =>
            save.mutate(on, toastResult(on ? 'Agents can now see reports' : 'Reports are for Managers only'))
          }
          label="Agents may see reports"
          description="Off: only Managers of this project open this page and its export."
        />
      </CardBody>
    </Card>
  );
}
