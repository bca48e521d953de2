import { type Command, Option } from 'commander';
import type {
  ChannelInput,
  ChannelName,
  ChannelOutput,
  MailboxSelection,
  MailboxTemplate,
  MailService,
  TemplatePreview,
} from '../../shared/contract';
import { CliFailure } from './cli-failure';

interface Helpers {
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  print(value: unknown, human: () => string): void;
  note(text: string): void;
  findService(ref: string): Promise<MailService>;
  readFile(file: string): string;
}

/** One line per part a template sets, as an admin would say it. */
export function describeTemplate(t: MailboxTemplate): string {
  const s = t.settings;
  const parts: string[] = [];
  if (s.storageQuotaMb !== null) parts.push(`storage quota ${s.storageQuotaMb} MB`);
  if (s.forwarding)
    parts.push(
      s.forwarding.targets.length === 0
        ? 'forwarding off'
        : `forward to ${s.forwarding.targets.join(', ')} (${s.forwarding.keepCopy ? 'keep a copy' : 'delete the copy'})`,
    );
  if (s.autoReply) parts.push(`out-of-office "${s.autoReply.name}"${s.autoReply.active ? ' switched on' : ''}`);
  if (s.filters) {
    const f = s.filters.settings;
    const on = [f.spam && 'spam', f.promotions && 'promotions', f.social && 'social networks'].filter(Boolean).join(', ');
    parts.push(`filters: ${on || 'all off'}; allow ${s.filters.allow.length}, block ${s.filters.block.length}`);
  }
  if (s.sieve) parts.push(`Sieve script "${s.sieve.name}"${s.sieve.activate ? ' (active)' : ''}`);
  return parts.length ? parts.join('; ') : 'sets nothing yet';
}

const FIELD_LABEL: Record<string, string> = {
  storageQuota: 'storage quota',
  forwarding: 'forwarding',
  autoReply: 'out-of-office',
  filters: 'filters',
  sieve: 'Sieve',
};

function describePreview(p: TemplatePreview, verb: string): string {
  const fields = Object.entries(p.fields)
    .filter(([, n]) => n > 0)
    .map(([f, n]) => `${FIELD_LABEL[f]} ${n}`)
    .join(', ');
  const lines = [`${p.changed} of ${p.total} selected mailbox(es) ${verb}${fields ? ` (${fields})` : ''}.`];
  for (const row of p.rows.slice(0, 20))
    lines.push(`  ${row.address}: ${row.changes.map((c) => FIELD_LABEL[c.field]).join(', ')}`);
  if (p.changed > 20) lines.push(`  … and ${p.changed - 20} more`);
  for (const e of p.errors) lines.push(`  error: ${e.address}: ${e.message}`);
  return lines.join('\n');
}

/** `mailwright template list|show|save|rm|apply`: named settings for many mailboxes of a mail service. */
export function registerTemplateCommands(program: Command, h: Helpers): void {
  const template = program.command('template').description('mailbox templates: quota, forwarding, out-of-office, filters, Sieve');
  const find = async (serviceRef: string, name: string) => {
    const service = await h.findService(serviceRef);
    const all = await h.call('templates.list', { mailServiceId: service.id });
    const found = all.find((t) => t.name.toLowerCase() === name.trim().toLowerCase());
    if (!found)
      throw new CliFailure(1, `${service.domain} has no template "${name}". See "mailwright template list ${service.domain}".`);
    return { service, template: found };
  };

  template
    .command('list <service>')
    .description('the templates of a mail service (id or domain)')
    .action(async (ref: string) => {
      const service = await h.findService(ref);
      const all = await h.call('templates.list', { mailServiceId: service.id });
      h.print(all, () =>
        all.length === 0
          ? `No templates in ${service.domain} yet. Add one: mailwright template save ${service.domain} NAME --quota-mb 4096`
          : all.map((t) => `${t.name}: ${describeTemplate(t)}`).join('\n'),
      );
    });

  template
    .command('save <service> <name>')
    .description('add or change a template; options given replace those parts, the rest stays')
    .option('--file <json>', 'the settings as JSON (storageQuotaMb, forwarding, autoReply, filters, sieve)')
    .option('--description <text>', 'what the template is for')
    .option('--quota-mb <n>', 'storage quota in MB', (v) => Number.parseInt(v, 10))
    .option('--forward <addresses>', 'forward to these addresses (comma-separated), or "off"')
    .addOption(
      new Option('--copy <keep|delete>', 'keep or delete the copy when forwarding').choices(['keep', 'delete']).default('keep'),
    )
    .option('--sieve <file>', 'a Sieve script (stored and made active)')
    .action(
      async (
        ref: string,
        name: string,
        o: { file?: string; description?: string; quotaMb?: number; forward?: string; copy: string; sieve?: string },
      ) => {
        const service = await h.findService(ref);
        const existing = (await h.call('templates.list', { mailServiceId: service.id })).find(
          (t) => t.name.toLowerCase() === name.trim().toLowerCase(),
        );
        let settings: Record<string, unknown> = { ...(existing?.settings ?? {}) };
        if (o.file) {
          try {
            settings = { ...settings, ...(JSON.parse(h.readFile(o.file)) as Record<string, unknown>) };
          } catch (error) {
            throw new CliFailure(2, `Can't read ${o.file} as JSON: ${(error as Error).message}`);
          }
        }
        if (o.quotaMb !== undefined) settings.storageQuotaMb = o.quotaMb;
        if (o.forward !== undefined) {
          const targets =
            o.forward.trim() === 'off'
              ? []
              : o.forward
                  .split(',')
                  .map((t) => t.trim())
                  .filter(Boolean);
          settings.forwarding = { targets, keepCopy: o.copy !== 'delete' };
        }
        if (o.sieve) settings.sieve = { name, content: h.readFile(o.sieve), activate: true };
        const saved = await h.call('templates.save', {
          mailServiceId: service.id,
          id: existing?.id,
          name,
          description: o.description ?? existing?.description ?? '',
          settings: settings as ChannelInput<'templates.save'>['settings'],
        });
        h.print(saved, () => `${saved.name}: ${describeTemplate(saved)}`);
        h.note(existing ? `Changed template "${saved.name}".` : `Added template "${saved.name}" to ${service.domain}.`);
      },
    );

  template
    .command('rm <service> <name>')
    .description('delete a template (undo from the activity log)')
    .action(async (ref: string, name: string) => {
      const { template: t } = await find(ref, name);
      const done = await h.call('templates.delete', { id: t.id });
      h.print(done, () => '');
      h.note(`Deleted template "${t.name}". Undo: mailwright activity undo ${done.auditId}`);
    });

  template
    .command('apply <service> <name>')
    .description('apply a template to mailboxes (one transaction, undoable); --dry-run shows what would change')
    .option('--to <addresses...>', 'these mailboxes (local parts or full addresses)')
    .option('--all', 'every mailbox of the service')
    .option('--search <text>', 'every mailbox matching this text (as the table’s search)')
    .option('--dry-run', 'show what would change, change nothing')
    .action(async (ref: string, name: string, o: { to?: string[]; all?: boolean; search?: string; dryRun?: boolean }) => {
      const { service, template: t } = await find(ref, name);
      const chosen = [o.to !== undefined, o.all === true, o.search !== undefined].filter(Boolean).length;
      if (chosen !== 1) throw new CliFailure(2, 'Say which mailboxes: --to ADDRESS…, --all or --search TEXT (one of them).');
      let selection: MailboxSelection;
      if (o.to) {
        const addresses = o.to.flatMap((a) => a.split(',')).map((a) => (a.includes('@') ? a : `${a}@${service.domain}`));
        const found = await h.call('mailboxes.lookup', { addresses });
        if (found.missing.length > 0) throw new CliFailure(1, `No mailbox ${found.missing.join(', ')}. Nothing was changed.`);
        const foreign = found.mailboxes.filter((m) => m.mailServiceId !== service.id);
        if (foreign.length > 0)
          throw new CliFailure(1, `${foreign[0]!.address} is not in ${service.domain}. Nothing was changed.`);
        selection = { kind: 'ids', ids: found.mailboxes.map((m) => m.id) };
      } else selection = { kind: 'matching', filter: o.search ? { search: o.search } : {}, excludeIds: [] };
      const preview = await h.call('templates.preview', { id: t.id, selection });
      if (o.dryRun) {
        h.print(preview, () => describePreview(preview, 'would change'));
        if (preview.errors.length > 0) throw new CliFailure(1, `${preview.errors.length} mailbox(es) would refuse the template.`);
        return;
      }
      const done = await h.call('templates.apply', { id: t.id, selection });
      h.print({ ...done, preview }, () => describePreview(preview, 'changed'));
      h.note(done.auditId ? `Applied "${t.name}". Undo: mailwright activity undo ${done.auditId}` : 'Nothing to change.');
    });
}
