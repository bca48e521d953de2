import type { ChangeArea } from '../../../shared/contract';
import type { Client } from '../api/client';

type Refresher = () => void | Promise<void>;
const refreshers = new Map<ChangeArea, Set<Refresher>>();
const pending = new Set<Refresher>();
let scheduled = false;

/** A store registers what to refetch when an area changes. */
export function onChange(areas: readonly ChangeArea[], refresh: Refresher): () => void {
  for (const area of areas) {
    const set = refreshers.get(area) ?? new Set();
    set.add(refresh);
    refreshers.set(area, set);
  }
  return () => areas.forEach((area) => refreshers.get(area)?.delete(refresh));
}

/**
 * Marks areas stale. Calls within one tick — our own mutation and the change
 * event it broadcasts — coalesce into one refetch per store.
 */
export function invalidate(areas: readonly ChangeArea[]): void {
  for (const area of areas) refreshers.get(area)?.forEach((r) => pending.add(r));
  if (scheduled) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    const run = [...pending];
    pending.clear();
    for (const refresh of run) void refresh();
  }, 30);
}

/** Changes made elsewhere (another window, the CLI through the web host) arrive as events. */
export function watchChanges(client: Client): void {
  client.on('workspace.changed', (payload) => invalidate(payload.areas));
}
