// The visitor panel's Attributes section: the values of the visitor's contact (set by the site's
// `Parley('update', …)`, REST or an agent), editable here, and a link to the contact's page.
import type { Contact } from '../../../../../contract/rest/contacts.ts';
import { paths } from '../../../config/paths.ts';
import { Link } from '../../../lib/router.tsx';
import { useSetVisitorAttributes } from '../api/set-visitor-attributes.ts';
import { AttributeEditor } from './attribute-editor.tsx';

export function VisitorAttributes({
  projectId,
  visitorId,
  contact,
}: {
  projectId: string;
  visitorId: string;
  contact: Contact | null;
}) {
  const set = useSetVisitorAttributes(projectId, visitorId);
  return (
    <div className="py-4" data-testid="visitor-attributes">
      <div className="mb-2 flex items-center justify-between">
        <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Attributes</p>
        {contact && (
          <Link
            to={paths.contact(projectId, contact.id)}
            className="text-xs font-medium text-brand-700 hover:underline"
          >
            Contact page
          </Link>
        )}
      </div>
      <AttributeEditor
        projectId={projectId}
        values={contact?.attributes ?? {}}
        saving={set.isPending}
        error={set.error}
        onSave={(attributes, done) => set.mutate(attributes, { onSuccess: done })}
      />
    </div>
  );
}
