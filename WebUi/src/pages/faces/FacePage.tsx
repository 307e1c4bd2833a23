import { useEffect, useState } from 'preact/hooks';
import { deleteFace, getFace, listCameras, listGalleries, updateFace } from '../../api/client';
import { href, navigate } from '../../app/router';
import { ErrorNote, Field, Loading, Outlined, timeText, useApi } from '../../app/ui';

/** One face: its photo with the box, the normalized face, what is known of it; meta and galleries edited, or deleted. */
export function FacePage({ id }: { id: number }) {
  const face = useApi(() => getFace(id), [id]);
  const galleries = useApi(listGalleries, []);
  // Only a captured face needs the camera's name.
  const camera = useApi(async () => {
    const id = face.value?.cam_id;
    return id ? (await listCameras()).find((c) => c.id === id) : undefined;
  }, [face.value?.cam_id]);
  const [meta, setMeta] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (face.value) {
      setMeta(face.value.meta);
      setChosen(face.value.galleries.filter((g) => g !== 'default'));
    }
  }, [face.value]);

  if (face.error) return <ErrorNote error={face.error} />;
  const value = face.value;
  if (!value) return <Loading />;

  const save = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      await updateFace(id, { meta, galleries: { set: chosen } });
      setSaved(true);
      face.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const remove = async () => {
    if (!confirm(`Delete face ${id}? Its photo and images are deleted too.`)) return;
    try {
      await deleteFace(id);
      navigate('faces');
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section>
      <h1>Face {value.id}</h1>
      <div class="columns">
        <Outlined src={value.photo} alt={`Photo of face ${value.id}`} boxes={[value]} />
        <div>
          {value.normalized && <img class="normalized" src={value.normalized} alt="Normalized face" width={112} height={112} />}
          <dl class="facts">
            {value.cam_id ? (
              <>
                <dt>Camera</dt>
                <dd data-fact="camera"><a href={href('events', { cam: value.cam_id })}>{camera.value?.meta || value.cam_id}</a></dd>
                <dt>Captured</dt><dd data-fact="time">{timeText(value.timestamp)}</dd>
              </>
            ) : <><dt>Enrolled</dt><dd data-fact="time">{timeText(value.timestamp)}</dd></>}
            {value.gender && <><dt>Gender</dt><dd>{value.gender}</dd></>}
            {value.age !== undefined && <><dt>Age</dt><dd>{Math.round(value.age)}</dd></>}
            {value.emotions && <><dt>Emotions</dt><dd>{value.emotions.join(', ')}</dd></>}
            {value.person_id && <><dt>Person</dt><dd><a href={href(`person/${value.person_id}`)}>{value.person_id}</a></dd></>}
            {value.friend !== undefined && <><dt>Friend or foe</dt><dd>{value.friend ? 'friend' : 'foe'}</dd></>}
            <dt>Box</dt><dd>{value.x1}, {value.y1} – {value.x2}, {value.y2}</dd>
          </dl>
          <form onSubmit={save}>
            <Field label="Meta"><textarea name="meta" value={meta} onInput={(e) => setMeta(e.currentTarget.value)} /></Field>
            <fieldset>
              <legend>Galleries (every face is in default)</legend>
              {(galleries.value ?? []).filter((g) => g !== 'default').map((g) => (
                <label key={g} class="check">
                  <input type="checkbox" checked={chosen.includes(g)}
                    onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, g] : chosen.filter((c) => c !== g))} />
                  {g}
                </label>
              ))}
            </fieldset>
            <button type="submit">Save</button>
            <button type="button" class="danger" onClick={remove}>Delete face</button>
            {saved && <span class="ok" role="status"> Saved.</span>}
            <ErrorNote error={error} />
          </form>
        </div>
      </div>
    </section>
  );
}
