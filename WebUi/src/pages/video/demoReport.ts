import type { FaceEvent } from '../../api/client';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function inline(url: string | undefined): Promise<string> {
  if (!url) return '';
  const blob = await (await fetch(url)).blob();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** The spec's demo report: one HTML file of the events with their thumbnails inlined, readable offline. */
export async function demoReport(events: FaceEvent[], cameraName: (id?: string) => string, onProgress: (done: number) => void): Promise<Blob> {
  const rows: string[] = [];
  for (const [i, { face, cam_id, confidence }] of events.entries()) {
    const thumbnail = await inline(face.thumbnail);
    rows.push(`<tr data-face-id="${face.id}"><td>${thumbnail ? `<img src="${thumbnail}" alt="face ${face.id}" width="96" height="96">` : ''}</td>` +
      `<td>${escape(face.timestamp)} UTC</td><td>${escape(cameraName(cam_id))}</td>` +
      `<td>${face.person_id ? `person ${face.person_id}` : 'unknown'}</td><td>${confidence === undefined ? '' : confidence.toFixed(3)}</td>` +
      `<td>${face.friend === undefined ? '' : face.friend ? 'friend' : 'foe'}</td>` +
      `<td>${escape(face.meta)}</td></tr>`);
    onProgress(i + 1);
  }
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Facepipe demo report</title>
<style>body{font-family:system-ui,sans-serif;margin:1rem}table{border-collapse:collapse}td,th{border-bottom:1px solid #ccc;padding:4px 8px;text-align:left}</style>
</head><body><h1>Facepipe demo report</h1><p>${events.length} events, saved ${escape(new Date().toISOString())}.</p>
<table><thead><tr><th>Face</th><th>Time</th><th>Camera</th><th>Person</th><th>Confidence</th><th>Friend or foe</th><th>Meta</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>`;
  return new Blob([html], { type: 'text/html' });
}
