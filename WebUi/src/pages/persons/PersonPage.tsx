import { useEffect, useState } from 'preact/hooks';
import { getPerson, listCameras, personHistory, type PersonEvent } from '../../api/client';
import { href } from '../../app/router';
import { ErrorNote, Loading, Thumb, timeText, useApi } from '../../app/ui';

/** A person and their history across cameras, newest first (spec 8.2.4 /person/history). */
export function PersonPage({ id }: { id: number }) {
  const person = useApi(() => getPerson(id), [id]);
  const cameras = useApi(listCameras, []);
  const [events, setEvents] = useState<PersonEvent[]>();
  const [next, setNext] = useState<string | null>();
  const [error, setError] = useState<unknown>();
  const load = async (page?: string) => {
    try {
      const result = await personHistory(id, page);
      setEvents((previous) => (page ? [...(previous ?? []), ...result.results] : result.results));
      setNext(result.next_page);
    } catch (failure) {
      setError(failure);
    }
  };
  useEffect(() => { void load(); }, [id]);
  return (
    <section>
      <h1>Person {id}</h1>
      <ErrorNote error={person.error ?? error} />
      {person.value && <p>Meta: <b>{person.value.meta || '(none)'}</b> · <a href={href(`face/${id}`)}>first face</a></p>}
      <h2>History</h2>
      {!events ? !error && <Loading /> : events.length === 0 ? <p class="muted">No camera has seen this person.</p> : (
        <ol class="timeline" aria-label="History">
          {events.map((event) => (
            <li key={event.face_id} data-face-id={event.face_id}>
              <Thumb src={event.screenshot} alt={`Face ${event.face_id}`} />
              <div>
                <time>{timeText(event.timestamp)}</time>
                <span>camera <a href={href('events', { cam: event.cam_id })}>{cameras.value?.find((c) => c.id === event.cam_id)?.meta || event.cam_id}</a></span>
                <a href={href(`face/${event.face_id}`)}>face {event.face_id}</a>
              </div>
            </li>
          ))}
        </ol>
      )}
      {next && <button onClick={() => load(next)}>Older events</button>}
    </section>
  );
}
