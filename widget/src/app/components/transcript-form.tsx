// "Email me the transcript" (the header's menu): asks for an email when the visitor has given
// none, then tells them when it will come — sent by Parley once the conversation is resolved.
import { useState } from 'preact/hooks';
import type { Dictionary } from '../i18n.ts';

interface Props {
  t(key: keyof Dictionary, vars?: Record<string, string | number>): string;
  /** The visitor's email when known: no field to fill. */
  email: string | null;
  onSubmit(email: string | undefined): Promise<{ email: string; status: 'pending' | 'sent' }>;
  onDone(): void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function TranscriptForm({ t, email, onSubmit, onDone }: Props) {
  const [value, setValue] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  if (done) {
    return (
      <div class="prechat transcript" role="status">
        <p>{done}</p>
        <button type="button" class="primary" onClick={onDone}>
          {t('ok')}
        </button>
      </div>
    );
  }
  return (
    <form
      class="prechat transcript"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const given = email ? undefined : value.trim();
        if (given !== undefined && !EMAIL.test(given)) {
          setError(t('invalidEmail'));
          return;
        }
        setBusy(true);
        setError('');
        onSubmit(given)
          .then((r) => setDone(t(r.status === 'sent' ? 'transcriptSent' : 'transcriptRequested', { email: r.email })))
          .catch(() => {
            setBusy(false);
            setError(t('transcriptFailed'));
          });
      }}
    >
      <p>{t('transcriptIntro')}</p>
      {email ? null : (
        <label>
          {t('email')}
          <input
            type="email"
            required
            value={value}
            autocomplete="email"
            aria-invalid={Boolean(error)}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </label>
      )}
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="row">
        <button type="button" class="secondary" onClick={onDone}>
          {t('cancel')}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {t('transcriptSend')}
        </button>
      </div>
    </form>
  );
}
