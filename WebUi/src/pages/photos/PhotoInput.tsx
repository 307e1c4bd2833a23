import { useEffect, useState } from 'preact/hooks';
import { Field } from '../../app/ui';

/** A photo chosen from disk, with an object URL to show it while it is chosen. */
export function usePhoto(): [File | undefined, string | undefined, (file: File | undefined) => void] {
  const [file, setFile] = useState<File>();
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!file) return setUrl(undefined);
    const next = URL.createObjectURL(file);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [file]);
  return [file, url, setFile];
}

export function PhotoInput({ label, name, onFile }: { label: string; name: string; onFile: (file: File | undefined) => void }) {
  return <Field label={label}><input name={name} type="file" accept="image/*" onChange={(e) => onFile(e.currentTarget.files?.[0])} /></Field>;
}
