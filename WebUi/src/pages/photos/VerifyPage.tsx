import { useState } from 'preact/hooks';
import { thresholdPresets, verify, type Threshold, type VerifyResult } from '../../api/client';
import { ErrorNote, Field, Loading, Outlined, useAction } from '../../app/ui';
import { PhotoInput, usePhoto } from './PhotoInput';

/** Spec 7 "Photo processing: verify": are the faces of two photos the same person? */
export function VerifyPage() {
  const [file1, url1, setFile1] = usePhoto();
  const [file2, url2, setFile2] = usePhoto();
  const [threshold, setThreshold] = useState<Threshold>('medium');
  const [answer, setAnswer] = useState<{ results: VerifyResult[]; verified?: boolean }>();
  const { busy, error, run: act } = useAction();
  const run = (e: Event) => {
    e.preventDefault();
    setAnswer(undefined);
    return act(async () => { if (file1 && file2) setAnswer(await verify(file1, file2, threshold)); });
  };
  const best = answer?.results.reduce<VerifyResult | undefined>((a, b) => (!a || b.confidence > a.confidence ? b : a), undefined);
  return (
    <section>
      <h1>Verify</h1>
      <form class="inline" onSubmit={run}>
        <PhotoInput label="First photo" name="photo1" onFile={setFile1} />
        <PhotoInput label="Second photo" name="photo2" onFile={setFile2} />
        <Field label="Threshold">
          <select name="threshold" value={String(threshold)} onChange={(e) => setThreshold(e.currentTarget.value as Threshold)}>
            {thresholdPresets.filter((p) => p !== 'none').map((p) => <option key={p}>{p}</option>)}
          </select>
        </Field>
        <button type="submit" disabled={!file1 || !file2 || busy}>Verify</button>
      </form>
      <ErrorNote error={error} />
      {busy && <Loading />}
      {answer && (
        <p class={`verdict ${answer.verified ? 'ok' : 'bad'}`} role="status" data-verified={String(!!answer.verified)}>
          {answer.verified ? 'Same person' : 'Different persons'}{best && ` · confidence ${best.confidence.toFixed(3)}`}
        </p>
      )}
      <div class="columns">
        {url1 && <Outlined src={url1} alt="First photo" boxes={best ? [best.bbox1] : []} />}
        {url2 && <Outlined src={url2} alt="Second photo" boxes={best ? [best.bbox2] : []} />}
      </div>
    </section>
  );
}
