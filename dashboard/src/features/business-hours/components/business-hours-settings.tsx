// Settings → Business hours (Managers): whether the project is available now, the "force away"
// switch, the weekly schedule in the project's time zone (several intervals a day), closed dates, and
// what the widget says about reply times. Saved together; the server validates again (typed 400).
import { type FormEvent, useEffect, useState } from 'react';
import type { BusinessHours, BusinessHoursInput, HoursInterval } from '../../../../../contract/availability.ts';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardFooter, CardHeader } from '../../../components/ui/card.tsx';
import { Select, TextArea, TextField } from '../../../components/ui/field.tsx';
import { PlusIcon, TrashIcon } from '../../../components/ui/icons.tsx';
import { PageHeader } from '../../../components/ui/page.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { ErrorState, FormError } from '../../../components/ui/states.tsx';
import { Switch } from '../../../components/ui/switch.tsx';
import { toastResult } from '../../../stores/toast-store.ts';
import { useBusinessHours, useSaveBusinessHours } from '../api/business-hours.ts';
import { availabilityText, DAY_LABELS, DAYS, firstProblem, parseDates, timeZones } from '../utils/hours-form.ts';

type Day = (typeof DAYS)[number];

export function BusinessHoursSettings({ projectId }: { projectId: string }) {
  const query = useBusinessHours(projectId);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Business hours"
        description="When nobody is there, the widget shows your away message instead of the greeting and asks visitors for an email."
      />
      {query.isPending ? (
        <LoadingBlock />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <HoursForm projectId={projectId} stored={query.data.businessHours} availability={query.data.availability} />
      )}
    </div>
  );
}

function HoursForm({
  projectId,
  stored,
  availability,
}: {
  projectId: string;
  stored: BusinessHours;
  availability: {
    state: 'available' | 'away';
    reason: 'closed' | 'no_agents' | 'forced' | null;
    nextOpenAt: string | null;
  };
}) {
  const save = useSaveBusinessHours(projectId);
  const [form, setForm] = useState<BusinessHours>(stored);
  const [dates, setDates] = useState(stored.closedDates.join('\n'));
  useEffect(() => {
    setForm(stored);
    setDates(stored.closedDates.join('\n'));
  }, [stored]);
  const input: BusinessHoursInput = { ...form, closedDates: parseDates(dates) };
  const problem = firstProblem(input);

  const setDay = (day: Day, intervals: HoursInterval[]) =>
    setForm((f) => ({ ...f, schedule: { ...f.schedule, [day]: intervals } }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem) return;
    save.mutate(input, toastResult('Business hours saved'));
  };

  const forceAway = (on: boolean) =>
    save.mutate(
      { ...stored, forceAway: on },
      toastResult(on ? 'The widget shows you as away' : 'Away mode follows your hours again'),
    );

  return (
    <>
      <Card>
        <CardHeader
          title="Right now"
          description="Available when inside business hours, at least one agent is online and away is not forced."
          actions={
            <Badge tone={availability.state === 'available' ? 'green' : 'amber'}>
              <span data-testid="availability-state">{availability.state === 'available' ? 'Available' : 'Away'}</span>
            </Badge>
          }
        />
        <CardBody className="space-y-4">
          <p className="text-sm text-slate-600">
            {availabilityText(availability)}
            {availability.nextOpenAt ? ` · opens ${new Date(availability.nextOpenAt).toLocaleString()}` : ''}
          </p>
          <Switch
            label="Force away"
            description="Show the away message and ask for emails whatever the hours and who is online."
            checked={stored.forceAway}
            disabled={save.isPending}
            onChange={forceAway}
          />
        </CardBody>
      </Card>

      <form onSubmit={submit} data-testid="business-hours-form" className="space-y-6">
        <Card>
          <CardHeader
            title="Weekly schedule"
            description="Times are in the project's time zone. A night shift is two intervals, one each side of midnight."
          />
          <CardBody className="space-y-4">
            <Switch
              label="Use business hours"
              description="Off: the project is open at all hours, and away only when nobody is online."
              checked={form.enabled}
              onChange={(enabled) => setForm((f) => ({ ...f, enabled }))}
            />
            <Select
              label="Time zone"
              value={form.timeZone}
              onChange={(e) => setForm((f) => ({ ...f, timeZone: e.target.value }))}
              className="max-w-80"
            >
              {timeZones(form.timeZone).map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </Select>
            <ul className="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200" aria-label="Weekly schedule">
              {DAYS.map((day) => (
                <DayRow key={day} day={day} intervals={form.schedule[day]} onChange={(v) => setDay(day, v)} />
              ))}
            </ul>
            <TextArea
              label="Closed dates"
              hint="One date per line (YYYY-MM-DD), in the project's time zone: closed all day."
              value={dates}
              rows={3}
              onChange={(e) => setDates(e.target.value)}
              className="max-w-80"
            />
          </CardBody>
        </Card>

        <Card>
          <CardHeader
            title="Expected reply time"
            description="The line under the widget's header while you are available."
          />
          <CardBody className="space-y-3">
            <fieldset className="space-y-2 text-sm text-slate-700">
              <legend className="sr-only">Expected reply time</legend>
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name="reply-time"
                  checked={form.replyTime.mode === 'measured'}
                  onChange={() => setForm((f) => ({ ...f, replyTime: { mode: 'measured' } }))}
                />
                Measured: the median first response of the last 7 days, within business hours
              </label>
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name="reply-time"
                  checked={form.replyTime.mode === 'fixed'}
                  onChange={() => setForm((f) => ({ ...f, replyTime: { mode: 'fixed', text: '' } }))}
                />
                Our own words
              </label>
            </fieldset>
            {form.replyTime.mode === 'fixed' && (
              <TextField
                label="Text"
                maxLength={120}
                placeholder="We usually reply within the hour"
                value={form.replyTime.text}
                onChange={(e) => setForm((f) => ({ ...f, replyTime: { mode: 'fixed', text: e.target.value } }))}
                className="max-w-md"
              />
            )}
          </CardBody>
          <CardFooter>
            <div className="flex flex-wrap items-center gap-3">
              <Button type="submit" busy={save.isPending} disabled={problem !== null}>
                Save business hours
              </Button>
              {problem && (
                <p className="text-sm text-red-700" role="alert" data-testid="hours-problem">
                  {problem}
                </p>
              )}
              <FormError error={save.error} />
            </div>
          </CardFooter>
        </Card>
      </form>
    </>
  );
}

function DayRow({
  day,
  intervals,
  onChange,
}: {
  day: Day;
  intervals: HoursInterval[];
  onChange: (v: HoursInterval[]) => void;
}) {
  const set = (i: number, patch: Partial<HoursInterval>) =>
    onChange(intervals.map((it, j) => (j === i ? { ...it, ...patch } : it)));
  return (
    <li className="flex flex-wrap items-start gap-3 px-4 py-3" data-day={day}>
      <span className="w-28 pt-1.5 text-sm font-medium text-slate-800">{DAY_LABELS[day]}</span>
      <div className="flex min-w-0 flex-1 flex-col gap-2">
        {intervals.length === 0 && <span className="pt-1.5 text-sm text-slate-500">Closed</span>}
        {intervals.map((it, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: intervals have no identity but their place
          <div key={i} className="flex items-center gap-2">
            <input
              type="time"
              aria-label={`${DAY_LABELS[day]} opens`}
              value={it.start}
              onChange={(e) => set(i, { start: e.target.value })}
              className="rounded-md border border-slate-300 px-2 py-1 text-sm"
            />
            <span className="text-slate-500">–</span>
            <input
              type="time"
              aria-label={`${DAY_LABELS[day]} closes`}
              value={it.end === '24:00' ? '23:59' : it.end}
              onChange={(e) => set(i, { end: e.target.value === '23:59' ? '24:00' : e.target.value })}
              className="rounded-md border border-slate-300 px-2 py-1 text-sm"
            />
            <Button
              type="button"
              variant="ghost"
              size="sm"
              aria-label={`Remove ${DAY_LABELS[day]} ${it.start}–${it.end}`}
              onClick={() => onChange(intervals.filter((_, j) => j !== i))}
            >
              <TrashIcon size={14} />
            </Button>
          </div>
        ))}
      </div>
      <Button
        type="button"
        variant="secondary"
        size="sm"
        onClick={() => {
          const last = intervals.at(-1);
          onChange([
            ...intervals,
            last
              ? { start: last.end === '24:00' ? '23:00' : last.end, end: '24:00' }
              : { start: '09:00', end: '17:00' },
          ]);
        }}
      >
        <PlusIcon size={14} /> Add hours
      </Button>
    </li>
  );
}
