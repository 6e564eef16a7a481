// The Hono environment shared by every route: bindings plus per-request variables.
import type { Config } from '../core/platform/config.ts';
import type { Db } from '../core/platform/db.ts';

export interface AppEnv {
  Bindings: Env;
  Variables: {
    config: Config;
    /** Opens this request's Postgres connection on first use; closed when the response is done. */
    db: () => Promise<Db>;
  };
}
