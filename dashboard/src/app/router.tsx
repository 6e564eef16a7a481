// The route table: which screen each URL shows, and who may see it (guests only, signed-in users
// only, or anyone). Settings and account screens load on demand to keep the first load small.
// A project's screens (inbox, reports, contacts, settings) draw inside one ProjectLayout, kept
// mounted while moving between them: the frame, its socket and its notifications stay put.
import { lazy, type ReactNode, Suspense } from 'react';
import { LoadingBlock } from '../components/ui/spinner.tsx';
import { paths } from '../config/paths.ts';
import { safeNext, useSession } from '../lib/auth.tsx';
import { matchPath, type Params } from '../lib/route-match.ts';
import { Redirect, useLocation } from '../lib/router.tsx';
import { type ProjectContext, ProjectLayout } from './layouts/project-layout.tsx';
import { HomeRoute, NotFoundRoute } from './routes/home-route.tsx';
import { InboxRoute } from './routes/inbox-route.tsx';

const AuthRoutes = {
  SignIn: lazy(() => import('./routes/auth-routes.tsx').then((m) => ({ default: m.SignInRoute }))),
  SignUp: lazy(() => import('./routes/auth-routes.tsx').then((m) => ({ default: m.SignUpRoute }))),
  ForgotPassword: lazy(() => import('./routes/auth-routes.tsx').then((m) => ({ default: m.ForgotPasswordRoute }))),
  ResetPassword: lazy(() => import('./routes/auth-routes.tsx').then((m) => ({ default: m.ResetPasswordRoute }))),
  VerifyEmail: lazy(() => import('./routes/auth-routes.tsx').then((m) => ({ default: m.VerifyEmailRoute }))),
  AcceptInvitation: lazy(() => import('./routes/auth-routes.tsx').then((m) => ({ default: m.AcceptInvitationRoute }))),
  NewProject: lazy(() => import('./routes/auth-routes.tsx').then((m) => ({ default: m.NewProjectRoute }))),
};
const SettingsRoute = lazy(() => import('./routes/settings-route.tsx').then((m) => ({ default: m.SettingsRoute })));
const ReportsRoute = lazy(() => import('./routes/reports-route.tsx').then((m) => ({ default: m.ReportsRoute })));
const ContactsRoute = lazy(() => import('./routes/contacts-route.tsx').then((m) => ({ default: m.ContactsRoute })));
const AccountRoute = lazy(() => import('./routes/account-route.tsx').then((m) => ({ default: m.AccountRoute })));

type Access = 'guest' | 'user' | 'any';

interface PageRoute {
  path: string;
  access: Access;
  render: (params: Params, signedIn: boolean) => ReactNode;
}

/** A screen of the project in `:projectId`, for signed-in users, titled in the tab. */
interface ProjectRoute {
  path: `/p/:projectId/${string}`;
  access: 'user';
  title: string;
  screen: (params: Params, context: ProjectContext) => ReactNode;
}

type Route = PageRoute | ProjectRoute;

const routes: Route[] = [
  { path: '/sign-in', access: 'guest', render: () => <AuthRoutes.SignIn /> },
  // Where the API's OAuth callback sends failures and 2FA challenges.
  { path: '/login', access: 'guest', render: () => <AuthRoutes.SignIn /> },
  { path: '/sign-up', access: 'guest', render: () => <AuthRoutes.SignUp /> },
  { path: '/forgot-password', access: 'guest', render: () => <AuthRoutes.ForgotPassword /> },
  { path: '/reset-password', access: 'any', render: () => <AuthRoutes.ResetPassword /> },
  { path: '/verify-email', access: 'any', render: () => <AuthRoutes.VerifyEmail /> },
  {
    path: '/accept-invitation',
    access: 'any',
    render: (_params, signedIn) => <AuthRoutes.AcceptInvitation signedIn={signedIn} />,
  },
  { path: '/projects/new', access: 'user', render: () => <AuthRoutes.NewProject /> },
  {
    path: '/p/:projectId/inbox/:conversationId?',
    access: 'user',
    title: 'Inbox',
    screen: (p, context) => <InboxRoute {...context} conversationId={p.conversationId ?? null} />,
  },
  {
    path: '/p/:projectId/reports',
    access: 'user',
    title: 'Reports',
    screen: (_p, context) => <ReportsRoute {...context} />,
  },
  {
    path: '/p/:projectId/contacts/:contactId?',
    access: 'user',
    title: 'Contacts',
    screen: (p, context) => <ContactsRoute {...context} contactId={p.contactId ?? null} />,
  },
  {
    path: '/p/:projectId/settings/:section?',
    access: 'user',
    title: 'Settings',
    screen: (p, context) => <SettingsRoute {...context} section={p.section ?? null} />,
  },
  { path: '/p/:projectId', access: 'user', render: (p) => <Redirect to={paths.inbox(p.projectId ?? '')} /> },
  { path: '/account/:section?', access: 'user', render: (p) => <AccountRoute section={p.section ?? null} /> },
  { path: '/', access: 'user', render: () => <HomeRoute /> },
];

export function resolveRoute(pathname: string): { route: Route; params: Params } | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

export function AppRouter() {
  const location = useLocation();
  const session = useSession();
  if (session === 'restoring') return <LoadingBlock className="h-full" label="Signing you in…" />;
  const signedIn = session === 'signed-in';
  const match = resolveRoute(location.pathname);
  if (!match) return <NotFoundRoute />;
  const { route, params } = match;
  if (route.access === 'user' && !signedIn) {
    return <Redirect to={paths.signIn(`${location.pathname}${location.search}${location.hash}`)} />;
  }
  if (route.access === 'guest' && signedIn) {
    return <Redirect to={safeNext(new URLSearchParams(location.search).get('next'))} />;
  }
  if ('render' in route) {
    return <Suspense fallback={<LoadingBlock className="h-full" />}>{route.render(params, signedIn)}</Suspense>;
  }
  // The same element type at the same place for every project route, so React keeps the layout
  // and swaps only the screen; the screen's own Suspense keeps the frame up while its code loads.
  return (
    <ProjectLayout projectId={params.projectId ?? ''} title={route.title}>
      {(context) => <Suspense fallback={<LoadingBlock className="h-full" />}>{route.screen(params, context)}</Suspense>}
    </ProjectLayout>
  );
}
