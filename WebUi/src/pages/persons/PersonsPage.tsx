import { useEffect, useState } from 'preact/hooks';
import { getFace, listCameras, listPersons, personHistory, searchHistory, type Person } from '../../api/client';
import { href } from '../../app/router';
import { ErrorNote, Field, Loading, Thumb, timeText, useApi } from '../../app/ui';

const pageSize = 20;
const filteredEvents = 1000;

interface Row extends Person { thumbnail?: string; lastSeen?: string; camera?: string; friend?: boolean }

// A person's id is its first face's id: that face gives the thumbnail; the newest history event gives when it was last seen.
async function describe(person: Person): Promise<Row> {
  const [face, history] = await Promise.all([getFace(person.id).catch(() => undefined), personHistory(person.id).catch(() => undefined)]);
  const last = history?.results[0];
  return { ...person, thumbnail: face?.thumbnail ?? last?.screenshot, lastSeen: last?.timestamp, camera: last?.cam_id };
}

/** Spec 8.2 persons: thumbnail, meta, last seen; paged; filtered by camera, meta and friend or foe. */
export function PersonsPage() {
  const cameras = useApi(listCameras, []);
  const [camera, setCamera] = useState('');
  const [friend, setFriend] = useState('');
  const [meta, setMeta] = useState('');
  const [rows, setRows] = useState<Row[]>();
  const [next, setNext] = useState<string | null>();
  const [error, setError] = useState<unknown>();

  const load = async (page?: string) => {
    setError(undefined);
    try {
      if (camera || friend) {
        // Filtered: the persons of the matching events, newest sighting first.
        const events = await searchHistory({ cam_ids: camera ? [camera] : undefined, friend: friend ? friend === 'friend' : undefined, limit: filteredEvents });
        const seen = new Map<number, Row>();
        for (const event of events.results)
          if (event.person_id && !seen.has(event.person_id))
            seen.set(event.person_id, { id: event.person_id, meta: event.meta, lastSeen: event.timestamp, camera: event.cam_id, friend: event.friend });
        const described = await Promise.all([...seen.values()].map(async (row) => ({ ...row, thumbnail: (await describe(row)).thumbnail })));
        setRows(described);
        setNext(undefined);
      } else {
        const result = await listPersons(page, pageSize);
        const described = await Promise.all(result.results.map(describe));
        setRows((previous) => (page ? [...(previous ?? []), ...described] : described));
        setNext(result.next_page);
      }
    } catch (failure) {
      setError(failure);
    }
  };
  useEffect(() => { setRows(undefined); void load(); }, [camera, friend]);

  const shown = (rows ?? []).filter((row) => !meta || row.meta.toLowerCase().includes(meta.toLowerCase()));
  return (
    <section>
      <h1>Persons</h1>
      <div class="inline">
        <Field label="Camera">
          <select name="camera" value={camera} onChange={(e) => setCamera(e.currentTarget.value)}>
            <option value="">any</option>
            {(cameras.value ?? []).map((c) => <option key={c.id} value={c.id}>{c.meta || c.id}</option>)}
          </select>
        </Field>
        <Field label="Friend or foe">
          <select name="friend" value={friend} onChange={(e) => setFriend(e.currentTarget.value)}>
            <option value="">any</option><option value="friend">friend</option><option value="foe">foe</option>
          </select>
        </Field>
        <Field label="Meta contains"><input name="meta" value={meta} onInput={(e) => setMeta(e.currentTarget.value)} /></Field>
      </div>
      <ErrorNote error={error ?? cameras.error} />
      {!rows ? !error && <Loading /> : (
        <table>
          <thead><tr><th /><th>Person</th><th>Meta</th><th>Last seen</th><th>Camera</th></tr></thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.id} data-person-id={row.id}>
                <td><Thumb src={row.thumbnail} alt={`Person ${row.id}`} /></td>
                <td><a href={href(`person/${row.id}`)}>{row.id}</a>{row.friend !== undefined && <span class={`badge ${row.friend ? 'ok' : 'bad'}`}>{row.friend ? 'friend' : 'foe'}</span>}</td>
                <td>{row.meta}</td>
                <td>{row.lastSeen ? timeText(row.lastSeen) : 'never on a camera'}</td>
                <td>{cameras.value?.find((c) => c.id === row.camera)?.meta || row.camera || ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows?.length === 0 && <p class="muted">No persons. Persons appear when dynamic person creation (Facenapi:PersonIdentify) is on.</p>}
      {next && <button onClick={() => load(next)}>More persons</button>}
    </section>
  );
}
