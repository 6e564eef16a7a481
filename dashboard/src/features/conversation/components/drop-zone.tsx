// The conversation column as a drop target for files: a dashed overlay while files are dragged
// over it, the files handed on when dropped.
import { type DragEvent, type ReactNode, useState } from 'react';
import { cn } from '../../../lib/cn.ts';

const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

export function DropZone({
  className,
  onFiles,
  children,
}: {
  className?: string;
  /** Undefined: nothing may be dropped (limits unknown, or none accepted). */
  onFiles?: (files: File[]) => void;
  children: ReactNode;
}) {
  const [over, setOver] = useState(false);
  if (!onFiles) return <div className={className}>{children}</div>;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a pointer shortcut; the file button does the same from the keyboard
    <div
      className={cn('relative', className)}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(false);
        onFiles(Array.from(e.dataTransfer.files));
      }}
    >
      {children}
      {over && (
        <div
          className="pointer-events-none absolute inset-2 z-20 grid place-items-center rounded-xl border-2 border-dashed border-brand-500 bg-brand-50/80 text-sm font-medium text-brand-800"
          data-testid="drop-overlay"
        >
          Drop files to send them
        </div>
      )}
    </div>
  );
}
