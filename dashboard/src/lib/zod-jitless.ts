// Imported first by main.tsx, before any zod schema exists (zod decides at creation): no compiled
// parsers, since zod's probe for them (`new Function`) is a violation report under the dashboard's
// CSP, which allows no eval (worker/middleware/security-headers.ts).
import { config } from 'zod';

config({ jitless: true });
