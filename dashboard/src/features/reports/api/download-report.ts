// GET /api/projects/:projectId/reports/export: the report as CSV, saved as a file. Not through
// api.request (it parses JSON): a plain fetch with a fresh token, then a link to the blob.
import { ApiError, api, buildUrl } from '../../../lib/api-client.ts';
import { apiUrl } from '../../../lib/api-origin.ts';
import type { ReportQuery } from './get-report.ts';

export async function downloadReport(projectId: string, q: ReportQuery): Promise<void> {
  const token = await api.getFreshAccessToken();
  if (!token) throw new ApiError(401, 'unauthorized', 'Please sign in');
  const res = await fetch(apiUrl(buildUrl(`/api/projects/${projectId}/reports/export`, { ...q })), {
    headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? 'The export failed');
  }
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `parley-report-${q.from}-${q.to}-${q.groupBy}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the blob to the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
