// Socket plumbing shared by both Durable Objects: sends that never throw, close codes that are
// legal to send back, and frame size checks done before any parsing.
export function safeSend(ws: Pick<WebSocket, 'send'>, frame: string): boolean {
  try {
    ws.send(frame);
    return true;
  } catch {
    // The socket is closing or gone; its close handler cleans up.
    return false;
  }
}

/**
 * The code to reciprocate a close with. 1005/1006/1015 are reserved (never sent on the wire) and
 * workerd throws on them, as on anything outside the ranges a peer may send.
 */
export function reciprocalCloseCode(code: number): number {
  if ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)) return code;
  return 1000;
}

export function reciprocateClose(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(reciprocalCloseCode(code), reason.slice(0, 120));
  } catch {
    // Already closed.
  }
}

const encoder = new TextEncoder();

/** Is this frame over `max` bytes (UTF-8)? Encodes only when the character count cannot tell. */
export function frameTooLarge(frame: string | ArrayBuffer, max: number): boolean {
  if (typeof frame !== 'string') return frame.byteLength > max;
  if (frame.length > max) return true;
  if (frame.length * 3 <= max) return false;
  return encoder.encode(frame).length > max;
}

/** A JSON header the Worker set on a forwarded upgrade; undefined when absent or malformed. */
export function jsonHeader(request: Request, name: string): unknown {
  const value = request.headers.get(name);
  if (value === null) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The HTTP error shape every Parley response uses, for upgrades a DO refuses. */
export function httpError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}
