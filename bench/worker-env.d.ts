// core/platform/config.ts names the Worker's generated `Env` type (worker/worker-configuration.d.ts, which
// only the Worker's tsconfig loads). The bench imports token signing from worker/auth, which pulls
// in config.ts's types; it never reads an Env itself, so a placeholder is enough here.
interface Env {
  readonly benchHasNoBindings?: never;
}
