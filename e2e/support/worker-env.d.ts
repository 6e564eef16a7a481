// The Node-side TypeScript program (root tsconfig) type-checks the Worker modules the e2e helpers
// import (signAccessToken → core/platform/config.ts), which name the Worker's `Env`. The Worker's own
// program uses the generated worker-configuration.d.ts; here any bindings object will do.
interface Env {
  [binding: string]: unknown;
}
