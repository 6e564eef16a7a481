// Creates a project (for users who joined by invitation only, or who run several sites).
import { type FormEvent, useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { FormError } from '../../../components/ui/states.tsx';
import { useCreateProject } from '../api/create-project.ts';

export function NewProjectForm({ onCreated }: { onCreated: (projectId: string) => void }) {
  const create = useCreateProject();
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name.trim(), { onSuccess: (project) => onCreated(project.id) });
  };
  return (
    <form onSubmit={submit} className="space-y-5">
      <TextField
        label="Project name"
        placeholder="Acme Support"
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
        hint="Usually your company or the website the widget goes on."
      />
      <FormError error={create.error} />
      <Button type="submit" className="w-full" busy={create.isPending} disabled={!name.trim()}>
        Create project
      </Button>
    </form>
  );
}
