// POST /api/projects/:projectId/conversations/:id/attachments as multipart/form-data, over
// XMLHttpRequest because fetch cannot report upload progress: the file, its clientId (the send's
// idempotency key) and `private` for a note. The message itself arrives through the room.
import { ApiError, api, CSRF_HEADER } from '../../../lib/api-client.ts';
import { API_ORIGIN, apiUrl } from '../../../lib/api-origin.ts';

export interface UploadRequest {
  done: Promise<void>;
  abort(): void;
}

export class UploadCancelled extends Error {}

export function uploadAttachment(
  input: { projectId: string; conversationId: string; file: File; clientId: string; private: boolean },
  onProgress: (fraction: number) => void,
): UploadRequest {
  const xhr = new XMLHttpRequest();
  let cancelled = false;
  const done = (async () => {
    const token = await api.getFreshAccessToken();
    if (!token) throw new ApiError(401, 'unauthorized', 'Please sign in');
    if (cancelled) throw new UploadCancelled();
    const form = new FormData();
    form.set('file', input.file, input.file.name || 'file');
    form.set('clientId', input.clientId);
    if (input.private) form.set('private', 'true');
    const path = `/api/projects/${input.projectId}/conversations/${input.conversationId}/attachments`;
    await new Promise<void>((resolve, reject) => {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) return resolve();
        let error: { code?: string; message?: string } | undefined;
        try {
          error = (JSON.parse(xhr.responseText) as { error?: typeof error }).error;
        } catch {
          // Not JSON: the status says enough.
        }
        reject(new ApiError(xhr.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${xhr.status}`));
      };
      xhr.onerror = () => reject(new ApiError(0, 'network', 'The connection failed'));
      xhr.onabort = () => reject(new UploadCancelled());
      xhr.open('POST', apiUrl(path));
      xhr.withCredentials = API_ORIGIN !== null;
      xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.setRequestHeader(CSRF_HEADER, '1');
      xhr.send(form);
    });
  })();
  return {
    done,
    abort: () => {
      cancelled = true;
      xhr.abort();
    },
  };
}
