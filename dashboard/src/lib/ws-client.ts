// The dashboard's side of the shared real-time client (realtime-client/): its status vocabulary,
// re-exported for the screens that show it, and socket URLs on the API's origin.
import { apiOrigin, socketUrlOn } from './api-origin.ts';

export type { SocketStatus } from '../../../realtime-client/socket.ts';

/** ws(s):// URL on the API's origin (this page's, unless the build named another). */
export function socketUrl(path: string): string {
  return socketUrlOn(apiOrigin(), path);
}
