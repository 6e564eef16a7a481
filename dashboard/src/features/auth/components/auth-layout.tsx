// The frame of every signed-out screen: the form on the right, Parley's pitch on the left.
import type { ReactNode } from 'react';

export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="flex min-h-full">
      <aside className="relative hidden w-[44%] max-w-xl flex-col justify-between overflow-hidden bg-gradient-to-br from-brand-700 via-brand-600 to-violet-600 p-10 text-white lg:flex">
        <div className="flex items-center gap-2.5 text-lg font-semibold">
          <Logo />
          Parley
        </div>
        <div className="relative z-10">
          <p className="text-3xl leading-tight font-semibold tracking-tight">
            Every conversation with your customers, answered in real time.
          </p>
          <p className="mt-4 max-w-md text-brand-100">
            A shared inbox for your support team, a widget your visitors love, and the controls a Manager needs.
          </p>
          <div className="mt-10 max-w-sm space-y-3" aria-hidden="true">
            <div className="w-fit max-w-[85%] rounded-2xl rounded-bl-sm bg-white/15 px-4 py-2.5 text-sm backdrop-blur">
              Hi! My order hasn’t arrived yet — can you check?
            </div>
            <div className="ml-auto w-fit max-w-[85%] rounded-2xl rounded-br-sm bg-white px-4 py-2.5 text-sm text-slate-800 shadow-lg">
              Of course — it left our warehouse this morning and arrives tomorrow.
            </div>
            <div className="flex items-center gap-1.5 text-xs text-brand-100">
              <span className="size-1.5 rounded-full bg-emerald-300" /> Answered in 42 seconds
            </div>
          </div>
        </div>
        <p className="text-xs text-brand-200">Runs at the edge · Postgres-backed · your data stays yours</p>
        <div className="pointer-events-none absolute -right-24 -bottom-24 size-96 rounded-full bg-white/10 blur-3xl" />
      </aside>
      <main className="flex flex-1 items-center justify-center px-6 py-12">
        <div className="w-full max-w-sm">
          <div className="mb-8 flex items-center gap-2 text-lg font-semibold text-slate-900 lg:hidden">
            <Logo className="text-brand-600" />
            Parley
          </div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
          {subtitle && <p className="mt-2 text-sm text-slate-500">{subtitle}</p>}
          <div className="mt-8">{children}</div>
          {footer && <div className="mt-8 text-center text-sm text-slate-500">{footer}</div>}
        </div>
      </main>
    </div>
  );
}

export function Logo({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={`size-8 ${className ?? ''}`} aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="currentColor" fillOpacity="0.18" />
      <path
        d="M9 10.5A2.5 2.5 0 0 1 11.5 8h9A2.5 2.5 0 0 1 23 10.5v7a2.5 2.5 0 0 1-2.5 2.5H15l-4.2 3.4c-.5.4-1.3 0-1.3-.6V20A2.5 2.5 0 0 1 9 17.5z"
        fill="currentColor"
      />
    </svg>
  );
}
