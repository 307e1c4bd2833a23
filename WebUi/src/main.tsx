import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { session } from './api/client';
import { href, navigate, useRoute } from './app/router';
import { LoginPage } from './pages/login/LoginPage';
import { HomePage } from './pages/home/HomePage';
import { GalleriesPage } from './pages/galleries/GalleriesPage';
import { FacesPage } from './pages/faces/FacesPage';
import { FacePage } from './pages/faces/FacePage';
import { AddFacePage } from './pages/faces/AddFacePage';
import { BatchUploadPage } from './pages/batch/BatchUploadPage';
import { PersonsPage } from './pages/persons/PersonsPage';
import { PersonPage } from './pages/persons/PersonPage';
import { DetectPage } from './pages/photos/DetectPage';
import { IdentifyPage } from './pages/photos/IdentifyPage';
import { VerifyPage } from './pages/photos/VerifyPage';
import { CamerasPage } from './pages/video/CamerasPage';
import { CameraPage } from './pages/video/CameraPage';
import { EventsPage } from './pages/video/EventsPage';
import './styles.css';

const sections: [string, string][] = [
  ['', 'Home'], ['galleries', 'Galleries'], ['faces', 'Faces'], ['batch', 'Batch upload'], ['persons', 'Persons'],
  ['detect', 'Detect'], ['identify', 'Identify'], ['verify', 'Verify'], ['cameras', 'Cameras'], ['events', 'Live events'],
];

function App() {
  const route = useRoute();
  const [loggedIn, setLoggedIn] = useState(!!session.token);
  useEffect(() => session.onUnauthorized(() => { setLoggedIn(false); navigate('login'); }), []);
  const [page, id] = route.parts;
  if (!loggedIn || page === 'login')
    return <LoginPage onLogin={() => { setLoggedIn(true); navigate(''); }} />;
  return (
    <>
      <header>
        <a class="brand" href="#/">Facepipe</a>
        <nav aria-label="Sections">
          {sections.map(([path, title]) => (
            <a href={href(path)} aria-current={(page ?? '') === path ? 'page' : undefined}>{title}</a>
          ))}
        </nav>
        <button class="link" onClick={() => session.logout()}>Log out</button>
      </header>
      <main>{pageOf(page, id, route.query)}</main>
    </>
  );
}

function pageOf(page: string | undefined, id: string | undefined, query: URLSearchParams) {
  switch (page) {
    case undefined: return <HomePage />;
    case 'galleries': return <GalleriesPage />;
    case 'faces': return <FacesPage gallery={query.get('gallery') ?? 'default'} meta={query.get('meta') ?? ''} />;
    case 'face': return id === 'new' ? <AddFacePage gallery={query.get('gallery') ?? ''} /> : <FacePage id={Number(id)} />;
    case 'batch': return <BatchUploadPage />;
    case 'persons': return <PersonsPage />;
    case 'person': return <PersonPage id={Number(id)} />;
    case 'detect': return <DetectPage />;
    case 'identify': return <IdentifyPage />;
    case 'verify': return <VerifyPage />;
    case 'cameras': return <CamerasPage />;
    case 'camera': return <CameraPage id={id ?? 'new'} />;
    case 'events': return <EventsPage camera={query.get('cam') ?? ''} />;
    default: return <p class="error" role="alert">There is no page #/{page}. <a href="#/">Home</a></p>;
  }
}

render(<App />, document.getElementById('app')!);
