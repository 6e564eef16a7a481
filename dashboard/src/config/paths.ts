// Every URL of the dashboard in one place, so links and redirects never drift from the route table.

/** The id of the widget settings' installation card, the target of paths.widgetInstall. */
export const WIDGET_INSTALL_ANCHOR = 'install';

export const paths = {
  home: '/',
  signIn: (next?: string) => (next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'),
  signUp: '/sign-up',
  forgotPassword: '/forgot-password',
  resetPassword: '/reset-password',
  acceptInvitation: '/accept-invitation',
  verifyEmail: '/verify-email',
  newProject: '/projects/new',
  inbox: (projectId: string) => `/p/${projectId}/inbox`,
  conversation: (projectId: string, conversationId: string) => `/p/${projectId}/inbox/${conversationId}`,
  reports: (projectId: string) => `/p/${projectId}/reports`,
  contacts: (projectId: string) => `/p/${projectId}/contacts`,
  contact: (projectId: string, contactId: string) => `/p/${projectId}/contacts/${contactId}`,
  settings: (projectId: string, section: SettingsSection = 'general') => `/p/${projectId}/settings/${section}`,
  /** The widget's settings opened at the embed snippet (WidgetSettingsPage scrolls to it). */
  widgetInstall: (projectId: string) => `/p/${projectId}/settings/widget#${WIDGET_INSTALL_ANCHOR}`,
  account: (section: AccountSection = 'profile') => `/account/${section}`,
} as const;

export const SETTINGS_SECTIONS = [
  'general',
  'members',
  'security',
  'widget',
  'business-hours',
  'attachments',
  'canned-responses',
  'labels',
  'attributes',
  'webhooks',
  'api-tokens',
  'audit-log',
  'data',
] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/** What an Agent may open; everything else is for Managers. */
export const AGENT_SETTINGS_SECTIONS: readonly SettingsSection[] = ['canned-responses', 'labels', 'attributes'];

export const ACCOUNT_SECTIONS = ['profile', 'security', 'sessions', 'notifications'] as const;
export type AccountSection = (typeof ACCOUNT_SECTIONS)[number];
