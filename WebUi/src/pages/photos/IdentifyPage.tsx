import { useState } from 'preact/hooks';
import { identify, listGalleries, thresholdPresets, type Box, type Match } from '../../api/client';
import { href } from '../../app/router';
import { boxKey, ErrorNote, Field, Loading, Outlined, Thumb, useAction, useApi } from '../../app/ui';
import { PhotoInput, usePhoto } from './PhotoInput';

const candidates = 5;
const area = (box: Box) => (box.x2 - box.x1) * (box.y2 - box.y1);

/** Spec 7 "Photo processing: identify": each face of a photo against a gallery, candidates with confidence. */
export function IdentifyPage() {
  const galleries = useApi(listGalleries, []);
  const [file, url, setFile] = usePhoto();
  const [gallery, setGallery] = useState('default');
  const [threshold, setThreshold] = useState<string>('low');
  const [results, setResults] = useState<[string, Match[]][]>();
  const { busy, error, run: act } = useAction();
  const run = (e: Event) => {
    e.preventDefault();
    setResults(undefined);
    return act(async () => {
      if (!file) return;
      const numeric = Number(threshold);
      const found = Object.entries(await identify(file, gallery, threshold !== '' && !isNaN(numeric) ? numeric : threshold as 'low', candidates));
      // The biggest face first: on a portrait, the person the photo is of.
      setResults(found.sort(([a], [b]) => area(boxKey(b)) - area(boxKey(a))));
    });
  };
  return (
    <section>
      <h1>Identify</h1>
      <form class="inline" onSubmit={run}>
        <PhotoInput label="Photo" name="photo" onFile={setFile} />
        <Field label="Gallery">
          <select name="gallery" value={gallery} onChange={(e) => setGallery(e.currentTarget.value)}>
            {(galleries.value ?? ['default']).map((g) => <option key={g}>{g}</option>)}
          </select>
        </Field>
        <Field label="Threshold" hint="A preset (strict: 1 false accept in 100,000; medium: 1 in 1,000; low: 1 in 10) or a confidence 0-1.">
          <input name="threshold" list="threshold-presets" value={threshold} onInput={(e) => setThreshold(e.currentTarget.value)} />
          <datalist id="threshold-presets">{thresholdPresets.map((p) => <option key={p} value={p} />)}</datalist>
        </Field>
        <button type="submit" disabled={!file || busy}>Identify</button>
      </form>
      <ErrorNote error={error ?? galleries.error} />
      {busy && <Loading />}
      {url && (
        <div class="columns">
          <Outlined src={url} alt="The photo" boxes={(results ?? []).map(([key], i) => ({ ...boxKey(key), label: String(i + 1) }))} />
          <div>
            {results?.length === 0 && <p>No face found.</p>}
            {results?.map(([key, matches], i) => (
              <div key={key} class="candidates" data-face={i + 1}>
                <h2>Face {i + 1}</h2>
                {matches.length === 0 ? <p>No match above the threshold.</p> : (
                  <ol aria-label={`Candidates for face ${i + 1}`}>
                    {matches.map((m) => (
                      <li key={m.face.id} data-face-id={m.face.id}>
                        <a href={href(`face/${m.face.id}`)}><Thumb src={m.face.thumbnail} alt={`Face ${m.face.id}`} /></a>
                        <span class="meta">{m.face.meta}</span>
                        <span class="confidence">{m.confidence.toFixed(3)}</span>
                      </li>
                    ))}
                  </ol>
                )}
              </div>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
