// Form controls with their label, hint and error: text inputs, text areas and selects.
import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';
import { cn } from '../../lib/cn.ts';

export const inputClasses =
  'block w-full rounded-lg border-0 bg-white px-3 py-2 text-base text-slate-900 shadow-sm md:text-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 disabled:bg-slate-50 disabled:text-slate-500';

interface FieldShellProps {
  label?: ReactNode;
  hint?: ReactNode;
  error?: string | null | undefined;
  id: string;
  children: ReactNode;
  className?: string | undefined;
  trailing?: ReactNode;
}

function FieldShell({ label, hint, error, id, children, className, trailing }: FieldShellProps) {
  return (
    <div className={className}>
      {(label || trailing) && (
        <div className="mb-1.5 flex items-center justify-between">
          {label && (
            <label htmlFor={id} className="block text-sm font-medium text-slate-700">
              {label}
            </label>
          )}
          {trailing}
        </div>
      )}
      {children}
      {error ? (
        <p className="mt-1.5 text-xs text-red-600" id={`${id}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p className="mt-1.5 text-xs text-slate-500">{hint}</p>
      ) : null}
    </div>
  );
}

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label?: ReactNode;
  hint?: ReactNode;
  error?: string | null | undefined;
  trailing?: ReactNode;
}

export function TextField({ label, hint, error, className, trailing, id, ...rest }: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <FieldShell label={label} hint={hint} error={error} id={inputId} className={className} trailing={trailing}>
      <input
        id={inputId}
        className={cn(inputClasses, error && 'ring-red-400 focus:ring-red-500')}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${inputId}-error` : undefined}
        {...rest}
      />
    </FieldShell>
  );
}

interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label?: ReactNode;
  hint?: ReactNode;
  error?: string | null | undefined;
}

export function TextArea({ label, hint, error, className, id, ...rest }: TextAreaProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <FieldShell label={label} hint={hint} error={error} id={inputId} className={className}>
      <textarea id={inputId} className={cn(inputClasses, 'min-h-20', error && 'ring-red-400')} {...rest} />
    </FieldShell>
  );
}

interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label?: ReactNode;
  hint?: ReactNode;
  error?: string | null | undefined;
}

export function Select({ label, hint, error, className, id, children, ...rest }: SelectProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <FieldShell label={label} hint={hint} error={error} id={inputId} className={className}>
      <select id={inputId} className={cn(inputClasses, 'pr-8')} {...rest}>
        {children}
      </select>
    </FieldShell>
  );
}
