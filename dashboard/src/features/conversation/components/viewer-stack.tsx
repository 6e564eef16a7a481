// The other agents looking at the same conversation: up to three avatars, every name on hover.
import { Avatar } from '../../../components/ui/avatar.tsx';

export function ViewerStack({ viewers }: { viewers: { id: string; name: string }[] }) {
  if (viewers.length === 0) return null;
  return (
    <div className="flex -space-x-1.5" title={`Also here: ${viewers.map((v) => v.name).join(', ')}`}>
      {viewers.slice(0, 3).map((v) => (
        <Avatar key={v.id} name={v.name} seed={v.id} size="sm" className="ring-2 ring-white" />
      ))}
    </div>
  );
}
