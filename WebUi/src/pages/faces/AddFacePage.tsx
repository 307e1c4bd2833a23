import { useEffect, useState } from 'preact/hooks';
import { detect, enroll, listGalleries, type DetectedFace, type MfSelector } from '../../api/client';
import { href } from '../../app/router';
import { ErrorNote, Field, Loading, Outlined, useAction, useApi } from '../../app/ui';

/** Enrolls faces of one photo: the faces found are drawn, and one may be picked; otherwise mf_selector decides. */
export function AddFacePage({ gallery }: { gallery: string }) {
  const galleries = useApi(listGalleries, []);
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<string>();
  const [found, setFound] = useState<DetectedFace[]>();
  const [picked, setPicked] = useState<number>();
  const [meta, setMeta] = useState('');
  const [target, setTarget] = useState(gallery);
  const [selector, setSelector] = useState<MfSelector>('biggest');
  const { busy, error, setError, run } = useAction();
  const [enrolled, setEnrolled] = useState<number[]>();

  useEffect(() => {
    if (!file) return;
    const url = URL.createObjectURL(file);
    setPreview(url);
    setFound(undefined);
    setPicked(undefined);
    setError(undefined);
    detect(file, false).then((r) => setFound(r.faces), setError);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const submit = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      if (!file) return;
      const faces = await enroll(file, {
        meta,
        galleries: target && target !== 'default' ? [target] : [],
        ...(picked !== undefined && found ? { bbox: [found[picked]] } : { mf_selector: selector }),
      });
      setEnrolled(faces.map((f) => f.id));
    });
  };

  return (
    <section>
      <h1>Add a face</h1>
      <form onSubmit={submit}>
        <Field label="Photo"><input name="photo" type="file" accept="image/*" onChange={(e) => setFile(e.currentTarget.files?.[0])} /></Field>
        {preview && (
          <>
            <Outlined src={preview} alt="The photo" onPick={setPicked}
              boxes={(found ?? []).map((f, i) => ({ ...f, label: String(i + 1), tone: i === picked ? 'pick' : 'face' }))} />
            {!found ? <Loading /> : (
              <p>{found.length} face{found.length === 1 ? '' : 's'} found.
                {found.length > 1 && ' Pick one, or let the multi-face selector choose: '}
                {found.length > 1 && found.map((_, i) => (
                  <button type="button" key={i} class={i === picked ? 'chosen' : ''} onClick={() => setPicked(i)}>Face {i + 1}</button>
                ))}
              </p>
            )}
          </>
        )}
        <Field label="Gallery">
          <select name="gallery" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            {(galleries.value ?? []).map((g) => <option key={g}>{g}</option>)}
          </select>
        </Field>
        <Field label="Meta"><input name="meta" value={meta} onInput={(e) => setMeta(e.currentTarget.value)} /></Field>
        <Field label="Multi-face selector" hint="When no face is picked: the biggest face, every face, or refuse a photo with several.">
          <select name="mf_selector" value={selector} onChange={(e) => setSelector(e.currentTarget.value as MfSelector)} disabled={picked !== undefined}>
            <option value="biggest">biggest</option><option value="all">all</option><option value="reject">reject</option>
          </select>
        </Field>
        <button type="submit" disabled={!file || busy}>{busy ? 'Enrolling…' : 'Enroll'}</button>
        <ErrorNote error={error} />
        {enrolled && (
          <p role="status" class="ok">Enrolled: {enrolled.map((id) => <a key={id} href={href(`face/${id}`)}>face {id} </a>)}</p>
        )}
      </form>
    </section>
  );
}
