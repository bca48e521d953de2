import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ChannelInput, ChannelName, ChannelOutput, MailService, Organisation } from '../../shared/contract';
import { MailboxSortColumn, MailboxState } from '../../shared/contract';
import { backupWorkspace, restoreWorkspace } from '../store/backup';
import { WorkspaceError } from '../store/database';
import { resolveDataDir, workspaceFile } from '../store/paths';
import { openRuntime, type Runtime } from '../rpc/runtime';
import { checkDomain } from '../../shared/domain/address/domain';
import { checkCsvFile, strengthKey, strengthRequests } from '../../shared/domain/bulk-create/check';
import { fieldOfHeader, mapColumns } from '../../shared/domain/bulk-create/columns';
import { ISSUE_MESSAGES, toRows } from '../../shared/domain/bulk-create/rules';
import { readCsvBytes } from '../../shared/domain/csv/read';
import { registerAccessCommands } from './access-commands';
import { registerAttachmentsCommand } from './attachments-command';
import { registerFiltersCommands, registerSieveCommand } from './filters-commands';
import { CliFailure } from './cli-failure';
import { registerTemplateCommands } from './template-commands';
import { registerDnsCommands } from './dns-commands';
import { registerImportCommands } from './import-commands';
import { formatTable } from './format';

/** Exit codes: 0 success, 1 a validation or rule failure, 2 a usage error or unusable input. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (progress lines only go there). */
  stderrIsTTY?: boolean;
  /** The bundled strength worker, for password checks on worker threads. */
  strengthWorker?: string;
  /** The bundled DNS worker, for the DNS checks' lookups on their own thread. */
  dnsWorker?: string;
  mailWorker?: string;
  /** Starts the web host (kept out of this module so tests can run the CLI without it). */
  startWeb?: (runtime: Runtime, options: { port: number; open: boolean }, io: CliIO) => Promise<void>;
}

interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
  as?: string;
}

/** Runs one `mailwright …` command line and returns its exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let runtime: Runtime | undefined;
  let globals: GlobalOptions = {};
  let keepOpen = false;
  /** A command that ran but found what it checks for (e.g. a refused attachment) ends with 1. */
  let exitCode: number = EXIT.ok;
  const actor = `cli:${safeUser()}`;

  const open = (): Runtime => {
    if (!runtime) {
      const dataDir = resolveDataDir(globals.dataDir, io.env);
      const file = workspaceFile(dataDir);
      try {
        runtime = openRuntime({
          file,
          host: 'cli',
          appVersion: appVersion(),
          locale: null,
          secrets: { dataDir, onWarning: note },
          strengthWorker: io.strengthWorker,
          dnsWorker: io.dnsWorker,
          mailWorker: io.mailWorker,
        });
        if (runtime.secretsProblem) note(`Passwords can't be stored this session: ${runtime.secretsProblem.message}`);
      } catch (error) {
        if (error instanceof WorkspaceError) throw new CliFailure(EXIT.usage, error.message);
        throw error;
      }
    }
    return runtime;
  };

  async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = await open().dispatcher.dispatch(channel, input, globals.as ? { actor, as: globals.as } : { actor });
    if (result.ok) return result.value as ChannelOutput<C>;
    throw new CliFailure(EXIT.failed, result.error.message, result.error);
  }

  /** Prints the value as JSON (--json) or as text for people. */
  function print(value: unknown, human: () => string): void {
    if (globals.json) io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    else {
      const text = human();
      if (text !== '') io.stdout(`${text}\n`);
    }
  }
  const note = (text: string) => io.stderr(`${text}\n`);

  async function findOrganisation(ref: string): Promise<Organisation> {
    const orgs = await call('organisations.list', {});
    const byId = /^\d+$/.test(ref) ? orgs.find((o) => o.id === Number(ref)) : undefined;
    const found = byId ?? orgs.find((o) => o.name.toLowerCase() === ref.toLowerCase());
    if (!found) throw new CliFailure(EXIT.failed, `No organisation "${ref}". See "mailwright org list".`);
    return found;
  }

  async function findService(ref: string): Promise<MailService> {
    const services = await call('mailServices.list', {});
    const byId = /^\d+$/.test(ref) ? services.find((s) => s.id === Number(ref)) : undefined;
    const found = byId ?? services.find((s) => s.domain === ref.trim().toLowerCase());
    if (!found) throw new CliFailure(EXIT.failed, `No mail service for "${ref}". See "mailwright service list".`);
    return found;
  }

  async function findTemplate(service: MailService, name: string) {
    const found = (await call('templates.list', { mailServiceId: service.id })).find(
      (t) => t.name.toLowerCase() === name.trim().toLowerCase(),
    );
    if (!found)
      throw new CliFailure(
        EXIT.failed,
        `${service.domain} has no template "${name}". See "mailwright template list ${service.domain}".`,
      );
    return found;
  }

  async function findMailbox(address: string) {
    const found = await call('mailboxes.lookup', { addresses: [address] });
    const mailbox = found.mailboxes[0];
    if (!mailbox) throw new CliFailure(EXIT.failed, `No mailbox ${address}. See "mailwright mailbox list <service>".`);
    return mailbox;
  }

  const program = new Command('mailwright')
    .description('Mailwright: plan and keep the mail setup of your organisations (same workspace as the app).')
    .version(appVersion(), '-v, --version')
    .option('--data-dir <dir>', 'workspace folder (default: $MAILWRIGHT_DATA_DIR or the platform app-data folder)')
    .option('--json', 'machine-readable output on stdout')
    .option('--as <email>', 'act as this user for this command (default: the user the app acts as)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .hook('preAction', (_this, action) => {
      globals = action.optsWithGlobals<GlobalOptions>();
    });

  program
    .command('info')
    .description('show where the workspace lives and its schema version')
    .action(async () => {
      const info = await call('workspace.info', {});
      print(info, () => `workspace: ${info.path}\nschema:    ${info.schemaVersion}\nversion:   ${info.appVersion}`);
    });

  // Organisations ------------------------------------------------------------
  const org = program.command('org').description('organisations');
  org
    .command('list')
    .description('list organisations')
    .action(async () => {
      const orgs = await call('organisations.list', {});
      print(orgs, () =>
        orgs.length === 0
          ? 'No organisations yet. Add one: mailwright org add "Example AG"'
          : formatTable(orgs, [
              { key: 'id', label: 'ID', align: 'right' },
              { key: 'name', label: 'Name' },
              { key: 'productCount', label: 'Products', align: 'right' },
            ]),
      );
    });
  org
    .command('add <name>')
    .description('add an organisation')
    .action(async (name: string) => {
      const created = await call('organisations.create', { name });
      print(created, () => '');
      note(`Added organisation "${created.name}" (id ${created.id}).`);
    });
  org
    .command('rename <organisation> <name>')
    .description('rename an organisation (by id or name)')
    .action(async (ref: string, name: string) => {
      const found = await findOrganisation(ref);
      const updated = await call('organisations.update', { id: found.id, name });
      print(updated, () => '');
      note(`Renamed "${found.name}" to "${updated.name}".`);
    });
  org
    .command('rm <organisation>')
    .description('delete an empty organisation (by id or name)')
    .action(async (ref: string) => {
      const found = await findOrganisation(ref);
      const result = await call('organisations.delete', { id: found.id });
      print(result, () => '');
      note(`Deleted organisation "${found.name}".`);
    });

  // Mail services ------------------------------------------------------------
  const service = program.command('service').description('mail services');
  service
    .command('list')
    .description('list mail services')
    .option('--org <organisation>', 'only this organisation (id or name)')
    .action(async (opts: { org?: string }) => {
      const organisationId = opts.org ? (await findOrganisation(opts.org)).id : undefined;
      const services = await call('mailServices.list', { organisationId });
      print(services, () =>
        services.length === 0
          ? 'No mail services yet. Add one: mailwright service add example.ch --org "Example AG" --quota 50'
          : formatTable(
              services.map((s) => ({ ...s, usage: `${s.addressesUsed}/${s.addressQuota}` })),
              [
                { key: 'id', label: 'ID', align: 'right' },
                { key: 'domain', label: 'Domain' },
                { key: 'usage', label: 'Addresses', align: 'right' },
                { key: 'maintenance', label: 'Maintenance' },
                { key: 'locked', label: 'Locked' },
              ],
            ),
      );
    });
  service
    .command('add <domain>')
    .description('add a mail service for a domain')
    .requiredOption('--org <organisation>', 'organisation (id or name)')
    .requiredOption('--quota <n>', 'address quota', parseInteger)
    .option('--name <name>', 'product name (default: the domain)')
    .action(async (domain: string, opts: { org: string; quota: number; name?: string }) => {
      const orgId = (await findOrganisation(opts.org)).id;
      const created = await call('mailServices.create', {
        organisationId: orgId,
        domain,
        addressQuota: opts.quota,
        name: opts.name,
      });
      print(created, () => '');
      note(`Added mail service ${created.domain} (id ${created.id}, ${created.addressQuota} addresses).`);
    });
  service
    .command('set <service>')
    .description('change the address quota or maintenance mode (service by id or domain)')
    .option('--quota <n>', 'address quota', parseInteger)
    .addOption(new Option('--maintenance <state>', 'maintenance mode').choices(['on', 'off']))
    .action(async (ref: string, opts: { quota?: number; maintenance?: 'on' | 'off' }) => {
      const found = await findService(ref);
      const updated = await call('mailServices.update', {
        id: found.id,
        addressQuota: opts.quota,
        maintenance: opts.maintenance === undefined ? undefined : opts.maintenance === 'on',
      });
      print(updated, () => '');
      note(`Updated ${updated.domain}: ${updated.addressQuota} addresses, maintenance ${updated.maintenance ? 'on' : 'off'}.`);
    });
  service
    .command('rm <service>')
    .description('delete a mail service and all its mailboxes')
    .option('--yes', 'confirm: the mailboxes are deleted too')
    .action(async (ref: string, opts: { yes?: boolean }) => {
      const found = await findService(ref);
      if (!opts.yes) {
        throw new CliFailure(
          EXIT.usage,
          `This deletes ${found.domain} and its ${found.addressesUsed} mailbox(es). Run again with --yes to confirm.`,
        );
      }
      const result = await call('mailServices.delete', { id: found.id });
      print(result, () => '');
      note(`Deleted ${found.domain} and ${result.mailboxesDeleted} mailbox(es).`);
    });

  // Mailboxes ------------------------------------------------------------------
  const mailbox = program.command('mailbox').description('mailboxes');
  mailbox
    .command('list <service>')
    .description('list the mailboxes of a mail service (by id or domain)')
    .option('--search <text>', 'substring of the address or display name')
    .addOption(new Option('--state <state>', 'only this state').choices(MailboxState.options))
    .addOption(new Option('--sort <column>', 'sort column').choices(MailboxSortColumn.options).default('address'))
    .option('--desc', 'sort descending')
    .option('--limit <n>', 'rows per page (max 500)', parseInteger, 100)
    .option('--offset <n>', 'rows to skip', parseInteger, 0)
    .action(
      async (
        ref: string,
        opts: { search?: string; state?: MailboxState; sort: MailboxSortColumn; desc?: boolean; limit: number; offset: number },
      ) => {
        const found = await findService(ref);
        const page = await call('mailboxes.list', {
          mailServiceId: found.id,
          offset: opts.offset,
          limit: opts.limit,
          sort: { column: opts.sort, direction: opts.desc ? 'desc' : 'asc' },
          filter: { search: opts.search, state: opts.state },
        });
        print(page, () =>
          page.total === 0
            ? `No mailboxes${opts.search || opts.state ? ' match' : ` in ${found.domain} yet`}.`
            : `${formatTable(page.rows, [
                { key: 'id', label: 'ID', align: 'right' },
                { key: 'address', label: 'Address' },
                { key: 'displayName', label: 'Display name' },
                { key: 'storageQuotaMb', label: 'Quota MB', align: 'right' },
                { key: 'state', label: 'State' },
              ])}\n${page.offset + 1}–${page.offset + page.rows.length} of ${page.total}`,
        );
      },
    );
  mailbox
    .command('add <address>')
    .description('add a mailbox (full address; its domain names the mail service)')
    .option('--name <display-name>', 'display name', '')
    .option('--quota-mb <n>', 'storage quota in MB', parseInteger)
    .addOption(new Option('--state <state>', 'planned or created').choices(MailboxState.options).default('planned'))
    .option('--template <name>', "apply one of the mail service's templates")
    .action(async (address: string, opts: { name: string; quotaMb?: number; state: MailboxState; template?: string }) => {
      const at = address.lastIndexOf('@');
      if (at <= 0) throw new CliFailure(EXIT.usage, `"${address}" is not a full address: use name@domain.`);
      const found = await findService(address.slice(at + 1));
      const templateId = opts.template === undefined ? undefined : (await findTemplate(found, opts.template)).id;
      const created = await call('mailboxes.create', {
        mailServiceId: found.id,
        localPart: address.slice(0, at),
        displayName: opts.name,
        storageQuotaMb: opts.quotaMb,
        state: opts.state,
        templateId,
      });
      print(created, () => '');
      note(`Added ${created.address} (id ${created.id}).`);
    });
  mailbox
    .command('export <service>')
    .description('export mailboxes as CSV (UTF-8 with BOM, formula-safe; no passwords) to stdout or --out FILE')
    .option('--search <text>', 'substring of the address, display name, an alias or a forward target')
    .addOption(new Option('--state <state>', 'only this state').choices(MailboxState.options))
    .addOption(new Option('--forwarding <on|off>', 'only with / without forwarding').choices(['on', 'off']))
    .addOption(new Option('--auto-reply <on|off>', 'only with / without an active out-of-office reply').choices(['on', 'off']))
    .addOption(new Option('--delimiter <delimiter>', "',' ';' or 'tab'").choices([',', ';', 'tab']).default(','))
    .option('--out <file>', 'write to this file (refuses to overwrite)')
    .action(
      async (
        ref: string,
        opts: {
          search?: string;
          state?: MailboxState;
          forwarding?: 'on' | 'off';
          autoReply?: 'on' | 'off';
          delimiter: string;
          out?: string;
        },
      ) => {
        const found = await findService(ref);
        const result = await call('mailboxes.export', {
          mailServiceId: found.id,
          filter: { search: opts.search, state: opts.state, forwarding: opts.forwarding, autoReply: opts.autoReply },
          delimiter: opts.delimiter === 'tab' ? '\t' : (opts.delimiter as ',' | ';'),
        });
        if (opts.out) {
          try {
            fs.writeFileSync(opts.out, result.csv, { flag: 'wx' });
          } catch (error) {
            throw new CliFailure(
              EXIT.usage,
              `Can't write ${opts.out}: ${(error as NodeJS.ErrnoException).code === 'EEXIST' ? 'it already exists' : (error as Error).message}.`,
            );
          }
          print({ file: opts.out, rows: result.rows }, () => '');
          note(`Exported ${result.rows} mailbox(es) to ${opts.out}.`);
        } else if (globals.json) {
          print(result, () => '');
        } else {
          io.stdout(result.csv);
          note(`Exported ${result.rows} mailbox(es).`);
        }
      },
    );
  mailbox
    .command('forward <address> [targets...]')
    .description('forward a mailbox to these addresses (none: forwarding off)')
    .option('--drop-copy', 'delete forwarded messages here instead of keeping a copy')
    .action(async (address: string, targets: string[], opts: { dropCopy?: boolean }) => {
      const mailbox = await findMailbox(address);
      const result = await call('forwarding.set', { mailboxId: mailbox.id, targets, keepCopy: !opts.dropCopy });
      print(result, () => '');
      note(
        targets.length === 0
          ? `Forwarding of ${mailbox.address} is off.`
          : `${mailbox.address} forwards to ${result.mailbox.forwardTargets.join(', ')}.`,
      );
      for (const warning of result.warnings)
        note(`Note: ${warning.target} is a Gmail address; Gmail hides messages forwarded back to their own sender.`);
    });
  mailbox
    .command('alias <address> <action> <alias>')
    .description('add or remove an alias: mailwright mailbox alias anna@example.ch add sales')
    .action(async (address: string, action: string, alias: string) => {
      const mailbox = await findMailbox(address);
      if (action === 'add') {
        const created = await call('aliases.add', { mailboxId: mailbox.id, localPart: alias });
        print(created, () => '');
        note(`${created.address} now delivers to ${mailbox.address}.`);
      } else if (action === 'rm') {
        const details = await call('mailboxes.details', { id: mailbox.id });
        const found = details.aliases.find(
          (a) => a.localPart === alias.trim().toLowerCase() || a.address === alias.trim().toLowerCase(),
        );
        if (!found) throw new CliFailure(EXIT.failed, `${mailbox.address} has no alias "${alias}".`);
        const result = await call('aliases.remove', { id: found.id });
        print(result, () => '');
        note(`Removed ${found.address}. Undo: mailwright activity undo ${result.auditId}`);
      } else {
        throw new CliFailure(EXIT.usage, `Unknown action "${action}": use add or rm.`);
      }
    });
  mailbox
    .command('rm <address...>')
    .description('delete mailboxes by address (undo: mailwright activity undo ID)')
    .action(async (addresses: string[]) => {
      const found = await call('mailboxes.lookup', { addresses });
      if (found.missing.length > 0)
        throw new CliFailure(EXIT.failed, `No mailbox: ${found.missing.join(', ')}. Nothing was deleted.`);
      const result = await call('mailboxes.delete', { ids: found.mailboxes.map((m) => m.id) });
      print(result, () => '');
      note(`Deleted ${result.deleted} mailbox(es). Undo: mailwright activity undo ${result.auditId}`);
    });

  // Activity -------------------------------------------------------------------
  const activity = program.command('activity').description('the activity (audit) log');
  activity
    .command('list', { isDefault: true })
    .description('list recent changes')
    .option('--org <organisation>', 'only this organisation')
    .option('--user <text>', 'only changes by this user (part of the e-mail) or host (desktop:, cli:, web:)')
    .option('--action <action>', 'only this action (mailbox.delete) or area (mailbox, transfer, access)')
    .option('--entity <type>', 'only this kind of entity (mailbox, user, product, transfer, …)')
    .option('--since <date>', 'from this date or time (ISO 8601, e.g. 2026-11-01)')
    .option('--until <date>', 'up to this date or time (ISO 8601)')
    .option('--limit <n>', 'entries (max 500)', parseInteger, 50)
    .action(
      async (opts: {
        org?: string;
        user?: string;
        action?: string;
        entity?: string;
        since?: string;
        until?: string;
        limit: number;
      }) => {
        const organisationId = opts.org ? (await findOrganisation(opts.org)).id : undefined;
        const page = await call('audit.list', {
          organisationId,
          actor: opts.user,
          action: opts.action,
          entityType: opts.entity,
          from: opts.since === undefined ? undefined : isoBound(opts.since, 'start'),
          to: opts.until === undefined ? undefined : isoBound(opts.until, 'end'),
          limit: opts.limit,
        });
        print(page, () =>
          formatTable(
            page.rows.map((r) => ({ ...r, undo: r.undoable ? 'yes' : r.undoneAt ? 'undone' : '' })),
            [
              { key: 'id', label: 'ID', align: 'right' },
              { key: 'at', label: 'When (UTC)' },
              { key: 'actor', label: 'Who' },
              { key: 'action', label: 'Action' },
              { key: 'summary', label: 'What' },
              { key: 'undo', label: 'Undo' },
            ],
          ),
        );
      },
    );
  activity
    .command('undo')
    .description('undo a change from the activity log')
    .argument('<id>', 'activity entry id (see "mailwright activity")', parseInteger)
    .action(async (id: number) => {
      const result = await call('audit.undo', { id });
      print(result, () => '');
      note(`Undid activity ${result.undoneId}.`);
    });

  registerAccessCommands(program, {
    call,
    print,
    note,
    findOrganisation,
    readFile: (file) => fs.readFileSync(file, 'utf8'),
    writeFile: (file, text) => fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' }),
  });

  registerFiltersCommands(program, { call, print, note, findMailbox });
  registerSieveCommand(program, {
    call,
    print,
    note,
    findMailbox,
    readFile: (file) => fs.readFileSync(file, 'utf8'),
    setExitCode: (code) => (exitCode = code),
  });
  registerDnsCommands(program, {
    call,
    print,
    note,
    readFile: (file) => fs.readFileSync(file, 'utf8'),
    setExitCode: (code) => (exitCode = code),
  });
  registerImportCommands(program, {
    call,
    findService,
    subscribe: (sink) => open().dispatcher.subscribe(sink),
    idle: () => open().services.imports.idle(),
    env: io.env,
    writeFile: (file, text) => fs.writeFileSync(file, text),
    print,
    note,
    readBytes: (file) => fs.readFileSync(file),
    setExitCode: (code) => (exitCode = code),
  });
  registerTemplateCommands(program, { call, print, note, findService, readFile: (file) => fs.readFileSync(file, 'utf8') });
  registerAttachmentsCommand(program, { print, note, setExitCode: (code) => (exitCode = code) });

  // Bulk creation from CSV -------------------------------------------------------
  const csv = program.command('csv').description("bulk creation from the provider's 4-column CSV");
  csv
    .command('template')
    .description("print the provider's template (header row and an example line)")
    .option('--domain <domain>', 'domain for the example line')
    .action(async (opts: { domain?: string }) => {
      const template = await call('bulkCreate.template', { domain: opts.domain });
      if (globals.json) print(template, () => '');
      else io.stdout(template.csv);
    });

  /** Reads and checks a file as the service would; never prints a password. */
  async function checkFile(file: string, domainRef: string, quota?: number, onProgress?: (done: number, total: number) => void) {
    // The workers start (and warm up) while the file is read and parsed: their checks come next.
    open().warmStrength();
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      throw new CliFailure(
        EXIT.usage,
        `Can't read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      );
    }
    const services = await call('mailServices.list', {});
    const domain = checkDomain(domainRef);
    const service = services.find((s) => s.domain === (domain.ok ? domain.domain : domainRef) || String(s.id) === domainRef);
    if (!service && !domain.ok) throw new CliFailure(EXIT.usage, `"${domainRef}" is neither a mail service nor a domain.`);
    const context = service
      ? await call('bulkCreate.context', { mailServiceId: service.id })
      : {
          domain: domain.ok ? domain.domain : domainRef,
          free: Number.MAX_SAFE_INTEGER,
          existing: [],
          recent: [],
          now: new Date().toISOString(),
        };
    // Strength first, on worker threads, for the distinct passwords; then the rules with those verdicts.
    const table = readCsvBytes(bytes);
    if (!table.ok) throw new CliFailure(EXIT.usage, UNUSABLE_FILE[table.problem]);
    const columns = mapColumns(table.records, context.domain);
    if (!columns.ok) throw new CliFailure(EXIT.usage, UNUSABLE_FILE[columns.problem]);
    const requests = strengthRequests(toRows(columns.data, columns.mapping), context.domain);
    const verdicts = await open().strength(requests, onProgress && ((done) => onProgress(done, requests.length)));
    const known = new Map(requests.map((r, i) => [r.key, verdicts[i]!]));
    const checked = checkCsvFile(bytes, {
      domain: context.domain,
      existing: new Set(context.existing),
      free: quota ?? context.free,
      recent: context.recent,
      now: new Date(context.now),
      isStrong: (password, inputs) => known.get(strengthKey(password, inputs)) ?? false,
    });
    if (!checked.ok) throw new CliFailure(EXIT.usage, UNUSABLE_FILE[checked.problem]);
    return { service, domain: context.domain, result: checked.result };
  }

  const progress = (label: string) => {
    if (!io.stderrIsTTY) return undefined;
    let last = -1;
    return (done: number, total: number) => {
      const percent = Math.floor((done / total) * 100);
      if (percent !== last && percent % 5 === 0) io.stderr(`\r${label} ${percent} % (${done}/${total})`);
      last = percent;
      if (done === total) io.stderr('\n');
    };
  };

  csv
    .command('check <file>')
    .description('check a file against the rules, without writing anything (exit 1 when a row has an error)')
    .requiredOption(
      '--domain <domain>',
      "the mail service's domain (its existing addresses and free quota count if it is in the workspace)",
    )
    .option('--quota <n>', 'free addresses to assume instead of the service’s', parseInteger)
    .action(async (file: string, opts: { domain: string; quota?: number }) => {
      const { result, domain } = await checkFile(file, opts.domain, opts.quota, progress('Checking passwords'));
      const report = {
        encoding: result.encoding,
        bom: result.bom,
        delimiter: result.delimiter,
        // A first line that names no known column may be a row of data: what stands in its password column is not shown.
        header:
          result.header?.map((cell, i) =>
            i === result.mapping.password && fieldOfHeader(cell) !== 'password' ? '(not shown)' : cell,
          ) ?? null,
        mapping: result.mapping,
        rows: result.checks.map((c) => ({
          line: c.line,
          address: c.address,
          status: c.status,
          issues: c.issues.map((i) => ({ code: i.code, severity: i.severity, message: ISSUE_MESSAGES[i.code](domain) })),
        })),
        summary: result.summary,
        batches: result.batches,
      };
      if (result.header && !result.header.some((cell) => fieldOfHeader(cell) !== undefined)) {
        note(`Line 1 names no known column, so it was read as a header and not checked. If it is an address, add a header line.`);
      }
      print(report, () => {
        const problems = report.rows.filter((r) => r.status !== 'ok');
        const lines = [
          `${file}: ${result.encoding}${result.bom ? ' with BOM' : ''}, delimiter ${JSON.stringify(result.delimiter)}, ${report.summary.total} rows: ${report.summary.ok} ok, ${report.summary.warning} with warnings, ${report.summary.error} with errors`,
        ];
        if (problems.length > 0) {
          lines.push(
            formatTable(
              problems.flatMap((r) =>
                r.issues.map((i) => ({
                  line: r.line,
                  address: r.address,
                  severity: i.severity,
                  code: i.code,
                  message: i.message,
                })),
              ),
              [
                { key: 'line', label: 'Line', align: 'right' },
                { key: 'address', label: 'Address' },
                { key: 'severity', label: 'Severity' },
                { key: 'code', label: 'Code' },
                { key: 'message', label: 'What to do' },
              ],
            ),
          );
        }
        if (result.batches.length > 0) {
          lines.push(`Batches (at most 50 new addresses per 24 hours):`);
          for (const b of result.batches) lines.push(`  ${b.index}: ${b.size} addresses, not before ${b.notBefore}`);
        }
        return lines.join('\n');
      });
      if (result.summary.error > 0) throw new CliFailure(EXIT.failed, `${result.summary.error} row(s) have errors.`);
    });

  csv
    .command('apply <file>')
    .description('check a file and plan its mailboxes in the workspace, in batches of at most 50 per 24 hours (all or nothing)')
    .requiredOption('--service <service>', 'mail service (id or domain)')
    .option(
      '--generate-passwords',
      'replace missing and weak passwords with generated ones (exported with the batch, never printed)',
    )
    .option('--template <name>', "apply one of the mail service's templates to the new mailboxes")
    .action(async (file: string, opts: { service: string; generatePasswords?: boolean; template?: string }) => {
      const target = await findService(opts.service);
      const templateId = opts.template === undefined ? undefined : (await findTemplate(target, opts.template)).id;
      const { result } = await checkFile(file, String(target.id), undefined, progress('Checking passwords'));
      const result2 = await call('bulkCreate.commit', {
        mailServiceId: target.id,
        fileName: path.basename(file),
        rows: result.rows,
        generatePasswords: opts.generatePasswords ?? false,
        templateId,
      });
      print(result2, () => formatBatches(result2.batches));
      note(
        `Planned ${result2.created} mailbox(es) in ${result2.batches.length} batch(es)` +
          (result2.generated > 0 ? `; generated ${result2.generated} password(s), exported with their batch.` : '.'),
      );
    });

  csv
    .command('batches')
    .description('list the batches and when each may go to the provider')
    .option('--service <service>', 'only this mail service (id or domain)')
    .action(async (opts: { service?: string }) => {
      const mailServiceId = opts.service ? (await findService(opts.service)).id : undefined;
      const batches = await call('bulkCreate.batches', { mailServiceId });
      print(batches, () =>
        batches.length === 0 ? 'No batches yet. Plan some: mailwright csv apply FILE --service DOMAIN' : formatBatches(batches),
      );
    });

  csv
    .command('export-batch')
    .description(
      "write a batch as the provider's upload file (it contains the passwords: keep it safe, delete it after the upload)",
    )
    .argument('<batch>', 'batch id (see "mailwright csv batches")', parseInteger)
    .requiredOption('--out <file>', 'file to create (refuses to overwrite; readable only by you)')
    .action(async (batchId: number, opts: { out: string }) => {
      const exported = await call('bulkCreate.exportBatch', { batchId });
      try {
        fs.writeFileSync(opts.out, exported.csv, { flag: 'wx', mode: 0o600 });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliFailure(
          EXIT.usage,
          `Can't write ${opts.out}: ${code === 'EEXIST' ? 'it already exists' : (error as Error).message}.`,
        );
      }
      // The CSV (with passwords) went to the file only: stdout gets where and how many.
      print({ file: opts.out, rows: exported.rows }, () => '');
      note(
        `Wrote batch ${batchId} (${exported.rows} addresses) to ${opts.out}. Upload it, then: mailwright csv mark-applied ${batchId}`,
      );
    });

  csv
    .command('mark-applied')
    .description(
      'record that the provider created a batch (its mailboxes become "created"; the next batch unlocks 24 hours later)',
    )
    .argument('<batch>', 'batch id', parseInteger)
    .action(async (batchId: number) => {
      const batch = await call('bulkCreate.markApplied', { batchId });
      print(batch, () => '');
      note(`Batch ${batch.position} of ${batch.fileName} marked as created at the provider.`);
    });

  // Workspace ------------------------------------------------------------------
  program
    .command('backup')
    .description('copy the workspace to a file (SQLite online backup; safe while the app runs)')
    .requiredOption('--to <file>', 'backup file to create')
    .action(async (opts: { to: string }) => {
      try {
        const result = await backupWorkspace(open().db, opts.to);
        print(result, () => '');
        note(`Backed up the workspace to ${result.file} (${result.bytes} bytes).`);
      } catch (error) {
        if (error instanceof WorkspaceError) throw new CliFailure(EXIT.usage, error.message);
        throw error;
      }
    });
  program
    .command('restore')
    .description('replace the workspace with a backup (the current one is kept beside it)')
    .requiredOption('--from <file>', 'backup file')
    .action(async (opts: { from: string }) => {
      const file = workspaceFile(resolveDataDir(globals.dataDir, io.env));
      try {
        const result = await restoreWorkspace(opts.from, file);
        print(result, () => '');
        note(
          `Restored ${result.workspace} from ${result.restoredFrom}.` +
            (result.previousSavedAs ? ` The previous workspace was kept as ${result.previousSavedAs}.` : ''),
        );
      } catch (error) {
        if (error instanceof WorkspaceError) throw new CliFailure(EXIT.usage, error.message);
        throw error;
      }
    });
  program
    .command('web')
    .description('serve the app to your browser on 127.0.0.1 (loopback only)')
    .option('--port <n>', 'port (default: a free one)', parseInteger, 0)
    .option('--open', 'open the default browser')
    .action(async (opts: { port: number; open?: boolean }) => {
      if (!io.startWeb) throw new CliFailure(EXIT.usage, 'The web host is not available in this build.');
      keepOpen = true;
      await io.startWeb(open(), { port: opts.port, open: opts.open ?? false }, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliFailure) {
      if (globals.json && error.error) io.stdout(`${JSON.stringify({ ok: false, error: error.error }, null, 2)}\n`);
      io.stderr(`mailwright: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`mailwright: unexpected error: ${(error as Error).message}\n`);
    return EXIT.failed;
  } finally {
    // The web command keeps its runtime open until the process ends.
    if (runtime && !keepOpen) runtime.close();
  }
}

const UNUSABLE_FILE: Record<'empty-file' | 'spreadsheet-file' | 'binary-file' | 'no-columns', string> = {
  'empty-file': 'The file is empty. Fill in the template (mailwright csv template) and try again.',
  'spreadsheet-file':
    'This is an Excel (or other spreadsheet) workbook, not a CSV file. In Excel: File › Save As › "CSV UTF-8 (comma delimited)".',
  'binary-file': 'This is not a text file. Save the table as CSV (UTF-8) and try again.',
  'no-columns':
    'No columns were recognised. Use the template’s order (address, password, forward-to, 0/1) or name the columns in the first line.',
};

function formatBatches(
  batches: { id: number; fileName: string; position: number; size: number; status: string; notBefore: string }[],
): string {
  return formatTable(batches, [
    { key: 'id', label: 'Batch', align: 'right' },
    { key: 'fileName', label: 'File' },
    { key: 'position', label: '#', align: 'right' },
    { key: 'size', label: 'Addresses', align: 'right' },
    { key: 'status', label: 'Status' },
    { key: 'notBefore', label: 'Not before (UTC)' },
  ]);
}

/** `2026-11-01` → the day's first (or last) millisecond in UTC; a full timestamp as it is. */
function isoBound(value: string, side: 'start' | 'end'): string {
  const text = value.trim();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const date = new Date(day ? `${text}T${side === 'start' ? '00:00:00.000' : '23:59:59.999'}Z` : text);
  if (Number.isNaN(date.getTime()))
    throw new CliFailure(EXIT.usage, `"${value}" is not a date. Use ISO 8601, e.g. 2026-11-01 or 2026-11-01T08:00:00Z.`);
  return date.toISOString();
}

function parseInteger(value: string): number {
  if (!/^\d{1,15}$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a whole number.`);
  return Number(value);
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

function appVersion(): string {
  return typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
}
