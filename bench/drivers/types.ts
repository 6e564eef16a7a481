// One interface over both targets, so every scenario runs the same code against Parley and the
// baseline: connect a visitor or an agent to a conversation, send, receive, close.

export type TargetName = 'parley' | 'baseline';

/** Someone in a conversation, with the credential the target's socket needs. */
export interface Participant {
  role: 'visitor' | 'agent';
  /** Visitor id or agent (user) id. */
  id: string;
  conversationId: string;
  token: string;
}

export interface Delivery {
  conversationId: string;
  seq: number;
  clientId: string | null;
  authorId: string | null;
}

export interface AckInfo {
  clientId: string;
  seq: number;
}

export interface ErrorInfo {
  code: string;
  message: string;
  clientId?: string;
  retryAfterMs?: number;
}

/** Called with `performance.now()` taken as the frame arrived. */
export interface ConnectionHandlers {
  onMessage?(delivery: Delivery, at: number): void;
  onAck?(ack: AckInfo, at: number): void;
  onError?(error: ErrorInfo, at: number): void;
  /** The socket closed without close() being called. */
  onDrop?(): void;
}

export interface Connection {
  readonly participant: Participant;
  /** Highest committed seq the server announced when the socket was accepted. */
  readonly welcomeSeq: number;
  send(clientId: string, body: string): void;
  close(): void;
}

export interface ConnectOptions {
  /** Resume after this seq (replay of missed messages, then live ones). */
  lastSeq?: number;
  timeoutMs?: number;
}

export interface Driver {
  readonly target: TargetName;
  connect(participant: Participant, handlers: ConnectionHandlers, opts?: ConnectOptions): Promise<Connection>;
}

/** A conversation made for a scenario: one visitor and its agents. */
export interface ProvisionedConversation {
  conversationId: string;
  visitor: Participant;
  agents: Participant[];
}

/** Target-specific set-up (tenants, conversations, credentials), outside any timed window. */
export interface Provisioner {
  conversations(count: number, agentsPerConversation: number): Promise<ProvisionedConversation[]>;
}

export class ConnectError extends Error {}
