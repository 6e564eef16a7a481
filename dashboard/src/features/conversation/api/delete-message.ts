// DELETE /api/projects/:projectId/conversations/:conversationId/messages/:messageId: the room's
// deletion over REST, for when the agent's socket is down (the socket's `delete` frame otherwise).
import { messageDeleted } from '../../../../../contract/rest/conversations.ts';
import { api } from '../../../lib/api-client.ts';

export const deleteMessage = (projectId: string, conversationId: string, messageId: string) =>
  api.request(`/api/projects/${projectId}/conversations/${conversationId}/messages/${messageId}`, messageDeleted, {
    method: 'DELETE',
  });
