// Away mode's inline ask: one email field (validated, skippable) so the team can answer by email
// when nobody is there. Saving records it as the visitor's unverified claim (POST /api/widget/visitor).
import { useState } from 'preact/hooks';
import type { Dictionary } from '../i18n.ts';

interface Props {
  t(key: keyof Dictionary): string;
  onSave(email: string): Promise<void>;
  onSkip(): void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function EmailAsk({ t, onSave, onSkip }: Props) {
  const [email, setEmail] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="email-ask"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const value = email.trim();
        if (!EMAIL.test(value)) {
          setError(t('invalidEmail'));
          return;
        }
        setBusy(true);
        setError('');
        onSave(value).catch(() => {
          setBusy(false);
          setError(t('invalidEmail'));
        });
      }}
    >
      <label for="parley-email-ask">{t('emailAsk')}</label>
      <div class="email-row">
        <input
          id="parley-email-ask"
          type="email"
          value={email}
          autocomplete="email"
          placeholder={t('email')}
          aria-invalid={Boolean(error)}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <button type="submit" class="primary" disabled={busy}>
          {t('emailSave')}
        </button>
      </div>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="button" class="link" onClick={onSkip}>
        {t('notNow')}
      </button>
    </form>
  );
}
