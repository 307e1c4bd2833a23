import { useRef, useState } from 'preact/hooks';
import { ApiError, enroll, listGalleries, type Face, type MfSelector } from '../../api/client';
import { href } from '../../app/router';
import { ErrorNote, Field, Progress, useApi } from '../../app/ui';

/** Uploads at once: enough to keep both pipeline stages busy without queueing the whole folder on the server. */
const inFlight = 4;

type Status = { state: 'waiting' } | { state: 'uploading' } | { state: 'uploaded'; faces: Face[] } | { state: 'failed'; error: unknown };
interface Item { file: File; status: Status }

/** The file name without its extension, as the meta's middle part. */
const baseName = (name: string) => name.replace(/\.[^.]*$/, '');

/** Spec 7 "Batch upload": many files or a directory into a gallery, meta = prefix + file name + postfix, with progress. */
export function BatchUploadPage() {
  const galleries = useApi(listGalleries, []);
  const [items, setItems] = useState<Item[]>([]);
  const [gallery, setGallery] = useState('default');
  const [prefix, setPrefix] = useState('');
  const [withName, setWithName] = useState(true);
  const [postfix, setPostfix] = useState('');
  const [selector, setSelector] = useState<MfSelector>('biggest');
  const [show, setShow] = useState({ gender: true, age: true, emotions: false });
  const [running, setRunning] = useState(false);
  const stop = useRef<AbortController | null>(null);

  const choose = (files: FileList | null) => setItems([...(files ?? [])].filter((f) => f.size > 0).map((file) => ({ file, status: { state: 'waiting' } })));
  const setStatus = (file: File, status: Status) => setItems((list) => list.map((item) => (item.file === file ? { ...item, status } : item)));

  const run = async (only: (item: Item) => boolean) => {
    const queue = items.filter(only).map((item) => item.file);
    queue.forEach((file) => setStatus(file, { state: 'waiting' }));
    const controller = new AbortController();
    stop.current = controller;
    setRunning(true);
    const worker = async () => {
      for (let file = queue.shift(); file && !controller.signal.aborted; file = queue.shift()) {
        setStatus(file, { state: 'uploading' });
        try {
          const meta = `${prefix}${withName ? baseName(file.name) : ''}${postfix}`;
          const faces = await enroll(file, { meta, galleries: gallery === 'default' ? [] : [gallery], mf_selector: selector }, controller.signal);
          setStatus(file, { state: 'uploaded', faces });
        } catch (error) {
          setStatus(file, controller.signal.aborted ? { state: 'waiting' } : { state: 'failed', error });
          if (error instanceof ApiError && error.status === 401) controller.abort();
        }
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    setRunning(false);
  };

  const uploaded = items.filter((i) => i.status.state === 'uploaded').length;
  const failed = items.filter((i) => i.status.state === 'failed').length;
  return (
    <section>
      <h1>Batch upload</h1>
      <div class="inline">
        <Field label="Gallery">
          <select name="gallery" value={gallery} onChange={(e) => setGallery(e.currentTarget.value)} disabled={running}>
            {(galleries.value ?? ['default']).map((g) => <option key={g}>{g}</option>)}
          </select>
        </Field>
        <Field label="Select multiple files">
          <input name="files" type="file" multiple accept="image/*" disabled={running} onChange={(e) => choose(e.currentTarget.files)} />
        </Field>
        <Field label="Select directory">
          {/* webkitdirectory: every browser's way to pick a folder */}
          <input name="directory" type="file" {...{ webkitdirectory: '' }} disabled={running} onChange={(e) => choose(e.currentTarget.files)} />
        </Field>
      </div>
      <fieldset class="inline">
        <legend>Show</legend>
        {(['gender', 'age', 'emotions'] as const).map((key) => (
          <label key={key} class="check">
            <input type="checkbox" checked={show[key]} onChange={(e) => setShow({ ...show, [key]: e.currentTarget.checked })} />
            {key[0].toUpperCase() + key.slice(1)}
          </label>
        ))}
      </fieldset>
      <div class="inline">
        <Field label="Meta prefix"><input name="prefix" value={prefix} onInput={(e) => setPrefix(e.currentTarget.value)} disabled={running} /></Field>
        <label class="check"><input type="checkbox" name="with-file-name" checked={withName} onChange={(e) => setWithName(e.currentTarget.checked)} /> File name</label>
        <Field label="Meta postfix"><input name="postfix" value={postfix} onInput={(e) => setPostfix(e.currentTarget.value)} disabled={running} /></Field>
        <Field label="MF selector">
          <select name="mf_selector" value={selector} onChange={(e) => setSelector(e.currentTarget.value as MfSelector)} disabled={running}>
            <option value="biggest">biggest</option><option value="all">all</option><option value="reject">reject</option>
          </select>
        </Field>
      </div>
      <p class="muted">Meta of each face: {prefix}{withName ? '<file name>' : ''}{postfix}</p>
      <div class="inline">
        <button onClick={() => run((i) => i.status.state !== 'uploaded')} disabled={running || items.length === 0}>Start</button>
        <button onClick={() => stop.current?.abort()} disabled={!running}>Stop</button>
        <button onClick={() => run((i) => i.status.state === 'failed')} disabled={running || failed === 0}>Retry failed</button>
      </div>
      <Progress done={uploaded + failed} total={items.length} label="Batch upload" />
      <p role="status" class="counts">
        Files selected: <b data-count="selected">{items.length}</b> Uploaded: <b data-count="uploaded">{uploaded}</b> Failed: <b data-count="failed">{failed}</b>
      </p>
      <ErrorNote error={galleries.error} />
      <table class="files">
        <thead><tr><th>File</th><th>Size</th><th>Status</th></tr></thead>
        <tbody>
          {items.map(({ file, status }) => (
            <tr key={file.webkitRelativePath || file.name} data-file={file.name} data-state={status.state}>
              <td>{file.webkitRelativePath || file.name}</td>
              <td>{file.size}</td>
              <td>
                {status.state === 'uploaded'
                  ? status.faces.map((face) => (
                    <a key={face.id} href={href(`face/${face.id}`)}>
                      face {face.id}
                      {show.gender && face.gender && ` ${face.gender}`}
                      {show.age && face.age !== undefined && ` ${Math.round(face.age)}`}
                      {show.emotions && face.emotions && ` ${face.emotions.join('/')}`}{' '}
                    </a>
                  ))
                  : status.state === 'failed' ? <ErrorNote error={status.error} /> : status.state}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
