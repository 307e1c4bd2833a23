import { useState } from 'preact/hooks';
import { createGallery, deleteGallery, galleryNamePattern, galleryNameRule, listGalleries, shardStats } from '../../api/client';
import { href } from '../../app/router';
import { ErrorNote, Field, Loading, useApi } from '../../app/ui';

/** Spec 7 "Galleries": the list with face counts, create, delete with confirmation. */
export function GalleriesPage() {
  const galleries = useApi(async () => {
    const [names, stats] = await Promise.all([listGalleries(), shardStats()]);
    const counts = new Map(stats.galleries.map((g) => [g.name, g.cnt_linear + g.cnt_indexed]));
    return names.map((name) => ({ name, faces: counts.get(name) ?? 0 }));
  }, []);
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>();
  const [deleteError, setDeleteError] = useState<{ name: string; error: unknown }>();
  const valid = galleryNamePattern.test(name);

  const create = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await createGallery(name);
      setName('');
      galleries.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const remove = async (gallery: string, faces: number) => {
    if (!confirm(`Delete gallery ${gallery} and its ${faces} faces? This cannot be undone.`)) return;
    setDeleteError(undefined);
    try {
      await deleteGallery(gallery);
      galleries.reload();
    } catch (failure) {
      setDeleteError({ name: gallery, error: failure });
    }
  };

  return (
    <section>
      <h1>Galleries</h1>
      <form class="inline" onSubmit={create}>
        <Field label="New gallery" hint={galleryNameRule}>
          <input name="gallery" value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={48}
            aria-invalid={name !== '' && !valid} />
        </Field>
        <button type="submit" disabled={!valid}>Create</button>
      </form>
      <ErrorNote error={error} />
      <ErrorNote error={galleries.error} />
      {galleries.value ? (
        <table>
          <thead><tr><th>Gallery</th><th>Faces</th><th /></tr></thead>
          <tbody>
            {galleries.value.map((g) => (
              <tr key={g.name} data-gallery={g.name}>
                <td><a href={href('faces', { gallery: g.name })}>{g.name}</a></td>
                <td>{g.faces}</td>
                <td>
                  {g.name !== 'default' && <button class="danger" onClick={() => remove(g.name, g.faces)}>Delete</button>}
                  {deleteError?.name === g.name && <ErrorNote error={deleteError.error} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : !galleries.error && <Loading />}
    </section>
  );
}
