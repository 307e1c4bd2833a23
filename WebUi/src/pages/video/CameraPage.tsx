import { useEffect, useState } from 'preact/hooks';
import { createCamera, deleteCamera, listCameras, searchHistory, updateCamera, type Region } from '../../api/client';
import { navigate } from '../../app/router';
import { ErrorNote, Field, Loading, Outlined, useApi, type Outline } from '../../app/ui';

// [W, H, X, Y] as text "W, H, X, Y"; empty is none.
const regionText = (region?: Region) => (region ? region.join(', ') : '');
function parseRegion(text: string): Region | null | undefined {
  if (!text.trim()) return null;
  const numbers = text.split(/[\s,]+/).filter(Boolean).map(Number);
  return numbers.length === 4 && numbers.every((n) => Number.isInteger(n) && n >= 0) ? (numbers as Region) : undefined;
}
const outline = (region: Region, tone: 'rot' | 'roi'): Outline =>
  ({ x1: region[2], y1: region[3], x2: region[2] + region[0], y2: region[3] + region[1], label: tone, tone });

/** Adds or changes a camera; rot and roi are drawn on the camera's latest captured frame when it has one. */
export function CameraPage({ id }: { id: string }) {
  const isNew = id === 'new';
  const camera = useApi(async () => (isNew ? undefined : (await listCameras()).find((c) => c.id === id)), [id]);
  const frame = useApi(async () => (isNew ? undefined : (await searchHistory({ cam_ids: [id], limit: 1 })).results[0]?.photo), [id]);
  const [fields, setFields] = useState({ meta: '', url: '', detector: '', rot: '', roi: '' });
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    const c = camera.value;
    if (c) setFields({ meta: c.meta ?? '', url: c.url ?? '', detector: c.detector ?? '', rot: regionText(c.rot), roi: regionText(c.roi) });
  }, [camera.value]);

  if (!isNew && camera.loading) return <Loading />;
  if (!isNew && !camera.value) return <ErrorNote error={camera.error ?? new Error(`There is no camera ${id}.`)} />;
  const rot = parseRegion(fields.rot);
  const roi = parseRegion(fields.roi);
  const set = (name: keyof typeof fields) => (e: { currentTarget: HTMLInputElement }) => setFields({ ...fields, [name]: e.currentTarget.value });

  const save = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      const body = { meta: fields.meta, url: fields.url, detector: fields.detector, rot, roi };
      const result = isNew ? await createCamera(body) : await updateCamera(id, body);
      setSaved(true);
      if (isNew) navigate(`camera/${result.id}`);
    } catch (failure) {
      setError(failure);
    }
  };
  const remove = async () => {
    if (!confirm('Delete this camera? Its history stays.')) return;
    try {
      await deleteCamera(id);
      navigate('cameras');
    } catch (failure) {
      setError(failure);
    }
  };
  const regionHint = 'W, H, X, Y in pixels of the frame; empty for none.';
  return (
    <section>
      <h1>{isNew ? 'Add a camera' : `Camera ${fields.meta || id}`}</h1>
      <div class="columns">
        <form onSubmit={save}>
          <Field label="Meta"><input name="meta" value={fields.meta} onInput={set('meta')} /></Field>
          <Field label="Stream URL" hint="rtsp://, http(s)://, udp://, tcp://, /dev/videoN or file@FPS:/absolute/path">
            <input name="url" value={fields.url} onInput={set('url')} />
          </Field>
          <Field label="Detector" hint="fkvideo_detector's --detector-name"><input name="detector" value={fields.detector} onInput={set('detector')} /></Field>
          <Field label="rot (region of tracking)" hint={regionHint}>
            <input name="rot" value={fields.rot} onInput={set('rot')} aria-invalid={rot === undefined} />
          </Field>
          <Field label="roi (region of interest)" hint={regionHint}>
            <input name="roi" value={fields.roi} onInput={set('roi')} aria-invalid={roi === undefined} />
          </Field>
          <button type="submit" disabled={rot === undefined || roi === undefined}>{isNew ? 'Add' : 'Save'}</button>
          {!isNew && <button type="button" class="danger" onClick={remove}>Delete camera</button>}
          {saved && <span class="ok" role="status"> Saved.</span>}
          <ErrorNote error={error} />
        </form>
        {frame.value ? (
          <Outlined src={frame.value} alt="The camera's latest captured frame"
            boxes={[...(rot ? [outline(rot, 'rot')] : []), ...(roi ? [outline(roi, 'roi')] : [])]} />
        ) : !isNew && <p class="muted">No frame captured yet: the regions are drawn on the camera's latest frame once it has one.</p>}
      </div>
    </section>
  );
}
