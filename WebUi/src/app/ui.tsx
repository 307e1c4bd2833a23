import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Box } from '../api/client';

/** An API error where it happened: its reason, the parameter at fault for BAD_PARAM, and its code. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  return (
    <p class="error" role="alert">
      {api?.param && <strong>{api.param}: </strong>}
      {api ? api.reason : String((error as Error).message ?? error)}
      {api && <span class="code"> ({api.code})</span>}
    </p>
  );
}

export function Progress({ done, total, label }: { done: number; total: number; label?: string }) {
  return (
    <div class="progress">
      <progress max={Math.max(total, 1)} value={done} aria-label={label ?? 'Progress'} />
      <span>{done} / {total}</span>
    </div>
  );
}

export function Loading() {
  return <p class="muted" aria-busy="true">Loading…</p>;
}

/** Runs an API call when its inputs change; its value, error and a reload. */
export function useApi<T>(call: () => Promise<T>, inputs: unknown[]): { value?: T; error?: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ value?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    call().then(
      (value) => live && setState({ value, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => { live = false; };
  }, [...inputs, round]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}

export interface Outline extends Box { label?: string; tone?: 'face' | 'rot' | 'roi' | 'pick' }

/** An image with rectangles drawn over it in its own pixel coordinates (face boxes, camera regions). */
export function Outlined({ src, boxes, alt, onPick }: { src: string; boxes: Outline[]; alt: string; onPick?: (index: number) => void }) {
  const [size, setSize] = useState<{ w: number; h: number }>();
  return (
    <figure class="outlined">
      <img src={src} alt={alt} onLoad={(e) => { const img = e.currentTarget; setSize({ w: img.naturalWidth, h: img.naturalHeight }); }} />
      {size && (
        <svg viewBox={`0 0 ${size.w} ${size.h}`} preserveAspectRatio="none" aria-hidden={!onPick}>
          {boxes.map((b, i) => (
            <g key={i} class={`box ${b.tone ?? 'face'}`} onClick={onPick && (() => onPick(i))}>
              <rect x={b.x1} y={b.y1} width={b.x2 - b.x1} height={b.y2 - b.y1} vector-effect="non-scaling-stroke" />
              {b.label && <text x={b.x1} y={Math.max(b.y1 - 4, 12)} font-size={Math.max(size.w / 40, 12)}>{b.label}</text>}
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}

export function Thumb({ src, alt }: { src?: string; alt: string }) {
  return src ? <img class="thumb" src={src} alt={alt} loading="lazy" width={96} height={96} /> : <span class="thumb empty" aria-label={alt}>?</span>;
}

export function Field({ label, hint, children }: { label: string; hint?: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span>{label}</span>
      {children}
      {hint && <small class="muted">{hint}</small>}
    </label>
  );
}

/** When a face was seen, in the browser's time zone; the API's times are UTC without a zone. */
export function timeText(timestamp: string): string {
  return new Date(timestamp.endsWith('Z') ? timestamp : `${timestamp}Z`).toLocaleString();
}

export function boxKey(key: string): Box {
  const [x1, y1, x2, y2] = JSON.parse(key) as number[];
  return { x1, y1, x2, y2 };
}

/** One user action at a time: busy while it runs, and its error kept to be shown where it happened. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
