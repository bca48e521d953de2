import fs from 'node:fs';
import path from 'node:path';

/**
 * Processes that hold a workspace open (desktop app, web host) leave a marker
 * beside it, so a restore can refuse to swap the file from under them.
 */
function holdersDir(workspace: string): string {
  return `${workspace}.holders`;
}

export function registerHolder(workspace: string, pid = process.pid): () => void {
  const dir = holdersDir(workspace);
  fs.mkdirSync(dir, { recursive: true });
  const marker = path.join(dir, String(pid));
  fs.writeFileSync(marker, new Date().toISOString());
  return () => fs.rmSync(marker, { force: true });
}

export function liveHolders(workspace: string): number[] {
  const dir = holdersDir(workspace);
  if (!fs.existsSync(dir)) return [];
  const live: number[] = [];
  for (const name of fs.readdirSync(dir)) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (pid !== process.pid && isAlive(pid)) live.push(pid);
    else if (pid !== process.pid) fs.rmSync(path.join(dir, name), { force: true }); // stale marker
  }
  return live;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
