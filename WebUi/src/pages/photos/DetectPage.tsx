import { useState } from 'preact/hooks';
import { detect, type DetectedFace } from '../../api/client';
import { ErrorNote, Loading, Outlined, useAction } from '../../app/ui';
import { PhotoInput, usePhoto } from './PhotoInput';

/** Spec 7 "Photo processing: detect": the faces of a photo, boxes drawn, with gender, age and emotions. */
export function DetectPage() {
  const [file, url, setFile] = usePhoto();
  const [faces, setFaces] = useState<DetectedFace[]>();
  const { busy, error, run: act } = useAction();
  const run = (photo: File | undefined) => {
    setFile(photo);
    setFaces(undefined);
    return act(async () => { if (photo) setFaces((await detect(photo)).faces); });
  };
  return (
    <section>
      <h1>Detect</h1>
      <PhotoInput label="Photo" name="photo" onFile={run} />
      <ErrorNote error={error} />
      {busy && <Loading />}
      {url && file && (
        <div class="columns">
          <Outlined src={url} alt="The photo" boxes={(faces ?? []).map((f, i) => ({ ...f, label: String(i + 1) }))} />
          {faces && (
            <table aria-label="Faces found">
              <thead><tr><th>#</th><th>Gender</th><th>Age</th><th>Emotions</th><th>Box</th></tr></thead>
              <tbody>
                {faces.map((f, i) => (
                  <tr key={i}><td>{i + 1}</td><td>{f.gender ?? ''}</td><td>{f.age !== undefined ? Math.round(f.age) : ''}</td>
                    <td>{f.emotions?.join(', ') ?? ''}</td><td>{f.x1},{f.y1} – {f.x2},{f.y2}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          {faces?.length === 0 && <p>No face found.</p>}
        </div>
      )}
    </section>
  );
}
