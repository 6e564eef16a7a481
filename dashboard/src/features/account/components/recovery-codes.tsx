// Shows freshly issued recovery codes once, with copy and download.
import { Button } from '../../../components/ui/button.tsx';
import { CopyButton } from '../../../components/ui/copy-button.tsx';
import { Notice } from '../../../components/ui/states.tsx';

export function RecoveryCodes({ codes }: { codes: string[] }) {
  const text = codes.join('\n');
  const download = () => {
    const url = URL.createObjectURL(new Blob([`Parley recovery codes\n\n${text}\n`], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'parley-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="space-y-4">
      <Notice tone="warning" title="Save these recovery codes now">
        Each one signs you in once if you lose your phone. They are not shown again.
      </Notice>
      <ul
        className="grid grid-cols-2 gap-2 rounded-lg bg-slate-50 p-4 font-mono text-sm ring-1 ring-slate-200"
        data-testid="recovery-codes"
      >
        {codes.map((code) => (
          <li key={code} className="text-center text-slate-800">
            {code}
          </li>
        ))}
      </ul>
      <div className="flex gap-2">
        <CopyButton value={text} label="Copy codes" />
        <Button variant="secondary" size="sm" onClick={download}>
          Download
        </Button>
      </div>
    </div>
  );
}
