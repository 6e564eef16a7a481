// Extends zod with `.openapi()` before a test module creates any schema: zod 4 copies methods onto
// each schema when it is created, so contract schemas that a test imports (through drizzle/schema)
// before the Worker loads would otherwise lack it. The Worker entry imports it first in production.
import '@hono/zod-openapi';
