// One conversation's real-time client, the same for the visitor's widget and the agent's
// dashboard: the reconnecting socket resumes from the owner's last seq on every (re)connect and
// counts as open once the room has replayed what was missed (`resumed`); then every unacknowledged
// message goes out again under its clientId (outgoing.ts), so a retry never duplicates. Typing is
// throttled (typing.ts). Every frame is passed on to the owner, who keeps the conversation's state.
import type { RoomClientFrame, RoomServerFrame } from '../contract/frames.ts';
import { Outgoing, type OutgoingDeps } from './outgoing.ts';
import { ReconnectingSocket, type SocketOptions, type SocketStatus } from './socket.ts';
import { TypingReporter } from './typing.ts';

export interface RoomClientOptions
  extends Omit<SocketOptions<RoomServerFrame, RoomClientFrame>, 'onOpen' | 'ready' | 'ping'>,
    Pick<OutgoingDeps, 'pending'> {
  /** Where a resume starts: every seq up to it is held. */
  resumeFrom(): number;
  /** A message of ours the room refused (`message` is its explanation) or never acknowledged (`timeout`). */
  onFailed(clientId: string, code: string, message?: string): void;
  /** Test seam for the typing throttle. */
  now?: () => number;
}

export class RoomClient {
  private readonly socket: ReconnectingSocket<RoomServerFrame, RoomClientFrame>;
  private readonly outgoing: Outgoing;
  private readonly typist: TypingReporter;

  constructor(options: RoomClientOptions) {
    this.socket = new ReconnectingSocket<RoomServerFrame, RoomClientFrame>({
      ...options,
      ping: { type: 'ping' },
      onOpen: (send) => send({ type: 'resume', lastSeq: options.resumeFrom() }),
      ready: (frame) => frame.type === 'resumed',
      onFrame: (frame) => {
        this.track(frame);
        options.onFrame(frame);
      },
    });
    const send = (frame: RoomClientFrame) => this.socket.send(frame);
    this.outgoing = new Outgoing({
      pending: () => options.pending(),
      failed: (clientId, code, message) => options.onFailed(clientId, code, message),
      send,
    });
    this.typist = new TypingReporter(
      (on, isPrivate) => send(isPrivate ? { type: 'typing', on, private: true } : { type: 'typing', on }),
      options.now,
    );
  }

  get status(): SocketStatus {
    return this.socket.status;
  }

  start(): void {
    this.socket.start();
  }

  stop(): void {
    this.socket.stop();
    this.outgoing.clear();
    this.typist.stop();
  }

  /** Sends a pending message (the owner added it first) now if the room is live, else after the resume. */
  send(clientId: string): void {
    this.outgoing.send(clientId);
  }

  /** Asks the room to delete a message; false when the socket is not live (nothing was sent). */
  delete(messageId: string): boolean {
    return this.socket.send({ type: 'delete', messageId });
  }

  /** Rates the conversation's current resolution (visitors); false when the socket is not live. */
  rate(rating: number, comment?: string): boolean {
    return this.socket.send(comment === undefined ? { type: 'rate', rating } : { type: 'rate', rating, comment });
  }

  /** Tells the room what was read; false when the socket is not live (say it again later). */
  read(seq: number): boolean {
    return this.socket.send({ type: 'read', seq });
  }

  /** Called on every keystroke (on) and on send or clear (off); throttled here. */
  typing(on: boolean, isPrivate = false): void {
    this.typist.update(on, isPrivate);
  }

  private track(frame: RoomServerFrame): void {
    switch (frame.type) {
      case 'resumed':
        this.outgoing.flush();
        return;
      case 'ack':
        this.outgoing.acknowledged(frame.clientId);
        return;
      case 'message':
        // Its broadcast may come first (or alone, in a resume's replay): committed all the same.
        if (frame.message.clientId) this.outgoing.acknowledged(frame.message.clientId);
        return;
      case 'error':
        if (frame.clientId) this.outgoing.refused(frame.clientId, frame.code, frame.message, frame.retryAfterMs);
        return;
      default:
        return;
    }
  }
}
