// ConversationRoom: one Durable Object per conversation (sequencing, sockets, group commit).
import { DurableObject } from 'cloudflare:workers';

export class ConversationRoom extends DurableObject<Env> {}
