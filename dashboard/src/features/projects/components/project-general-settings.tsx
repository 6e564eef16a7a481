// Settings → General: the project's name and its identifiers.
import { type FormEvent, useEffect, useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody, CardFooter, CardHeader } from '../../../components/ui/card.tsx';
import { CopyButton } from '../../../components/ui/copy-button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { PageHeader } from '../../../components/ui/page.tsx';
import { FormError } from '../../../components/ui/states.tsx';
import { dateTime } from '../../../lib/format.ts';
import { toast } from '../../../stores/toast-store.ts';
import type { Project } from '../api/get-projects.ts';
import { useUpdateProject } from '../api/update-project.ts';

export function ProjectGeneralSettings({ project }: { project: Project }) {
  const update = useUpdateProject();
  const [name, setName] = useState(project.name);
  useEffect(() => setName(project.name), [project.name]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ projectId: project.id, name: name.trim() }, { onSuccess: () => toast.success('Project renamed') });
  };
  return (
    <div className="space-y-6">
      <PageHeader title="General" description="The project is your team's workspace: one inbox, one widget." />
      <Card>
        <CardHeader title="Project" />
        <form onSubmit={submit}>
          <CardBody className="space-y-4">
            <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
            <FormError error={update.error} />
          </CardBody>
          <CardFooter>
            <Button type="submit" busy={update.isPending} disabled={!name.trim() || name.trim() === project.name}>
              Save
            </Button>
          </CardFooter>
        </form>
      </Card>
      <Card>
        <CardHeader title="Identifiers" description="For the API and support requests." />
        <CardBody>
          <dl className="grid gap-4 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-slate-500">Project id</dt>
            <dd className="flex items-center gap-2">
              <code className="font-mono text-xs">{project.id}</code>
              <CopyButton value={project.id} />
            </dd>
            <dt className="text-slate-500">Widget key</dt>
            <dd className="flex items-center gap-2">
              <code className="font-mono text-xs">{project.widgetKey}</code>
              <CopyButton value={project.widgetKey} />
            </dd>
            <dt className="text-slate-500">Created</dt>
            <dd>{dateTime(project.createdAt)}</dd>
          </dl>
        </CardBody>
      </Card>
    </div>
  );
}
