// Widget customisation with a live preview, the embed snippet to copy, and the allowed domains.
import { type FormEvent, useEffect, useState } from 'react';
import { WIDGET_THEMES } from '../../../../../contract/widget-settings.ts';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardFooter, CardHeader } from '../../../components/ui/card.tsx';
import { CopyButton } from '../../../components/ui/copy-button.tsx';
import { Select, TextArea, TextField } from '../../../components/ui/field.tsx';
import { PageHeader } from '../../../components/ui/page.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { ErrorState, FormError, Notice } from '../../../components/ui/states.tsx';
import { Switch } from '../../../components/ui/switch.tsx';
import { WIDGET_INSTALL_ANCHOR } from '../../../config/paths.ts';
import { apiOrigin } from '../../../lib/api-origin.ts';
import { cn } from '../../../lib/cn.ts';
import { useLocation } from '../../../lib/router.tsx';
import { toast } from '../../../stores/toast-store.ts';
import { type ProjectSettings, useSettings, type WidgetSettings } from '../api/get-settings.ts';
import { useUpdateSettings } from '../api/update-settings.ts';
import {
  EMBED_ATTRIBUTES,
  embedSnippet,
  LOCALES,
  parseDomains,
  strictEmbedSnippet,
  widgetErrors,
  withDefaults,
} from '../utils/widget-form.ts';
import { WidgetPreview } from './widget-preview.tsx';

const SWATCHES = ['#4f46e5', '#0ea5e9', '#059669', '#d97706', '#e11d48', '#7c3aed', '#0f172a'];

export function WidgetSettingsPage({ projectId, widgetKey }: { projectId: string; widgetKey: string }) {
  const settings = useSettings(projectId);
  const { hash } = useLocation();
  const loaded = settings.isSuccess;
  useEffect(() => {
    if (loaded && hash === `#${WIDGET_INSTALL_ANCHOR}`)
      document.getElementById(WIDGET_INSTALL_ANCHOR)?.scrollIntoView();
  }, [loaded, hash]);
  return (
    <div className="space-y-6">
      <PageHeader title="Widget" description="How the chat widget looks on your site, and where it may run." />
      {settings.isPending ? (
        <LoadingBlock />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <>
          <WidgetAppearance projectId={projectId} settings={settings.data} />
          <div id={WIDGET_INSTALL_ANCHOR} className="scroll-mt-6">
            <Installation widgetKey={widgetKey} />
          </div>
          <AllowedDomains projectId={projectId} settings={settings.data} />
        </>
      )}
    </div>
  );
}

function WidgetAppearance({ projectId, settings }: { projectId: string; settings: ProjectSettings }) {
  const update = useUpdateSettings(projectId);
  const [form, setForm] = useState(() => withDefaults(settings.widgetSettings));
  const [previewAway, setPreviewAway] = useState(false);
  useEffect(() => setForm(withDefaults(settings.widgetSettings)), [settings.widgetSettings]);
  const errors = widgetErrors(form);
  const dirty = JSON.stringify(form) !== JSON.stringify(withDefaults(settings.widgetSettings));
  const set = <K extends keyof WidgetSettings>(key: K, value: Required<WidgetSettings>[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ widgetSettings: form }, { onSuccess: () => toast.success('Widget saved — live on your site now') });
  };

  return (
    <Card>
      <CardHeader
        title="Appearance"
        description="Changes show in the preview as you type; visitors see them once saved."
      />
      <form onSubmit={submit}>
        <CardBody className="grid gap-8 lg:grid-cols-[1fr_20rem]">
          <div className="space-y-5">
            <div>
              <p className="mb-1.5 text-sm font-medium text-slate-700">Colour</p>
              <div className="flex flex-wrap items-center gap-2">
                {SWATCHES.map((swatch) => (
                  <button
                    key={swatch}
                    type="button"
                    onClick={() => set('color', swatch)}
                    className={cn(
                      'size-8 rounded-full ring-offset-2 ring-offset-white transition',
                      form.color.toLowerCase() === swatch
                        ? 'ring-2 ring-slate-900'
                        : 'hover:scale-110 dark:ring-1 dark:ring-slate-500 dark:ring-offset-0',
                    )}
                    style={{ background: swatch }}
                    aria-label={`Colour ${swatch}`}
                  />
                ))}
                <label className="ml-1 flex items-center gap-2">
                  <input
                    type="color"
                    value={/^#[0-9a-f]{6}$/i.test(form.color) ? form.color : '#4f46e5'}
                    onChange={(e) => set('color', e.target.value)}
                    className="size-8 cursor-pointer rounded border-0 bg-transparent p-0"
                    aria-label="Custom colour"
                  />
                  <input
                    value={form.color}
                    onChange={(e) => set('color', e.target.value)}
                    className="w-24 rounded-md border-0 px-2 py-1 font-mono text-base ring-1 ring-slate-300 md:text-xs"
                    aria-label="Colour hex"
                    name="color"
                  />
                </label>
              </div>
              {errors.color && <p className="mt-1.5 text-xs text-red-600">{errors.color}</p>}
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <Select
                label="Theme"
                name="theme"
                hint="Auto follows each visitor's device."
                value={form.theme}
                onChange={(e) => set('theme', WIDGET_THEMES.find((t) => t === e.target.value) ?? 'auto')}
              >
                <option value="auto">Auto</option>
                <option value="light">Light</option>
                <option value="dark">Dark</option>
              </Select>
              <Select
                label="Position"
                value={form.position}
                onChange={(e) => set('position', e.target.value === 'left' ? 'left' : 'right')}
              >
                <option value="right">Bottom right</option>
                <option value="left">Bottom left</option>
              </Select>
              <Select label="Language" value={form.locale} onChange={(e) => set('locale', e.target.value)}>
                {LOCALES.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.label}
                  </option>
                ))}
              </Select>
            </div>
            <TextField
              label="Launcher label"
              name="launcherLabel"
              value={form.launcherLabel}
              maxLength={40}
              onChange={(e) => set('launcherLabel', e.target.value)}
              error={errors.launcherLabel}
              placeholder="None — the round chat button alone"
            />
            <TextArea
              label="Greeting"
              name="greeting"
              rows={2}
              value={form.greeting}
              onChange={(e) => set('greeting', e.target.value)}
              onFocus={() => setPreviewAway(false)}
              error={errors.greeting}
              hint="The first thing a visitor reads when they open the widget."
            />
            <TextArea
              label="Away message"
              name="awayMessage"
              rows={2}
              value={form.awayMessage}
              onChange={(e) => set('awayMessage', e.target.value)}
              onFocus={() => setPreviewAway(true)}
              error={errors.awayMessage}
              hint="Shown instead of the greeting when no agent is online."
            />
            <Switch
              checked={form.preChatForm}
              onChange={(value) => set('preChatForm', value)}
              label="Ask for name and email first"
              description="A short form before the first message, so you can follow up by email."
            />
            <Switch
              checked={form.csat}
              onChange={(value) => set('csat', value)}
              label="Ask for a rating when resolved"
              description="The widget asks the visitor to rate the conversation (five faces and a comment); visitors who left are asked in the follow-up email."
            />
          </div>
          <div>
            <div className="mb-2 flex items-center justify-between">
              <p className="text-sm font-medium text-slate-700">Preview</p>
              <div className="flex rounded-md bg-slate-100 p-0.5 text-xs">
                {(['Online', 'Away'] as const).map((label) => (
                  <button
                    key={label}
                    type="button"
                    onClick={() => setPreviewAway(label === 'Away')}
                    className={cn(
                      'rounded px-2 py-0.5 font-medium',
                      previewAway === (label === 'Away') ? 'bg-white shadow-sm' : 'text-slate-500',
                    )}
                  >
                    {label}
                  </button>
                ))}
              </div>
            </div>
            <WidgetPreview settings={form} away={previewAway} />
          </div>
        </CardBody>
        <CardFooter>
          <FormError error={update.error} />
          <Button variant="secondary" disabled={!dirty} onClick={() => setForm(withDefaults(settings.widgetSettings))}>
            Discard
          </Button>
          <Button type="submit" busy={update.isPending} disabled={!dirty || Object.keys(errors).length > 0}>
            Save widget
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function Installation({ widgetKey }: { widgetKey: string }) {
  const snippet = strictEmbedSnippet(apiOrigin(), widgetKey);
  const queued = embedSnippet(apiOrigin(), widgetKey);
  const code =
    'overflow-x-auto rounded-lg bg-slate-900 p-4 text-xs leading-relaxed text-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600';
  return (
    <Card>
      <CardHeader
        title="Install on your site"
        description={
          <>
            Paste before <code className="rounded bg-slate-100 px-1">&lt;/body&gt;</code> on every page. It loads
            asynchronously and never slows your page down, and needs no inline script: it works under a strict
            Content-Security-Policy.
          </>
        }
        actions={<CopyButton value={snippet} label="Copy snippet" />}
      />
      <CardBody className="space-y-4">
        <pre
          // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable, so it must take focus to scroll by keyboard
          tabIndex={0}
          className={code}
          data-testid="embed-snippet"
        >
          <code>{snippet}</code>
        </pre>
        <div>
          <p className="text-xs font-medium text-slate-700">Optional attributes on the same tag</p>
          <ul className="mt-1 space-y-0.5 text-xs text-slate-500">
            {EMBED_ATTRIBUTES.map((a) => (
              <li key={a.name}>
                <code className="rounded bg-slate-100 px-1 font-mono text-slate-700">{a.name}</code>: {a.what}
              </li>
            ))}
          </ul>
        </div>
        <details className="text-xs text-slate-600">
          <summary className="cursor-pointer font-medium text-slate-700">
            Calling Parley(…) before the widget has loaded?
          </summary>
          <p className="mt-2">
            This variant adds a one-line inline stub that queues those calls. Under a CSP, give both tags your
            page&rsquo;s nonce (<code className="rounded bg-slate-100 px-1">nonce="…"</code>) or allow{' '}
            <code className="rounded bg-slate-100 px-1">&apos;unsafe-inline&apos;</code>.
          </p>
          <div className="mt-2 flex justify-end">
            <CopyButton value={queued} label="Copy this variant" />
          </div>
          <pre
            // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable, so it must take focus to scroll by keyboard
            tabIndex={0}
            className={`${code} mt-2`}
            data-testid="embed-snippet-queue"
          >
            <code>{queued}</code>
          </pre>
        </details>
        <p className="text-xs text-slate-500">
          Widget key <code className="rounded bg-slate-100 px-1 font-mono">{widgetKey}</code> — public, safe to embed.
        </p>
      </CardBody>
    </Card>
  );
}

function AllowedDomains({ projectId, settings }: { projectId: string; settings: ProjectSettings }) {
  const update = useUpdateSettings(projectId);
  const [text, setText] = useState(settings.allowedDomains.join('\n'));
  useEffect(() => setText(settings.allowedDomains.join('\n')), [settings.allowedDomains]);
  const parsed = parseDomains(text);
  const dirty = parsed.origins.join('\n') !== settings.allowedDomains.join('\n');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ allowedDomains: parsed.origins }, { onSuccess: () => toast.success('Allowed domains saved') });
  };
  return (
    <Card>
      <CardHeader
        title="Allowed domains"
        description="The widget only starts conversations on these origins. Leave empty to allow any (development only)."
      />
      <form onSubmit={submit}>
        <CardBody className="space-y-3">
          {settings.allowedDomains.length === 0 && (
            <Notice tone="warning">Any site can embed this widget until you list your domains.</Notice>
          )}
          <TextArea
            label="Origins, one per line"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={'https://www.example.com\nhttps://app.example.com'}
            error={parsed.invalid.length ? `Not an origin: ${parsed.invalid.join(', ')}` : undefined}
            className="[&_textarea]:font-mono"
          />
        </CardBody>
        <CardFooter>
          <FormError error={update.error} />
          <Button type="submit" busy={update.isPending} disabled={!dirty || parsed.invalid.length > 0}>
            Save domains
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
