import { useState } from 'preact/hooks';
import { session } from '../../api/client';
import { ErrorNote, Field, useAction } from '../../app/ui';

/** Spec 7: the token (long or short) opens the UI for this browser session. */
export function LoginPage({ onLogin }: { onLogin: () => void }) {
  const [token, setToken] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      await session.login(token.trim());
      onLogin();
    });
  };
  return (
    <main class="login">
      <h1>Facepipe</h1>
      <form onSubmit={submit}>
        <Field label="Token" hint="Made on the server with: scripts/run.sh token (or --short)">
          <input name="token" type="password" autocomplete="current-password" required value={token}
            onInput={(e) => setToken(e.currentTarget.value)} autofocus />
        </Field>
        <button type="submit" disabled={busy || !token.trim()}>Log in</button>
        <ErrorNote error={error} />
      </form>
    </main>
  );
}
