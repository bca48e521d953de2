import { create } from 'zustand';

export const SECTIONS = [
  'overview',
  'mailboxes',
  'bulk-create',
  'mail-import',
  'dns',
  'transfers',
  'access',
  'activity',
  'attachments',
  'settings',
] as const;
export type Section = (typeof SECTIONS)[number];

function fromHash(hash: string): Section {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (SECTIONS as readonly string[]).includes(name) ? (name as Section) : 'overview';
}

interface RouteState {
  section: Section;
  go(section: Section): void;
}

/** The section lives in the URL hash, so reload and back/forward keep it. */
export const useRouteStore = create<RouteState>()((set) => ({
  section: fromHash(window.location.hash),
  go: (section) => {
    if (window.location.hash !== `#/${section}`) window.location.hash = `#/${section}`;
    set({ section });
  },
}));

window.addEventListener('hashchange', () => useRouteStore.setState({ section: fromHash(window.location.hash) }));
