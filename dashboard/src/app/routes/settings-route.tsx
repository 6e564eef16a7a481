// /p/:projectId/settings/:section: the settings sub-navigation and the chosen section. Managers
// see every section; Agents only what an Agent may (canned responses read-only, labels) — the API
// refuses the rest anyway, this keeps the screens honest about it.
import type { ReactNode } from 'react';
import { buttonClasses } from '../../components/ui/button.tsx';
import {
  ChatBubbleIcon,
  ClockIcon,
  FileTextIcon,
  KeyIcon,
  LinkIcon,
  LockIcon,
  PaperclipIcon,
  SettingsIcon,
  ShieldCheckIcon,
  SlidersIcon,
  TagIcon,
  UsersIcon,
  ZapIcon,
} from '../../components/ui/icons.tsx';
import { EmptyState } from '../../components/ui/states.tsx';
import { AGENT_SETTINGS_SECTIONS, paths, SETTINGS_SECTIONS, type SettingsSection } from '../../config/paths.ts';
import { ApiTokensSettings } from '../../features/api-tokens/components/api-tokens-settings.tsx';
import { AuditLog } from '../../features/audit-log/components/audit-log.tsx';
import { BusinessHoursSettings } from '../../features/business-hours/components/business-hours-settings.tsx';
import { CannedResponsesSettings } from '../../features/canned-responses/components/canned-responses-settings.tsx';
import { AttributesSettings } from '../../features/contacts/components/attributes-settings.tsx';
import { UnseenReplyEmailCard } from '../../features/email/components/unseen-reply-email-card.tsx';
import { LabelsSettings } from '../../features/labels/components/labels-settings.tsx';
import { MembersSettings } from '../../features/members/components/members-settings.tsx';
import { DataSettings } from '../../features/privacy/components/data-settings.tsx';
import { AttachmentSettings } from '../../features/project-settings/components/attachment-settings.tsx';
import { SecuritySettings } from '../../features/project-settings/components/security-settings.tsx';
import { WidgetSettingsPage } from '../../features/project-settings/components/widget-settings.tsx';
import { ProjectGeneralSettings } from '../../features/projects/components/project-general-settings.tsx';
import { WebhooksSettings } from '../../features/webhooks/components/webhooks-settings.tsx';
import { Link, Redirect } from '../../lib/router.tsx';
import type { ProjectContext } from '../layouts/project-layout.tsx';
import { SectionLayout } from '../layouts/section-layout.tsx';

const SECTIONS: Record<SettingsSection, { label: string; icon: ReactNode }> = {
  general: { label: 'General', icon: <SettingsIcon size={16} /> },
  members: { label: 'Members', icon: <UsersIcon size={16} /> },
  security: { label: 'Security', icon: <ShieldCheckIcon size={16} /> },
  widget: { label: 'Widget', icon: <ChatBubbleIcon size={16} /> },
  'business-hours': { label: 'Business hours', icon: <ClockIcon size={16} /> },
  attachments: { label: 'Attachments', icon: <PaperclipIcon size={16} /> },
  'canned-responses': { label: 'Canned responses', icon: <ZapIcon size={16} /> },
  labels: { label: 'Labels', icon: <TagIcon size={16} /> },
  attributes: { label: 'Attributes', icon: <SlidersIcon size={16} /> },
  webhooks: { label: 'Webhooks', icon: <LinkIcon size={16} /> },
  'api-tokens': { label: 'API tokens', icon: <KeyIcon size={16} /> },
  'audit-log': { label: 'Audit log', icon: <FileTextIcon size={16} /> },
  data: { label: 'Data & privacy', icon: <LockIcon size={16} /> },
};

function isSection(value: string | null): value is SettingsSection {
  return value !== null && (SETTINGS_SECTIONS as readonly string[]).includes(value);
}

export function SettingsRoute({ project, me, section }: ProjectContext & { section: string | null }) {
  const manager = project.role === 'manager';
  const allowed = manager ? SETTINGS_SECTIONS : AGENT_SETTINGS_SECTIONS;
  if (!isSection(section)) return <Redirect to={paths.settings(project.id, allowed[0])} />;
  const permitted = allowed.includes(section);

  let content: ReactNode;
  if (!permitted) {
    content = (
      <EmptyState
        icon={<LockIcon />}
        title="Only Managers can open this"
        description="Ask a Manager of this project if something here needs to change."
        action={
          <Link to={paths.inbox(project.id)} className={buttonClasses('secondary')}>
            Back to the inbox
          </Link>
        }
        className="rounded-xl bg-white ring-1 ring-slate-200"
      />
    );
  } else {
    switch (section) {
      case 'general':
        content = (
          <div className="space-y-6">
            <ProjectGeneralSettings project={project} />
            <UnseenReplyEmailCard projectId={project.id} />
          </div>
        );
        break;
      case 'members':
        content = <MembersSettings projectId={project.id} meId={me.id} />;
        break;
      case 'security':
        content = <SecuritySettings projectId={project.id} />;
        break;
      case 'widget':
        content = <WidgetSettingsPage projectId={project.id} widgetKey={project.widgetKey} />;
        break;
      case 'business-hours':
        content = <BusinessHoursSettings projectId={project.id} />;
        break;
      case 'attachments':
        content = <AttachmentSettings projectId={project.id} />;
        break;
      case 'canned-responses':
        content = <CannedResponsesSettings projectId={project.id} canManage={manager} />;
        break;
      case 'labels':
        content = <LabelsSettings projectId={project.id} manager={manager} />;
        break;
      case 'attributes':
        content = <AttributesSettings projectId={project.id} manager={manager} />;
        break;
      case 'webhooks':
        content = <WebhooksSettings projectId={project.id} />;
        break;
      case 'api-tokens':
        content = <ApiTokensSettings projectId={project.id} />;
        break;
      case 'audit-log':
        content = <AuditLog projectId={project.id} />;
        break;
      case 'data':
        content = <DataSettings projectId={project.id} projectName={project.name} />;
        break;
    }
  }

  return (
    <SectionLayout
      title="Settings"
      sections={allowed}
      current={section}
      about={SECTIONS}
      pathOf={(s) => paths.settings(project.id, s)}
      navTestId="settings-nav"
    >
      {content}
    </SectionLayout>
  );
}
