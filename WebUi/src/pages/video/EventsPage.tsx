import { useEffect, useState } from 'preact/hooks';
import { followEvents, listCameras, type ApiError, type FaceEvent } from '../../api/client';
import { href, navigate } from '../../app/router';
import { ErrorNote, Field, Progress, Thumb, timeText, useApi } from '../../app/ui';
import { demoReport } from './demoReport';

/** The feed keeps this many events; older ones drop off so that a long watch does not grow without limit. */
const keptEvents = 500;

/** Spec 7 "Video processing": faces captured by one camera or all, as they arrive (GET /v1/events), and the demo report. */
export function EventsPage({ camera }: { camera: string }) {
  const cameras = useApi(listCameras, []);
  const [events, setEvents] = useState<FaceEvent[]>([]);
  const [streamError, setStreamError] = useState<ApiError>();
  const [report, setReport] = useState<{ done: number; total: number; error?: unknown }>();
  useEffect(() => {
    setEvents([]);
    return followEvents(camera ? [camera] : [], (event) => {
      setStreamError(undefined);
      // Faces enrolled without a camera are no camera events.
      if (event.cam_id) setEvents((list) => [event, ...list].slice(0, keptEvents));
    }, setStreamError);
  }, [camera]);

  const cameraName = (id?: string) => cameras.value?.find((c) => c.id === id)?.meta || id || '';
  const save = async () => {
    setReport({ done: 0, total: events.length });
    try {
      const blob = await demoReport(events, cameraName, (done) => setReport({ done, total: events.length }));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `facepipe-demo-report-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.html`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      setReport(undefined);
    } catch (error) {
      setReport({ done: 0, total: events.length, error });
    }
  };

  return (
    <section>
      <h1>Live events</h1>
      <div class="inline">
        <Field label="Camera">
          <select name="camera" value={camera} onChange={(e) => navigate('events', { cam: e.currentTarget.value })}>
            <option value="">every camera</option>
            {(cameras.value ?? []).map((c) => <option key={c.id} value={c.id}>{c.meta || c.id}</option>)}
          </select>
        </Field>
        <button onClick={save} disabled={events.length === 0 || (report && !report.error)}>Save demo report</button>
      </div>
      {report && <Progress done={report.done} total={report.total} label="Demo report" />}
      <ErrorNote error={report?.error ?? streamError ?? cameras.error} />
      <p class="muted" role="status">{events.length === 0 ? 'Waiting for faces…' : `${events.length} events since this page opened.`}</p>
      <ol class="feed" aria-label="Events">
        {events.map(({ face, cam_id, confidence }) => (
          <li key={face.id} data-face-id={face.id}>
            <a href={href(`face/${face.id}`)}><Thumb src={face.thumbnail} alt={`Face ${face.id}`} /></a>
            <div>
              <time>{timeText(face.timestamp)}</time>
              <span class="camera">{cameraName(cam_id)}</span>
              {face.person_id ? <a class="person" href={href(`person/${face.person_id}`)}>person {face.person_id}</a> : <span class="person">unknown</span>}
              {confidence !== undefined
                ? <span class="confidence" title="How surely this is the person: the match's confidence">{confidence.toFixed(3)}</span>
                : face.person_id !== undefined && <span class="confidence muted" title="No earlier face matched: a person starts here">new</span>}
              {face.friend !== undefined && <span class={`badge ${face.friend ? 'ok' : 'bad'}`}>{face.friend ? 'friend' : 'foe'}</span>}
              {face.meta && <span class="meta">{face.meta}</span>}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
