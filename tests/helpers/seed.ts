import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openRuntime } from '../../electron/rpc/runtime';
import { workspaceFile } from '../../electron/store/paths';

const FIRST = [
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
const LAST = [
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

/**
 * A workspace with one organisation and one mail service of `count` mailboxes
 * (user000000@acme.example … with Swiss names), written through the services.
 */
export function seedLargeWorkspace(count: number, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-seed-'))): string {
  const runtime = openRuntime({ file: workspaceFile(dir), host: 'test', appVersion: 'seed', locale: null });
  try {
    const ctx = { actor: 'seed' };
    const org = runtime.services.organisations.create({ name: 'Acme AG' }, ctx);
    const service = runtime.services.mailServices.create(
      { organisationId: org.id, domain: 'acme.example', addressQuota: Math.max(count, 10) * 2 },
      ctx,
    );
    const mailboxes = Array.from({ length: count }, (_, i) => {
      const first = FIRST[i % FIRST.length]!;
      const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
      return {
        localPart: `user${String(i).padStart(6, '0')}`,
        displayName: `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`,
        storageQuotaMb: 20_480,
        state: 'created' as const,
      };
    });
    runtime.services.mailboxes.createMany({ mailServiceId: service.id, mailboxes }, ctx);
  } finally {
    runtime.close();
  }
  return dir;
}
