// Client message ids: the idempotency key a send is retried with (DESIGN invariant 4).
export function newClientId(): string {
  return `d_${crypto.randomUUID()}`;
}
