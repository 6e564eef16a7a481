// One upload as multipart/form-data over XMLHttpRequest (fetch cannot report upload progress):
// progress as a fraction, abort() to cancel, and the server's {error:{code,message}} on refusal.

export interface UploadResult {
  ok: boolean;
  /** The server's message when it refused the file (limits, type), else empty. */
  message: string;
  aborted: boolean;
}

export interface UploadRequest {
  done: Promise<UploadResult>;
  abort(): void;
}

export function sendFile(
  url: string,
  token: string,
  file: File,
  clientId: string,
  onProgress: (fraction: number) => void,
): UploadRequest {
  const xhr = new XMLHttpRequest();
  const form = new FormData();
  form.set('file', file, file.name || 'file');
  form.set('clientId', clientId);
  const done = new Promise<UploadResult>((resolve) => {
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let message = '';
      try {
        message = (JSON.parse(xhr.responseText) as { error?: { message?: string } }).error?.message ?? '';
      } catch {
        // Not JSON: a proxy's page; the status says enough.
      }
      const ok = xhr.status >= 200 && xhr.status < 300;
      resolve({ ok, message: ok ? '' : message || `HTTP ${xhr.status}`, aborted: false });
    };
    xhr.onerror = () => resolve({ ok: false, message: '', aborted: false });
    xhr.onabort = () => resolve({ ok: false, message: '', aborted: true });
  });
  xhr.open('POST', url);
  xhr.setRequestHeader('authorization', `Bearer ${token}`);
  xhr.send(form);
  return { done, abort: () => xhr.abort() };
}
