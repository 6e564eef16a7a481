// /p/:projectId/contacts[/:contactId]: the Contacts page, or one contact with every conversation.
// Loaded on demand, like the settings screens.
import { ContactPage } from '../../features/contacts/components/contact-page.tsx';
import { ContactsList } from '../../features/contacts/components/contacts-list.tsx';
import type { ProjectContext } from '../layouts/project-layout.tsx';

export function ContactsRoute({ project, contactId }: ProjectContext & { contactId: string | null }) {
  return (
    <div className="scroll-thin h-full min-h-0 overflow-y-auto">
      <div className="mx-auto max-w-5xl px-4 py-5 md:px-8 md:py-8">
        {contactId ? (
          <ContactPage key={contactId} projectId={project.id} contactId={contactId} />
        ) : (
          <ContactsList projectId={project.id} />
        )}
      </div>
    </div>
  );
}
