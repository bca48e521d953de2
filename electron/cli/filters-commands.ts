import { type Command, Option } from 'commander';
import type { ChannelInput, ChannelName, ChannelOutput, Mailbox, MailboxFilters } from '../../shared/contract';
import { parseSieve } from '../../shared/domain/sieve/parse';
import { CliFailure } from './cli-failure';

interface Helpers {
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  print(value: unknown, human: () => string): void;
  note(text: string): void;
  findMailbox(address: string): Promise<Mailbox>;
}

const PROBLEM_TEXT: Record<string, string> = {
  'duplicate-entry': 'listed twice (kept once)',
  'entry-on-both-lists': 'on both the allow and the block list',
  'own-address-allowed': 'the mailbox’s own address or domain is allowed: spam forged with it gets through',
};

function describe(f: MailboxFilters): string {
  const s = f.settings;
  const onOff = (on: boolean, folder: string) => (on ? `on → ${folder}` : 'off');
  return [
    `${f.address}`,
    `  spam filter:     ${onOff(s.spam, s.spamFolder)}`,
    `  promotions:      ${onOff(s.promotions, s.promotionsFolder)}`,
    `  social networks: ${onOff(s.social, s.socialFolder)}`,
    `  allow: ${f.allow.join(', ') || '—'}`,
    `  block: ${f.block.join(', ') || '—'}`,
    ...f.problems.map((p) => `  warning: ${p.entry}: ${PROBLEM_TEXT[p.code] ?? p.code}`),
  ].join('\n');
}

/** `mailwright filters show|set ADDRESS`, `mailwright allow|block add|rm ADDRESS ENTRY`. */
export function registerFiltersCommands(program: Command, h: Helpers): void {
  const filters = program.command('filters').description("a mailbox's spam, promotions and social-network filters");
  filters
    .command('show <address>')
    .description('show the filters and the allow/block lists')
    .action(async (address: string) => {
      const mailbox = await h.findMailbox(address);
      const f = await h.call('filters.get', { mailboxId: mailbox.id });
      h.print(f, () => describe(f));
    });
  const onOff = (name: string, what: string) => new Option(`--${name} <state>`, what).choices(['on', 'off']);
  filters
    .command('set <address>')
    .description('switch filters on or off, or change their folders')
    .addOption(onOff('spam', 'spam filter'))
    .addOption(onOff('promotions', 'promotions filter'))
    .addOption(onOff('social', 'social-networks filter'))
    .option('--spam-folder <name>', 'folder for spam')
    .option('--promotions-folder <name>', 'folder for promotions')
    .option('--social-folder <name>', 'folder for social networks')
    .action(async (address: string, o: Record<string, string | undefined>) => {
      const mailbox = await h.findMailbox(address);
      const bool = (v: string | undefined) => (v === undefined ? undefined : v === 'on');
      const f = await h.call('filters.set', {
        mailboxId: mailbox.id,
        spam: bool(o.spam),
        promotions: bool(o.promotions),
        social: bool(o.social),
        spamFolder: o.spamFolder,
        promotionsFolder: o.promotionsFolder,
        socialFolder: o.socialFolder,
      });
      h.print(f, () => describe(f));
      h.note(f.auditId ? `Saved. Undo: mailwright activity undo ${f.auditId}` : 'Nothing changed.');
    });

  for (const list of ['allow', 'block'] as const) {
    const cmd = program.command(list).description(`a mailbox's ${list} list: addresses and @domains`);
    for (const action of ['add', 'rm'] as const) {
      cmd
        .command(`${action} <address> <entries...>`)
        .description(action === 'add' ? `add entries to the ${list} list` : `remove entries from the ${list} list`)
        .action(async (address: string, entries: string[]) => {
          const mailbox = await h.findMailbox(address);
          const current = await h.call('filters.get', { mailboxId: mailbox.id });
          const lower = entries.map((e) => e.trim().toLowerCase());
          const next = action === 'add' ? [...current[list], ...entries] : current[list].filter((e) => !lower.includes(e));
          const f = await h.call('filters.set', { mailboxId: mailbox.id, [list]: next });
          h.print(f, () => describe(f));
          if (f.auditId) h.note(`Saved. Undo: mailwright activity undo ${f.auditId}`);
          else h.note(action === 'rm' ? 'None of these entries was on the list.' : 'Already on the list.');
        });
    }
  }
}

/** `mailwright sieve check FILE…`: the same parser as the app's editor; exit 1 when a script has an error. */
export function registerSieveCommand(
  program: Command,
  h: Helpers & { readFile(file: string): string; setExitCode(code: number): void },
): void {
  const sieve = program.command('sieve').description('Sieve scripts (RFC 5228 and the provider’s extensions)');
  const read = (file: string) => {
    try {
      return h.readFile(file);
    } catch (error) {
      throw new CliFailure(2, `Can't read ${file}: ${(error as Error).message}`);
    }
  };
  sieve
    .command('list <address>')
    .description("a mailbox's scripts (* marks the active one)")
    .action(async (address: string) => {
      const mailbox = await h.findMailbox(address);
      const scripts = await h.call('sieve.list', { mailboxId: mailbox.id });
      h.print(
        scripts,
        () =>
          scripts.map((x) => `${x.active ? '*' : ' '} ${x.name}  (${x.content.split('\n').length} lines)`).join('\n') ||
          'No scripts.',
      );
    });
  sieve
    .command('put <address> <file>')
    .description('store a script for a mailbox (refused when it has an error); replaces one of the same name')
    .option('--name <name>', 'script name (default: the file name without .sieve)')
    .option('--activate', 'make it the active script')
    .action(async (address: string, file: string, opts: { name?: string; activate?: boolean }) => {
      const mailbox = await h.findMailbox(address);
      const name =
        opts.name ??
        file
          .split(/[\\/]/)
          .pop()!
          .replace(/\.sieve$/i, '');
      const existing = (await h.call('sieve.list', { mailboxId: mailbox.id })).find(
        (x) => x.name.toLowerCase() === name.toLowerCase(),
      );
      const saved = await h.call('sieve.save', {
        mailboxId: mailbox.id,
        id: existing?.id,
        name,
        content: read(file),
        activate: opts.activate ?? false,
      });
      h.print(saved, () => '');
      h.note(`Stored "${saved.name}" for ${address}${saved.active ? ' (active)' : ''}.`);
    });
  sieve
    .command('activate <address> <name>')
    .description('make a stored script the active one')
    .action(async (address: string, name: string) => {
      const mailbox = await h.findMailbox(address);
      const script = (await h.call('sieve.list', { mailboxId: mailbox.id })).find(
        (x) => x.name.toLowerCase() === name.toLowerCase(),
      );
      if (!script) throw new CliFailure(1, `${address} has no script named "${name}". See "mailwright sieve list ${address}".`);
      const done = await h.call('sieve.activate', { id: script.id, active: true });
      h.print(done, () => '');
      h.note(`"${done.name}" is now the active script of ${address}.`);
    });
  sieve
    .command('check <files...>')
    .description('check scripts; errors with line and column, exit 1 when any has one')
    .action((files: string[]) => {
      const results = files.map((file) => {
        const parsed = parseSieve(read(file));
        return parsed.ok
          ? { file, ok: true as const, commands: parsed.commands.length }
          : { file, ok: false as const, error: parsed.error };
      });
      h.print(results, () =>
        results
          .map((r) =>
            r.ok
              ? `OK     ${r.file} (${r.commands} commands)`
              : `ERROR  ${r.file}:${r.error.line}:${r.error.column}: ${r.error.message}`,
          )
          .join('\n'),
      );
      if (results.some((r) => !r.ok)) h.setExitCode(1);
    });
}
