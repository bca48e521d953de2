import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../electron/cli/cli';
import { tempDir } from '../helpers/workspace';

async function cli(dataDir: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', dataDir, ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
  });
  return { code, stdout, stderr };
}

describe('mailwright attachments check', () => {
  it('judges files and folders, looks inside nested zips, exits 1 when any would be refused', async () => {
    const dir = tempDir();
    const files = path.join(dir, 'outgoing');
    fs.mkdirSync(path.join(files, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(files, 'offer.pdf'), '%PDF-1.7');
    fs.writeFileSync(path.join(files, 'sub', 'tools.zip'), zipSync({ 'inner.zip': zipSync({ 'setup.EXE': strToU8('MZ') }) }));
    fs.writeFileSync(path.join(files, 'photos.zip'), zipSync({ 'a.jpg': strToU8('jpg') }));

    const human = await cli(dir, 'attachments', 'check', files);
    expect(human.code).toBe(EXIT.failed);
    expect(human.stdout).toMatch(/REFUSED\s+\S*tools\.zip\n\s+inner\.zip › setup\.EXE: refused extension \(\.exe\)/);
    expect(human.stdout).toMatch(/OK\s+\S*offer\.pdf/);
    expect(human.stderr).toContain('Share them by link');

    const json = await cli(
      dir,
      '--json',
      'attachments',
      'check',
      path.join(files, 'offer.pdf'),
      path.join(files, 'sub', 'tools.zip'),
    );
    expect(json.code).toBe(EXIT.failed);
    const result = JSON.parse(json.stdout);
    expect(result.refused).toBe(1);
    expect(result.files.map((f: { refused: boolean }) => f.refused)).toEqual([false, true]);

    const clean = await cli(dir, 'attachments', 'check', path.join(files, 'photos.zip'), path.join(files, 'offer.pdf'));
    expect(clean.code).toBe(EXIT.ok);
    expect((await cli(dir, 'attachments', 'check', path.join(dir, 'nope.txt'))).code).toBe(EXIT.usage);
  });
});
