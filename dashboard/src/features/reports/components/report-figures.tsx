// The headline figures of a range as tiles, and every group's figures as a table (the chart's
// numbers, readable by anyone, on any screen: the table scrolls sideways on a phone).
import type { Report, ReportFigures } from '../../../../../contract/rest/reports.ts';
import { Card, CardHeader } from '../../../components/ui/card.tsx';
import { LabelDot } from '../../../components/ui/label-chip.tsx';
import { Table, Td, Th } from '../../../components/ui/page.tsx';
import { duration, percent } from '../utils/report-format.ts';

function Tile({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <div className="rounded-xl bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {hint && <dd className="mt-0.5 text-xs text-slate-500">{hint}</dd>}
    </div>
  );
}

export function FiguresGrid({ figures: f }: { figures: ReportFigures }) {
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-3" data-testid="report-totals">
      <Tile label="Opened" value={String(f.opened)} testId="figure-opened" />
      <Tile label="Resolved" value={String(f.resolved)} testId="figure-resolved" />
      <Tile
        label="First response (median)"
        value={duration(f.firstResponseMedianSeconds)}
        hint={`90th percentile ${duration(f.firstResponseP90Seconds)}`}
        testId="figure-first-response"
      />
      <Tile label="Resolution time (median)" value={duration(f.resolutionMedianSeconds)} testId="figure-resolution" />
      <Tile
        label="CSAT score"
        value={percent(f.csatScore)}
        hint={
          f.csatAverage === null
            ? 'No ratings yet'
            : `Average ${f.csatAverage} of 5 · ${f.ratings} ${f.ratings === 1 ? 'rating' : 'ratings'}`
        }
        testId="figure-csat"
      />
      <Tile
        label="Response rate"
        value={percent(f.responseRate)}
        hint="Ratings per resolved conversation"
        testId="figure-response-rate"
      />
    </dl>
  );
}

export function FiguresTable({ report }: { report: Report }) {
  const first = report.groupBy === 'day' ? 'Day' : report.groupBy === 'agent' ? 'Agent' : 'Label';
  // A day table lists the busy days; the empty ones are in the chart.
  const rows =
    report.groupBy === 'day'
      ? report.groups.filter((g) => g.figures.opened + g.figures.resolved + g.figures.ratings > 0)
      : report.groups;
  return (
    <Card>
      <CardHeader title="Details" description={rows.length === 0 ? 'Nothing happened in this range.' : undefined} />
      {rows.length > 0 && (
        <Table>
          <thead className="bg-slate-50">
            <tr>
              <Th>{first}</Th>
              <Th className="text-right">Opened</Th>
              <Th className="text-right">Resolved</Th>
              <Th className="text-right">First response</Th>
              <Th className="text-right">p90</Th>
              <Th className="text-right">Resolution</Th>
              <Th className="text-right">CSAT</Th>
              <Th className="text-right">Response rate</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100" data-testid="report-rows">
            {rows.map((g) => (
              <tr key={g.key ?? 'none'}>
                <Td className="font-medium whitespace-nowrap text-slate-900">
                  <span className="inline-flex items-center gap-1.5">
                    {g.color && <LabelDot color={g.color} />}
                    {g.name}
                  </span>
                </Td>
                <Td className="text-right tabular-nums">{g.figures.opened}</Td>
                <Td className="text-right tabular-nums">{g.figures.resolved}</Td>
                <Td className="text-right tabular-nums">{duration(g.figures.firstResponseMedianSeconds)}</Td>
                <Td className="text-right tabular-nums">{duration(g.figures.firstResponseP90Seconds)}</Td>
                <Td className="text-right tabular-nums">{duration(g.figures.resolutionMedianSeconds)}</Td>
                <Td className="text-right tabular-nums">{percent(g.figures.csatScore)}</Td>
                <Td className="text-right tabular-nums">{percent(g.figures.responseRate)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
