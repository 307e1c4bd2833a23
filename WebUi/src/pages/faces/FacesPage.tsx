import { useEffect, useState } from 'preact/hooks';
import { listFaces, listGalleries, type Face } from '../../api/client';
import { href, navigate } from '../../app/router';
import { ErrorNote, Field, Loading, Thumb, useApi } from '../../app/ui';

const pageSize = 60;

/** Spec 7 "Faces": a gallery's faces as a grid of lazy thumbnails, newest first, paged by next_page, filtered by meta. */
export function FacesPage({ gallery, meta }: { gallery: string; meta: string }) {
  const galleries = useApi(listGalleries, []);
  const [faces, setFaces] = useState<Face[]>([]);
  const [next, setNext] = useState<string | null>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const [metaInput, setMetaInput] = useState(meta);

  const load = async (page?: string) => {
    setLoading(true);
    setError(undefined);
    try {
      const result = await listFaces({ gallery, meta, page, limit: pageSize });
      setFaces((previous) => (page ? [...previous, ...result.results] : result.results));
      setNext(result.next_page);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => { setFaces([]); setMetaInput(meta); void load(); }, [gallery, meta]);

  return (
    <section>
      <h1>Faces</h1>
      <form class="inline" onSubmit={(e) => { e.preventDefault(); navigate('faces', { gallery, meta: metaInput }); }}>
        <Field label="Gallery">
          <select name="gallery" value={gallery} onChange={(e) => navigate('faces', { gallery: e.currentTarget.value, meta })}>
            {(galleries.value ?? [gallery]).map((name) => <option key={name}>{name}</option>)}
          </select>
        </Field>
        <Field label="Meta (exactly)">
          <input name="meta" value={metaInput} onInput={(e) => setMetaInput(e.currentTarget.value)} />
        </Field>
        <button type="submit">Filter</button>
        <a class="button" href={href('face/new', { gallery })}>Add a face</a>
      </form>
      <ErrorNote error={galleries.error} />
      <ul class="grid" aria-label="Faces">
        {faces.map((face) => (
          <li key={face.id} data-face-id={face.id}>
            <a href={href(`face/${face.id}`)}>
              <Thumb src={face.thumbnail} alt={`Face ${face.id}`} />
              <span class="meta">{face.meta || '(no meta)'}</span>
            </a>
          </li>
        ))}
      </ul>
      <ErrorNote error={error} />
      {loading ? <Loading /> : faces.length === 0 && !error && <p class="muted">No faces here yet.</p>}
      {next && !loading && <button onClick={() => load(next)}>More faces</button>}
    </section>
  );
}
