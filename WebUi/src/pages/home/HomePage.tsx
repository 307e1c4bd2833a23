import { useEffect } from 'preact/hooks';
import { followEvents, listCameras, listPersons, searchHistory, shardStats } from '../../api/client';
import { ErrorNote, Loading, useApi } from '../../app/ui';

const refreshMs = 15000;
const hourMs = 3600_000;

/** Counts and the pipeline's health at a glance, refreshed as faces arrive (Grafana-like: dense and scannable). */
export function HomePage() {
  const counts = useApi(async () => {
    const hourAgo = new Date(Date.now() - hourMs).toISOString();
    const [stats, cameras, persons, events] = await Promise.all([
      shardStats(), listCameras(), listPersons(undefined, 1000), searchHistory({ start: hourAgo, limit: 1000 }),
    ]);
    const all = stats.galleries.find((g) => g.name === 'default');
    return {
      stats,
      faces: all ? all.cnt_linear + all.cnt_indexed : 0,
      galleries: stats.total,
      cameras: cameras.length,
      persons: `${persons.results.length}${persons.next_page ? '+' : ''}`,
      events: `${events.results.length}${events.next_page ? '+' : ''}`,
    };
  }, []);
  const { reload } = counts;
  useEffect(() => {
    const timer = setInterval(reload, refreshMs);
    let pending: number | undefined;
    // A burst of faces reloads the counts once.
    const stop = followEvents([], () => { clearTimeout(pending); pending = setTimeout(reload, 500); }, () => {});
    return () => { clearInterval(timer); clearTimeout(pending); stop(); };
  }, []);
  const value = counts.value;
  return (
    <section>
      <h1>Home</h1>
      <ErrorNote error={counts.error} />
      {!value ? <Loading /> : (
        <>
          <dl class="tiles" aria-label="Counts">
            <div><dt>Faces</dt><dd data-count="faces">{value.faces}</dd></div>
            <div><dt>Galleries</dt><dd data-count="galleries">{value.galleries}</dd></div>
            <div><dt>Persons</dt><dd data-count="persons">{value.persons}</dd></div>
            <div><dt>Cameras</dt><dd data-count="cameras">{value.cameras}</dd></div>
            <div><dt>Events, last hour</dt><dd data-count="events">{value.events}</dd></div>
          </dl>
          <h2>Index shards</h2>
          <table>
            <thead><tr><th>Shard</th><th>Status</th><th>Faces</th></tr></thead>
            <tbody>
              {value.stats.shards.map((shard) => (
                <tr key={shard.endpoint}>
                  <td>{shard.endpoint}</td>
                  <td><span class={`badge ${shard.status === 'up' ? 'ok' : 'bad'}`}>{shard.status}</span></td>
                  <td>{shard.faces ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">Face counts come from the index shards (/v1/stat); a shard that does not answer in time is down.</p>
        </>
      )}
    </section>
  );
}
