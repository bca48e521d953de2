import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openRuntime } from '../../electron/rpc/runtime';
import { workspaceFile } from '../../electron/store/paths';

export const FIRST_NAMES = [
  'anna',
  'beat',
  'claudia',
  'daniel',
  'eva',
  'fabian',
  'gabriela',
  'hans',
  'irene',
  'jonas',
  'katrin',
  'lukas',
  'maria',
  'nico',
  'olivia',
];
export const LAST_NAMES = [
  'müller',
  'meier',
  'schmid',
  'keller',
  'weber',
  'huber',
  'schneider',
  'meyer',
  'steiner',
  'fischer',
  'gerber',
  'brunner',
  'baumann',
  'frei',
  'zimmermann',
];

/** `count` mailbox rows with Swiss names (user000000 … ), as createMany takes them. */
export function largeMailboxList(count: number, state: 'planned' | 'created' = 'created') {
  return Array.from({ length: count }, (_, i) => {
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
    const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]!;
    return {
      localPart: `user${String(i).padStart(6, '0')}`,
      displayName: `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`,
      storageQuotaMb: 20_480,
      state,
    };
  });
}

/**
 * A workspace with one organisation and one mail service of `count` mailboxes
 * (user000000@acme.example … with Swiss names), written through the services.
 */
export function seedLargeWorkspace(count: number, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-seed-'))): string {
  const runtime = openRuntime({ file: workspaceFile(dir), host: 'test', appVersion: 'seed', locale: null });
  try {
    // As the workspace's acting user (the owner), so the organisation is theirs as if made in the app.
    const ctx = { actor: 'seed', user: runtime.services.accessFor({ actor: 'seed' }).user };
    const org = runtime.services.organisations.create({ name: 'Acme AG' }, ctx);
    const service = runtime.services.mailServices.create(
      { organisationId: org.id, domain: 'acme.example', addressQuota: Math.max(count, 10) * 2 },
      ctx,
    );
    runtime.services.mailboxes.createMany({ mailServiceId: service.id, mailboxes: largeMailboxList(count) }, ctx);
  } finally {
    runtime.close();
  }
  return dir;
}
