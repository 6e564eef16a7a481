// The optional form before the first message (when the project asks for it): name and email.
import { useState } from 'preact/hooks';
import type { Dictionary } from '../i18n.ts';

interface Props {
  t(key: keyof Dictionary): string;
  onSubmit(name: string, email: string): Promise<void>;
  firstRef: { current: HTMLInputElement | null };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function PreChatForm({ t, onSubmit, firstRef }: Props) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="prechat"
      // Our own validation: a translated message in an alert rather than the browser's bubble.
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!EMAIL.test(email.trim())) {
          setError(t('invalidEmail'));
          return;
        }
        setBusy(true);
        setError('');
        onSubmit(name.trim(), email.trim()).catch(() => {
          setBusy(false);
          setError(t('loadError'));
        });
      }}
    >
      <p>{t('preChatIntro')}</p>
      <label>
        {t('name')}
        <input ref={firstRef} value={name} autocomplete="name" onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {t('email')}
        <input
          type="email"
          required
          value={email}
          autocomplete="email"
          aria-invalid={Boolean(error)}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </label>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" class="primary" disabled={busy}>
        {t('start')}
      </button>
    </form>
  );
}
