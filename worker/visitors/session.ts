// Where a visitor session is created (POST /api/widget/session): the widget key names the project,
// the page's origin must be one it allows (origin.ts), a returning visitor's token (token.ts) and a
// host-signed identity (identity.ts) decide who the visitor is (resolve.ts), and a new visitor
// token names them.
import { and, desc, eq } from 'drizzle-orm';
import { type Availability, type BusinessHours, DEFAULT_BUSINESS_HOURS } from '../../contract/availability.ts';
import type { ConversationSummary } from '../../contract/frames.ts';
import type { WidgetSessionRequest, WidgetSessionResponse } from '../../contract/rest/widget.ts';
import { availabilityAt } from '../../core/availability/hours.ts';
import { toConversationSummary } from '../../core/conversations/summary.ts';
import type { Config } from '../../core/platform/config.ts';
import type { Db } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { decryptSecret } from '../../core/platform/secrets.ts';
import { conversations } from '../../drizzle/schema/conversations.ts';
import { projects } from '../../drizzle/schema/tenancy.ts';
import { expectedReplyOf } from '../availability/reply-time.ts';
import { linkContact } from '../contacts/link.ts';
import { inboxFor, roomFor } from '../conversations/rooms.ts';
import { loadSettings } from '../conversations/settings.ts';
import { visitorChanged } from '../conversations/visitor-changed.ts';
import { ApiError, forbidden } from '../errors.ts';
import { recordSessionContext } from './context.ts';
import { verifyIdentityHash } from './identity.ts';
import { visitorBlocked } from './middleware.ts';
import { originAllowed } from './origin.ts';
import { resolveVisitor } from './resolve.ts';
import { signVisitorToken, VISITOR_RENEWAL_WINDOW_SECONDS, verifyVisitorToken } from './token.ts';

/** What the session request says about the page it comes from. */
export interface SessionHeaders {
  origin: string | undefined;
  userAgent: string | undefined;
  referer: string | undefined;
  /** Parley's own origin: the hosted conversation page (worker/routes/email-pages.ts) runs there. */
  selfOrigin?: string;
}

export interface SessionDeps {
  db: Db;
  env: Env;
  config: Config;
  /** Keeps after-response work alive (the dashboards' push when the visitor changed). */
  waitUntil?: (p: Promise<unknown>) => void;
}

/** The visitor's 50 most recently active conversations. */
export async function recentConversations(
  db: Db,
  projectId: string,
  visitor: ConversationSummary['visitor'],
): Promise<ConversationSummary[]> {
  const rows = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.projectId, projectId), eq(conversations.visitorId, visitor.id)))
    .orderBy(desc(conversations.lastActivityAt))
    .limit(50);
  return rows.map((r) => toConversationSummary(r, visitor));
}

/**
 * Available or away now, from the project's inbox (which knows who is online), handing it the hours
 * as saved. Should the inbox not answer, the hours alone decide with nobody counted online: the
 * widget then offers to take an email, which is the safe side.
 */
async function availabilityNow(env: Env, projectId: string, hours: BusinessHours | null): Promise<Availability> {
  try {
    return await inboxFor(env, projectId).availabilityFor(hours);
  } catch (err) {
    log.error('availability unavailable', errorFields(err));
    return availabilityAt(hours ?? DEFAULT_BUSINESS_HOURS, 0, Date.now());
  }
}

/**
 * Starts a widget session: 404 `unknown_widget_key`, 403 `origin_not_allowed`, or the visitor
 * (returning, proven, or new), a fresh visitor token, the project's widget settings and the
 * visitor's conversations.
 */
export async function startVisitorSession(
  { db, env, config, waitUntil }: SessionDeps,
  input: WidgetSessionRequest,
  headers: SessionHeaders,
): Promise<WidgetSessionResponse> {
  const project = (await db.select().from(projects).where(eq(projects.widgetKey, input.widgetKey)).limit(1))[0];
  // An erased project's row waits only for its last webhook deliveries: it has no widget.
  if (!project || project.erasedAt) throw new ApiError(404, 'unknown_widget_key', 'No project has this widget key');
  const own = headers.selfOrigin !== undefined && headers.origin === headers.selfOrigin;
  if (!own && !originAllowed(headers.origin, project.allowedDomains, config.APP_ENV)) {
    throw forbidden('This site may not use the widget', 'origin_not_allowed');
  }
  const returning = input.visitorToken
    ? await verifyVisitorToken(config.AUTH_JWT_KEYS, input.visitorToken, VISITOR_RENEWAL_WINDOW_SECONDS)
    : null;
  let verified = false;
  if (input.identity && project.identitySecret) {
    const secret = await decryptSecret(
      config.ENCRYPTION_KEYS,
      project.identitySecret,
      `projects.identity_secret:${project.id}`,
    );
    verified = verifyIdentityHash(secret, input.identity.userId, input.identity.hash);
  }
  let moved: string[] = [];
  let renamed = false;
  const visitor = await resolveVisitor(db, {
    projectId: project.id,
    returningVisitorId: returning?.projectId === project.id ? returning.visitorId : null,
    identity: input.identity ?? null,
    verified,
    onMoved: (ids) => {
      moved = ids;
    },
    onRenamed: () => {
      renamed = true;
    },
  });
  // A proven identity raced into a blocked visitor: refused like the others.
  if (visitor.blockedAt) throw visitorBlocked();
  // Their contact: their identity's on any device, or their own once they left an email (worker/contacts/link.ts).
  if (visitor.verified || !visitor.contactId) await linkContact(db, visitor);
  // Rooms cache their conversation's visitor: those that changed hands reload it.
  await Promise.all(moved.map((id) => roomFor(env, id).reload({ id, projectId: project.id })));
  // Dashboards show the visitor's name and email: conversations that changed hands or a proven
  // identity that renamed its visitor are pushed to them (worker/conversations/visitor-changed.ts).
  if ((moved.length > 0 || renamed) && waitUntil) {
    await visitorChanged(db, env, { projectId: project.id, visitorId: visitor.id }, waitUntil);
  }
  // The visitor panel's "browser" and "page": what this request says, before any report from the widget.
  await recordSessionContext(db, { visitorId: visitor.id, projectId: project.id }, headers);
  const [{ token, expiresAt }, availability, expectedReply, settings] = await Promise.all([
    signVisitorToken(config.AUTH_JWT_KEYS, { visitorId: visitor.id, projectId: project.id }),
    availabilityNow(env, project.id, project.businessHours),
    expectedReplyOf(db, config, project.id, project.businessHours),
    // One read of the conversation settings: the attachment limits and the deletion window.
    loadSettings(db, project.id),
  ]);
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    visitor: { id: visitor.id, name: visitor.name, email: visitor.email, verified: visitor.verified },
    project: {
      id: project.id,
      name: project.name,
      widgetSettings: project.widgetSettings,
      requireVerifiedIdentity: project.requireVerifiedIdentity,
      availability,
      expectedReply,
      attachments: { maxBytes: settings.attachmentMaxBytes, types: settings.attachmentTypes },
      messageDeleteWindowMinutes: settings.messageDeleteWindowMinutes,
    },
    conversations: await recentConversations(db, project.id, visitor),
  };
}
