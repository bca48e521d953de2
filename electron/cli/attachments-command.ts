import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type AttachmentVerdict, checkAttachment } from '../../shared/domain/attachments/check';
import { CliFailure } from './cli-failure';

/** Larger files are judged by name and, when they are zips, reported as too large to open. */
const MAX_READ_BYTES = 512 * 1024 * 1024;
const MAX_FILES = 10_000;

export const FINDING_TEXT: Record<string, string> = {
  'refused-extension': 'refused extension',
  'archive-too-deep': 'archive nested too deep: not looked into',
  'archive-too-large': 'archive too large to open safely: not looked into',
  'too-many-entries': 'too many entries: the rest not looked at',
  'archive-unreadable': 'archive can’t be opened (encrypted or damaged)',
};

/** Files given, and the files of folders given, in a stable order; bounded so a huge tree can't hang the command. */
function collect(targets: string[]): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    if (files.length >= MAX_FILES) return;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new CliFailure(2, `Can't read ${p}: no such file or folder.`);
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) walk(path.join(p, entry));
    } else if (stat.isFile()) files.push(p);
  };
  targets.forEach(walk);
  return files;
}

function judge(file: string): AttachmentVerdict {
  const size = fs.statSync(file).size;
  const name = path.basename(file);
  if (size <= MAX_READ_BYTES) return { ...checkAttachment(name, fs.readFileSync(file)), name: file };
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  const verdict = checkAttachment(name, new Uint8Array(0));
  const zip = head[0] === 0x50 && head[1] === 0x4b;
  return {
    ...verdict,
    name: file,
    bytes: size,
    findings: [...verdict.findings, ...(zip ? [{ code: 'archive-too-large' as const, path: [name] }] : [])],
  };
}

/** `mailwright attachments check FILE…`: exit 1 when the provider would refuse any of them. */
export function registerAttachmentsCommand(
  program: Command,
  h: { print(value: unknown, human: () => string): void; note(text: string): void; setExitCode(code: number): void },
): void {
  program
    .command('attachments')
    .description("check attachments as the provider's filter does (also inside zip archives)")
    .command('check <files...>')
    .description('judge files (or every file in folders); exit 1 when any would be refused')
    .action((targets: string[]) => {
      const verdicts = collect(targets).map(judge);
      const refused = verdicts.filter((v) => v.refused);
      h.print({ refused: refused.length, files: verdicts }, () =>
        verdicts
          .map((v) => {
            const head = `${v.refused ? 'REFUSED' : v.findings.length ? 'CHECK  ' : 'OK     '}  ${v.name}`;
            const lines = v.findings.map(
              (f) =>
                `           ${f.path.slice(1).join(' › ') || path.basename(v.name)}: ${FINDING_TEXT[f.code]}${f.extension ? ` (.${f.extension})` : ''}`,
            );
            return [head, ...lines].join('\n');
          })
          .join('\n'),
      );
      if (refused.length > 0) {
        h.note(
          `${refused.length} of ${verdicts.length} file(s) would make the provider refuse the message. Share them by link instead (e.g. kDrive), or send them in another form.`,
        );
        h.setExitCode(1);
      } else {
        h.note(`${verdicts.length} file(s) checked: none would be refused.`);
      }
    });
}
