// Attachments from the agent's composer: each file is checked against the project's limits before
// anything is sent (refused with the reason), then uploaded with progress and a cancel, as a reply
// or as a private note (the composer's mode). The message arrives through the room like any other.
import { refusal } from '../../../../../contract/attachment-check.ts';
import type { AttachmentLimits } from '../../../../../contract/rest/conversation-settings.ts';
import { errorMessage } from '../../../lib/api-client.ts';
import { useAttachmentLimits } from '../api/get-attachment-limits.ts';
import { UploadCancelled, uploadAttachment } from '../api/upload-attachment.ts';
import { useComposerStore } from '../stores/composer-store.ts';
import { type UploadItem, useUploadStore } from '../stores/upload-store.ts';

const EMPTY: UploadItem[] = [];

export interface Uploads {
  /** Null until the project's limits are known (then files are accepted). */
  limits: AttachmentLimits | null;
  items: UploadItem[];
  add: (files: File[]) => void;
  dismiss: (id: string) => void;
}

export function refusalText(file: File, limits: AttachmentLimits): string | null {
  const refused = refusal(file, limits);
  if (!refused) return null;
  if (limits.types.length === 0) return `“${file.name}” can’t be sent: this project accepts no attachments.`;
  return refused.reason === 'too_large'
    ? `“${file.name}” is ${refused.size}: files can be up to ${refused.max} in this project.`
    : `“${file.name}” can’t be sent: this project accepts ${refused.types}.`;
}

export function useUploads(projectId: string, conversationId: string): Uploads {
  const limits = useAttachmentLimits(projectId).data ?? null;
  const items = useUploadStore((s) => s.items[conversationId] ?? EMPTY);
  const { put, patch, remove } = useUploadStore.getState();

  const add = (files: File[]) => {
    if (!limits) return;
    const note = useComposerStore.getState().modes[conversationId] === 'note';
    for (const file of files) {
      const id = crypto.randomUUID();
      const name = file.name || 'file';
      const refused = refusalText(file, limits);
      if (refused) {
        put(conversationId, { id, name, progress: 0, error: refused });
        continue;
      }
      const request = uploadAttachment({ projectId, conversationId, file, clientId: id, private: note }, (progress) =>
        patch(conversationId, id, { progress }),
      );
      put(conversationId, { id, name, progress: 0, abort: request.abort });
      request.done.then(
        () => remove(conversationId, id),
        (error: unknown) => {
          if (error instanceof UploadCancelled) remove(conversationId, id);
          else patch(conversationId, id, { error: `“${name}” was not sent: ${errorMessage(error)}`, abort: undefined });
        },
      );
    }
  };

  return { limits, items, add, dismiss: (id) => remove(conversationId, id) };
}
