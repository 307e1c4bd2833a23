import { listCameras } from '../../api/client';
import { href } from '../../app/router';
import { ErrorNote, Loading, useApi } from '../../app/ui';

/** Spec 7 "Video processing": the cameras fkvideo_detector reads (spec 9.4). */
export function CamerasPage() {
  const cameras = useApi(listCameras, []);
  return (
    <section>
      <h1>Cameras</h1>
      <p><a class="button" href={href('camera/new')}>Add a camera</a> <a href={href('events')}>Live events of every camera</a></p>
      <ErrorNote error={cameras.error} />
      {!cameras.value ? !cameras.error && <Loading /> : (
        <table>
          <thead><tr><th>Camera</th><th>Stream</th><th>Detector</th><th>Regions</th><th /></tr></thead>
          <tbody>
            {cameras.value.map((c) => (
              <tr key={c.id} data-camera-id={c.id}>
                <td><a href={href(`camera/${c.id}`)}>{c.meta || c.id}</a></td>
                <td class="wrap">{c.url}</td>
                <td>{c.detector}</td>
                <td>{[c.rot && 'rot', c.roi && 'roi'].filter(Boolean).join(', ')}</td>
                <td><a href={href('events', { cam: c.id })}>Live events</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cameras.value?.length === 0 && <p class="muted">No cameras yet.</p>}
    </section>
  );
}
