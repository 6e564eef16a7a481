// ProjectInbox: one Durable Object per project (agents' live inbox, presence).
import { DurableObject } from 'cloudflare:workers';

export class ProjectInbox extends DurableObject<Env> {}
