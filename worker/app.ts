// The Hono application and the URL map: one sub-app per resource, mounted at its base path (the
// paths inside each route file are relative to it), and the single error handler.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { handleError, handleNotFound } from './errors.ts';
import { validationHook } from './lib/openapi.ts';
import { requestContext } from './middleware/context.ts';
import { dashboardCors } from './middleware/dashboard-cors.ts';
import { requestLog } from './middleware/request-log.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { tokenRoutes } from './routes/api-tokens.ts';
import { attachments } from './routes/attachments.ts';
import { auditRoutes } from './routes/audit.ts';
import { auth } from './routes/auth.ts';
import { businessHoursRoutes } from './routes/business-hours.ts';
import { cannedResponseRoutes } from './routes/canned-responses.ts';
import { contactAttributeRoutes } from './routes/contact-attributes.ts';
import { contactRoutes } from './routes/contacts.ts';
import { conversationLabelRoutes } from './routes/conversation-labels.ts';
import { conversationPriorityRoutes } from './routes/conversation-priority.ts';
import { conversationSettingsRoutes } from './routes/conversation-settings.ts';
import { conversations } from './routes/conversations.ts';
import { conversationBulkRoutes } from './routes/conversations-bulk.ts';
import { devDemo } from './routes/dev-demo.ts';
import { devMail } from './routes/dev-mail.ts';
import { emailPages } from './routes/email-pages.ts';
import { exportDownloads } from './routes/exports.ts';
import { failedEventRoutes } from './routes/failed-events.ts';
import { health } from './routes/health.ts';
import { invitationTokens } from './routes/invitation-tokens.ts';
import { projectInvitations } from './routes/invitations.ts';
import { labelRoutes } from './routes/labels.ts';
import { me } from './routes/me.ts';
import { members, team } from './routes/members.ts';
import { mfa } from './routes/mfa.ts';
import { oauth } from './routes/oauth.ts';
import { serveOpenApi } from './routes/openapi.ts';
import { privacy } from './routes/privacy.ts';
import { projectRoutes } from './routes/projects.ts';
import { ratingPages } from './routes/rating-pages.ts';
import { realtime } from './routes/realtime.ts';
import { reauthenticate } from './routes/reauthenticate.ts';
import { reportRoutes } from './routes/reports.ts';
import { settings } from './routes/settings.ts';
import { visitorRoutes } from './routes/visitors.ts';
import { webhooks } from './routes/webhooks.ts';
import { widget } from './routes/widget.ts';
import { widgetAssets } from './routes/widget-assets.ts';
import { widgetContext } from './routes/widget-context.ts';
import { widgetConversations } from './routes/widget-conversations.ts';
import { widgetTranscripts } from './routes/widget-transcripts.ts';
import { widgetVisitor } from './routes/widget-visitor.ts';

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(handleError);
  app.notFound(handleNotFound);
  // First: everything after it, security headers included, runs inside the request's log context.
  app.use('*', requestLog());
  app.use(securityHeaders());
  // A dashboard hosted on Pages (DASHBOARD_ORIGIN) calls the API, and locally the mail sink, cross-origin.
  app.use('/api/*', dashboardCors());
  app.use('/dev/mail', dashboardCors());

  // Outside /api: health, the widget's static files, local-only pages.
  app.route('/', health);
  app.route('/', widgetAssets);
  app.route('/', devDemo);
  app.route('/dev/mail', devMail);

  app.use('/api/*', requestContext());
  // The pages notification emails link to: the hosted conversation, the unsubscribe, the rating links.
  app.use('/c/*', requestContext());
  app.use('/email/*', requestContext());
  app.use('/rate/*', requestContext());
  app.route('/', emailPages);
  app.route('/rate', ratingPages);

  // Accounts: sign-in and sessions, two-factor, OAuth, the signed-in user, invitation links.
  app.route('/api/auth', auth);
  app.route('/api/auth/2fa', mfa);
  app.route('/api/auth/oauth', oauth);
  app.route('/api/auth/reauthenticate', reauthenticate);
  app.route('/api/me', me);
  app.route('/api/invitations', invitationTokens);

  // Projects and what their Managers administer.
  app.route('/api/projects', projectRoutes);
  app.route('/api/projects/:projectId', settings); // /settings and /identity-secret
  app.route('/api/projects/:projectId/members', members);
  app.route('/api/projects/:projectId/team', team);
  app.route('/api/projects/:projectId/invitations', projectInvitations);
  app.route('/api/projects/:projectId/tokens', tokenRoutes);
  app.route('/api/projects/:projectId/audit', auditRoutes);
  app.route('/api/projects/:projectId/canned-responses', cannedResponseRoutes);
  app.route('/api/projects/:projectId/webhooks', webhooks);
  app.route('/api/projects/:projectId/events/failed', failedEventRoutes);
  // Erasure and export of a visitor, a conversation or the whole project; the exports' downloads.
  app.route('/api/projects/:projectId', privacy);
  app.route('/api/exports', exportDownloads);

  // Conversations, visitors and the widget.
  // /api/widget first: its CORS covers every /api/widget/* route mounted after it.
  app.route('/api/widget', widget);
  app.route('/api/widget/conversations', widgetConversations);
  app.route('/api/widget/conversations', widgetTranscripts);
  app.route('/api/widget/visitor', widgetVisitor);
  app.route('/ws', realtime);
  app.route('/api/attachments', attachments);
  app.route('/api/projects/:projectId/conversations', conversations);
  app.route('/api/projects/:projectId/conversations', conversationLabelRoutes);
  app.route('/api/projects/:projectId/conversations', conversationBulkRoutes);
  app.route('/api/projects/:projectId/conversations', conversationPriorityRoutes);
  app.route('/api/projects/:projectId/labels', labelRoutes);
  app.route('/api/projects/:projectId/conversation-settings', conversationSettingsRoutes);
  app.route('/api/projects/:projectId/business-hours', businessHoursRoutes);
  app.route('/api/projects/:projectId/reports', reportRoutes);
  app.route('/api/projects/:projectId/visitors', visitorRoutes);
  app.route('/api/projects/:projectId/contacts', contactRoutes);
  app.route('/api/projects/:projectId/contact-attributes', contactAttributeRoutes);
  app.route('/api/widget/context', widgetContext);
  serveOpenApi(app);
  return app;
}
