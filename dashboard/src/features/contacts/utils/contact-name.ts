// How a contact is named on screen: their name, else their email, else a short id.
export function contactName(contact: { id: string; name: string | null; email: string | null }): string {
  return contact.name?.trim() || contact.email || `Contact ${contact.id.slice(0, 4)}`;
}
