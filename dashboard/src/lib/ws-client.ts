// The dashboard's side of the shared real-time client (realtime-client/): its status vocabulary,
// re-exported for the screens that show it, and socket URLs on the dashboard's own origin.
export type { SocketStatus } from '../../../realtime-client/socket.ts';

/** ws(s):// URL on this origin. */
export function socketUrl(path: string): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${path}`;
}
