// The one module that talks to the server: the public REST API v1 (its OpenAPI document is at /v1/docs/v1), with the
// operator's token in `Authorization: Token ...`. Components call these functions, never fetch.

export type Threshold = 'strict' | 'medium' | 'low' | 'none' | number;
export type MfSelector = 'biggest' | 'all' | 'reject';

export interface Box { x1: number; y1: number; x2: number; y2: number }

export interface Face extends Box {
  id: number;
  timestamp: string;
  photo: string;
  photo_hash: string;
  thumbnail?: string;
  normalized?: string;
  meta: string;
  galleries: string[];
  gender?: 'male' | 'female';
  age?: number;
  emotions?: string[];
  person_id?: number;
  friend?: boolean;
  /** The camera that captured the face; its timestamp is then the capture's time. */
  cam_id?: string;
}

export interface DetectedFace extends Box { gender?: string; age?: number; emotions?: string[] }
export interface Page<T> { results: T[]; next_page?: string | null; prev_page?: string | null }
export interface Match { confidence: number; face: Face }
export interface VerifyResult { bbox1: Box; bbox2: Box; confidence: number; verified?: boolean }
export type Region = [number, number, number, number];
export interface Camera { id: string; meta?: string; url?: string; detector?: string; rot?: Region; roi?: Region }
export interface CameraFields { meta?: string; url?: string; detector?: string; rot?: Region | null; roi?: Region | null }
export interface Person { id: number; meta: string }
export interface PersonEvent { person_id: number; face_id: number; cam_id: string; meta: string; screenshot?: string; timestamp: string }
export interface HistoryEvent extends Box {
  id: number; cam_id: string; person_id?: number; friend: boolean; meta: string; timestamp: string; photo: string; photo_hash: string;
}
export interface HistoryFilter { person_id?: number; cam_ids?: string[]; start?: string; end?: string; friend?: boolean; limit?: number }
export interface Shard { endpoint: string; status: 'up' | 'down'; faces?: number }
export interface StatGallery { id: number; name: string; cnt_linear: number; cnt_indexed: number }
export interface StatList { galleries: StatGallery[]; total: number; shards: Shard[] }
/** One message of GET /v1/events: a face just stored, with its camera when a camera captured it. */
/** A face just stored; confidence: how surely it was identified as its person, when it joined one. */
export interface FaceEvent { face: Face; cam_id?: string; confidence?: number }

/** A failed call, as the API reports it (spec 9.1.10); BAD_PARAM names the parameter. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string,
    readonly param?: string,
    readonly value?: unknown,
  ) {
    super(param ? `${reason} (${param})` : reason);
  }
}

const tokenKey = 'facepipe.token';
const unauthorizedListeners = new Set<() => void>();

/** The operator's token, kept for the browser session (sessionStorage): closing the tab logs out. */
export const session = {
  get token(): string | null {
    return sessionStorage.getItem(tokenKey);
  },
  async login(token: string): Promise<void> {
    // Any authenticated call tells a right token from a wrong one; the gallery list is the cheapest.
    await request<unknown>('GET', '/galleries', undefined, { token });
    sessionStorage.setItem(tokenKey, token);
  },
  logout(): void {
    sessionStorage.removeItem(tokenKey);
    unauthorizedListeners.forEach((listener) => listener());
  },
  /** Called when any call is answered 401: the token is gone or wrong, so the app returns to the login page. */
  onUnauthorized(listener: () => void): () => void {
    unauthorizedListeners.add(listener);
    return () => unauthorizedListeners.delete(listener);
  },
};

type Body = FormData | object | undefined;

interface CallOptions { token?: string; signal?: AbortSignal }

const apiBase = '/v1';

// Paths are relative to /v1, except next_page/prev_page links, which the API gives from the root.
function urlOf(path: string): string {
  return path.startsWith(apiBase + '/') ? path : apiBase + path;
}

async function request<T>(method: string, path: string, body?: Body, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const token = options.token ?? session.token;
  if (token) headers.Authorization = `Token ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(urlOf(path), { method, headers, body: payload, signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', `The server could not be reached: ${(error as Error).message}`);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = (json ?? {}) as { code?: string; reason?: string; param?: string; value?: unknown };
    const failure = new ApiError(response.status, error.code ?? `HTTP_${response.status}`, error.reason ?? (text || response.statusText),
      error.param, error.value);
    if (response.status === 401 && options.token === undefined) session.logout();
    throw failure;
  }
  return json as T;
}

function form(fields: Record<string, string | Blob | object | boolean | number | undefined>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (value instanceof Blob) data.append(name, value, value instanceof File ? value.name : name);
    else if (typeof value === 'object') data.append(name, JSON.stringify(value));
    else data.append(name, String(value));
  }
  return data;
}

const segment = encodeURIComponent;

// Galleries
export const listGalleries = () => request<{ results: string[] }>('GET', '/galleries').then((r) => r.results);
export const createGallery = (name: string) => request<{ name: string }>('POST', `/galleries/${segment(name)}`);
export const deleteGallery = (name: string) => request<void>('DELETE', `/galleries/${segment(name)}`);
/** The spec's gallery name rule (GalleryRules.NameRule), checked before the server sees it. */
export const galleryNamePattern = /^[A-Za-z0-9_-]{1,48}$/;
export const galleryNameRule = '1 to 48 characters: letters A-Z a-z, digits, _ and -.';

// Faces
export function listFaces(query: { gallery?: string; meta?: string; page?: string; limit?: number }, signal?: AbortSignal): Promise<Page<Face>> {
  if (query.page) return request('GET', query.page, undefined, { signal });
  const gallery = query.gallery && query.gallery !== 'default' ? query.gallery : undefined;
  const path = query.meta
    ? gallery ? `/face/gallery/${segment(gallery)}/meta/${segment(query.meta)}` : `/face/meta/${segment(query.meta)}`
    : gallery ? `/faces/gallery/${segment(gallery)}` : '/faces';
  return request('GET', query.limit ? `${path}?limit=${query.limit}` : path, undefined, { signal });
}
export const getFace = (id: number) => request<Face>('GET', `/face/id/${id}`);
export const updateFace = (id: number, change: { meta?: string; galleries?: { set: string[] } }) =>
  request<Face>('PUT', `/face/id/${id}`, change);
export const deleteFace = (id: number) => request<void>('DELETE', `/face/id/${id}`);
export interface EnrollOptions { meta?: string; galleries?: string[]; mf_selector?: MfSelector; bbox?: Box[]; cam_id?: string }
export const enroll = (photo: Blob, options: EnrollOptions, signal?: AbortSignal) =>
  request<{ results: Face[] }>('POST', '/face', form({
    photo,
    meta: options.meta,
    galleries: options.galleries?.length ? options.galleries : undefined,
    mf_selector: options.mf_selector,
    bbox: options.bbox?.map((b) => [b.x1, b.y1, b.x2, b.y2]),
    cam_id: options.cam_id,
  }), { signal }).then((r) => r.results);

// Photos
export const detect = (photo: Blob, attributes = true) =>
  request<{ faces: DetectedFace[]; orientation: number }>('POST', '/detect', form({ photo, gender: attributes, age: attributes, emotions: attributes }));
export function identify(photo: Blob, gallery: string, threshold: Threshold, n: number): Promise<Record<string, Match[]>> {
  const path = gallery && gallery !== 'default' ? `/faces/gallery/${segment(gallery)}/identify` : '/identify';
  return request<{ results: Record<string, Match[]> }>('POST', path, form({ photo, threshold, n, mf_selector: 'all' })).then((r) => r.results);
}
export const verify = (photo1: Blob, photo2: Blob, threshold: Threshold) =>
  request<{ results: VerifyResult[]; verified?: boolean }>('POST', '/verify', form({ photo1, photo2, threshold }));
/** The calibrated presets of `threshold` (spec 9.1.7), strictest first. */
export const thresholdPresets = ['strict', 'medium', 'low', 'none'] as const;

// Cameras
export const listCameras = () => request<Camera[]>('GET', '/camera');
export const createCamera = (fields: CameraFields) => request<Camera>('POST', '/camera', cameraBody(fields));
export const updateCamera = (id: string, fields: CameraFields) => request<Camera>('PUT', `/camera/${segment(id)}`, cameraBody(fields));
export const deleteCamera = (id: string) => request<void>('DELETE', `/camera/${segment(id)}`);
function cameraBody(fields: CameraFields): object {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null && value !== ''));
}

// Persons and history
export const listPersons = (page?: string, limit = 50) => request<Page<Person>>('GET', page ?? `/persons?limit=${limit}`);
export const getPerson = (id: number) => request<Person>('GET', `/person/id/${id}`);
export const personHistory = (id: number, page?: string) => request<Page<PersonEvent>>('GET', page ?? `/person/history/id/${id}`);
export const searchHistory = (filter: HistoryFilter, page?: string) => request<Page<HistoryEvent>>('POST', page ?? '/history/search', filter);

// Shards
export const shardStats = () => request<StatList>('GET', '/stat/list/0/1000');

/**
 * The server-sent events of GET /v1/events: every face stored from now on (or after `lastEventId`), only those of
 * `cameraIds` when given. Read with fetch rather than EventSource, which cannot send the Authorization header; a dropped
 * connection is resumed from the last event seen (Last-Event-ID). Returns a function that stops it.
 */
export function followEvents(cameraIds: string[], onEvent: (event: FaceEvent) => void, onError: (error: ApiError) => void): () => void {
  const stop = new AbortController();
  let lastEventId: string | undefined;
  const retryMs = 2000;
  const run = async () => {
    while (!stop.signal.aborted) {
      try {
        const query = cameraIds.length ? `?cam_ids=${cameraIds.map(segment).join(',')}` : '';
        const headers: Record<string, string> = { Authorization: `Token ${session.token}`, Accept: 'text/event-stream' };
        if (lastEventId) headers['Last-Event-ID'] = lastEventId;
        const response = await fetch(`${apiBase}/events${query}`, { headers, signal: stop.signal });
        if (response.status === 401) return session.logout();
        if (!response.ok || !response.body) throw new ApiError(response.status, `HTTP_${response.status}`, await response.text());
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let data = '';
            for (const line of message.split('\n')) {
              if (line.startsWith('id:')) lastEventId = line.slice(3).trim();
              else if (line.startsWith('data:')) data += line.slice(5).trim();
            }
            if (data) onEvent(JSON.parse(data) as FaceEvent);
          }
        }
      } catch (error) {
        if (stop.signal.aborted) return;
        onError(error instanceof ApiError ? error : new ApiError(0, 'NETWORK', `The event stream broke: ${(error as Error).message}`));
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return () => stop.abort();
}
