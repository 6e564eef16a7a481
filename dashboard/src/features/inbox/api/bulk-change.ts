// POST /api/projects/:projectId/conversations/bulk: one change (status, assignee, labels) to the
// selected conversations. The answer's conversations go into every cached list as live pushes do;
// the selection keeps only the ones that failed, and one toast says how it went.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type BulkChange, bulkResult } from '../../../../../contract/rest/conversations.ts';
import { api, errorMessage } from '../../../lib/api-client.ts';
import { toast } from '../../../stores/toast-store.ts';
import { useSelectionStore } from '../stores/selection-store.ts';
import { applyBulkResult } from '../utils/apply-bulk-result.ts';
import { type BulkNames, summarizeBulk } from '../utils/bulk-summary.ts';

export const bulkChange = (projectId: string, change: BulkChange) =>
  api.request(`/api/projects/${projectId}/conversations/bulk`, bulkResult, { method: 'POST', body: change });

export function useBulkChange(projectId: string, meId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ change }: { change: BulkChange; names?: BulkNames }) => bulkChange(projectId, change),
    onSuccess: (result, { change, names }) => {
      applyBulkResult(queryClient, projectId, meId, result);
      const summary = summarizeBulk(change.action, result, names);
      useSelectionStore.getState().keep(summary.failedIds);
      if (summary.tone === 'success') toast.success(summary.message);
      else toast.error(summary.message);
    },
    // Refused whole (a conversation, assignee or label not the project's): nothing changed, the
    // selection stays for another try.
    onError: (error) => toast.error(errorMessage(error)),
  });
}
