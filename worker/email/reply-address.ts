// The per-conversation reply address (`reply+<signed token>@<inbound domain>`) that outgoing email
// carries as Reply-To. Placeholder: the inbound-email work (issue 13, item 4 "Replies by email")
// replaces this file with the real signer; until then there is no reply address and emails carry none.

/** The Reply-To for emails about `conversationId`, or undefined when replies by email are not set up. */
export async function replyAddressFor(
  _env: Env,
  _projectId: string,
  _conversationId: string,
): Promise<string | undefined> {
  return undefined;
}
