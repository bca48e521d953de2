import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ChannelInput, ChannelName, ChannelOutput, Organisation, Product } from '../../shared/contract';
import { PRODUCT_RIGHTS, type ProductRight, rightsFromList } from '../../shared/domain/roles/permissions';
import { ROLES } from '../../shared/domain/roles/roles';
import { PRODUCT_KINDS, type ProductKind } from '../../shared/domain/products/products';
import { CliFailure } from './cli-failure';
import { formatTable } from './format';

export interface CliHelpers {
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  print(value: unknown, human: () => string): void;
  note(text: string): void;
  findOrganisation(ref: string): Promise<Organisation>;
  readFile(file: string): string;
  /** Creates the file (never overwrites), readable by the user only. */
  writeFile(file: string, text: string): void;
}

const FAILED = 1;
const USAGE = 2;

function parseRights(value: string): ProductRight[] {
  const rights = value
    .split(',')
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  for (const r of rights) {
    if (!(PRODUCT_RIGHTS as readonly string[]).includes(r)) {
      throw new InvalidArgumentError(`"${r}" is not a right. Use ${PRODUCT_RIGHTS.join(', ')} (comma-separated).`);
    }
  }
  return rights as ProductRight[];
}

/** `mailwright user …`, `access …`, `transfer …`: users and roles, product access, product transfers. */
export function registerAccessCommands(program: Command, h: CliHelpers): void {
  const { call, print, note } = h;

  async function member(orgId: number, email: string) {
    const members = await call('users.list', { organisationId: orgId });
    const found = members.find((m) => m.email === email.trim().toLowerCase());
    if (!found) throw new CliFailure(FAILED, `${email} is not a member. See "mailwright user list --org …".`);
    return found;
  }

  async function product(orgId: number, ref: string): Promise<Product> {
    const products = await call('products.list', { organisationId: orgId });
    const byId = /^\d+$/.test(ref) ? products.find((p) => p.id === Number(ref)) : undefined;
    const matches = byId ? [byId] : products.filter((p) => p.name.toLowerCase() === ref.trim().toLowerCase());
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      throw new CliFailure(
        FAILED,
        `${matches.length} products are named "${ref}": use an id (${matches.map((p) => `${p.id} ${p.kind}`).join(', ')}).`,
      );
    }
    throw new CliFailure(FAILED, `No product "${ref}" in this organisation. See "mailwright access show --org …".`);
  }

  // Products (other than mail services, which `service` manages) ---------------
  const productCmd = program.command('product').description('products of an organisation (domains, kSuite, hosting, drives)');
  productCmd
    .command('list')
    .description('list the products of an organisation')
    .requiredOption('--org <organisation>', 'organisation (id or name)')
    .action(async (opts: { org: string }) => {
      const org = await h.findOrganisation(opts.org);
      const products = await call('products.list', { organisationId: org.id });
      print(products, () =>
        formatTable(products, [
          { key: 'id', label: 'ID', align: 'right' },
          { key: 'kind', label: 'Kind' },
          { key: 'name', label: 'Name' },
          { key: 'locked', label: 'Locked' },
        ]),
      );
    });
  productCmd
    .command('add <name>')
    .description('add a product (mail services: mailwright service add)')
    .requiredOption('--org <organisation>', 'organisation (id or name)')
    .addOption(
      new Option('--kind <kind>', 'kind').choices(PRODUCT_KINDS.filter((k) => k !== 'mail-service')).makeOptionMandatory(),
    )
    .action(async (name: string, opts: { org: string; kind: Exclude<ProductKind, 'mail-service'> }) => {
      const org = await h.findOrganisation(opts.org);
      const created = await call('products.create', { organisationId: org.id, kind: opts.kind, name });
      print(created, () => '');
      note(`Added ${created.kind} "${created.name}" (id ${created.id}) to "${org.name}".`);
    });

  // Users ---------------------------------------------------------------------
  const user = program.command('user').description('users and their roles per organisation');
  user
    .command('list')
    .description('list the members of an organisation, or every user of the workspace')
    .option('--org <organisation>', 'organisation (id or name)')
    .action(async (opts: { org?: string }) => {
      if (!opts.org) {
        const me = await call('access.me', {});
        print(me.users, () =>
          formatTable(
            me.users.map((u) => ({ ...u, acting: u.id === me.user?.id ? '*' : '' })),
            [
              { key: 'acting', label: 'Acting' },
              { key: 'email', label: 'E-mail' },
              { key: 'displayName', label: 'Name' },
            ],
          ),
        );
        return;
      }
      const org = await h.findOrganisation(opts.org);
      const members = await call('users.list', { organisationId: org.id });
      print(members, () =>
        formatTable(members, [
          { key: 'email', label: 'E-mail' },
          { key: 'displayName', label: 'Name' },
          { key: 'role', label: 'Role' },
        ]),
      );
    });
  user
    .command('add <email>')
    .description('add a member to an organisation')
    .requiredOption('--org <organisation>', 'organisation (id or name)')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .option('--name <name>', 'display name (new users)')
    .action(async (email: string, opts: { org: string; role: (typeof ROLES)[number]; name?: string }) => {
      const org = await h.findOrganisation(opts.org);
      const added = await call('users.add', { organisationId: org.id, email, role: opts.role, displayName: opts.name ?? '' });
      print(added, () => '');
      note(`Added ${added.email} to "${org.name}" as ${added.role}.`);
    });
  user
    .command('role <email> <role>')
    .description(`change a member's role (${ROLES.join(', ')})`)
    .requiredOption('--org <organisation>', 'organisation (id or name)')
    .action(async (email: string, role: string, opts: { org: string }) => {
      if (!(ROLES as readonly string[]).includes(role))
        throw new CliFailure(USAGE, `"${role}" is not a role. Use ${ROLES.join(', ')}.`);
      const org = await h.findOrganisation(opts.org);
      const found = await member(org.id, email);
      const updated = await call('users.setRole', {
        organisationId: org.id,
        userId: found.id,
        role: role as (typeof ROLES)[number],
      });
      print(updated, () => '');
      note(`${updated.email} is now ${updated.role} in "${org.name}".`);
    });
  user
    .command('rm <email>')
    .description('remove a member (and their access) from an organisation')
    .requiredOption('--org <organisation>', 'organisation (id or name)')
    .action(async (email: string, opts: { org: string }) => {
      const org = await h.findOrganisation(opts.org);
      const found = await member(org.id, email);
      const result = await call('users.remove', { organisationId: org.id, userId: found.id });
      print(result, () => '');
      note(`Removed ${found.email} from "${org.name}".`);
    });
  user
    .command('act-as <email>')
    .description('choose the user the app and the CLI act as (every change is checked against their rights)')
    .action(async (email: string) => {
      const me = await call('access.me', {});
      const target = me.users.find((u) => u.email === email.trim().toLowerCase());
      if (!target) throw new CliFailure(FAILED, `No user ${email} in this workspace. See "mailwright user list".`);
      const now = await call('access.actAs', { userId: target.id });
      print(now, () => '');
      note(`Acting as ${target.email}.`);
    });

  // Access --------------------------------------------------------------------
  const access = program.command('access').description('product access of collaborators and externals');
  access
    .command('show')
    .description('the access matrix of an organisation (users × products)')
    .requiredOption('--org <organisation>', 'organisation (id or name)')
    .action(async (opts: { org: string }) => {
      const org = await h.findOrganisation(opts.org);
      const m = await call('access.matrix', { organisationId: org.id });
      print(m, () => {
        const rows = m.members.map((u) => {
          const row: Record<string, unknown> = { email: u.email, role: u.role };
          for (const p of m.products) {
            const manager = u.role === 'legal-representative' || u.role === 'administrator';
            const direct = m.grants.find((g) => g.userId === u.id && g.productId === p.id)?.rights ?? [];
            const via = m.viaGroups.find((g) => g.userId === u.id && g.productId === p.id)?.rights ?? [];
            row[`p${p.id}`] = manager ? 'all' : [...new Set([...direct, ...via])].join('+') || '-';
          }
          return row;
        });
        return formatTable(rows, [
          { key: 'email', label: 'User' },
          { key: 'role', label: 'Role' },
          ...m.products.map((p) => ({ key: `p${p.id}`, label: `${p.name} (${p.kind})` })),
        ]);
      });
    });
  access
    .command('grant <email> <product>')
    .description('set a member’s rights on a product (product by id or name)')
    .requiredOption('--org <organisation>', 'organisation (id or name)')
    .requiredOption('--rights <list>', `comma-separated: ${PRODUCT_RIGHTS.join(', ')}`, parseRights)
    .action(async (email: string, ref: string, opts: { org: string; rights: ProductRight[] }) => {
      const org = await h.findOrganisation(opts.org);
      const [found, p] = [await member(org.id, email), await product(org.id, ref)];
      const grant = await call('access.grant', { userId: found.id, productId: p.id, rights: rightsFromList(opts.rights) });
      print(grant, () => '');
      note(`${found.email} on "${p.name}": ${grant.rights.join(', ') || 'no access'}.`);
    });
  access
    .command('revoke <email> <product>')
    .description('take all of a member’s rights on a product')
    .requiredOption('--org <organisation>', 'organisation (id or name)')
    .action(async (email: string, ref: string, opts: { org: string }) => {
      const org = await h.findOrganisation(opts.org);
      const [found, p] = [await member(org.id, email), await product(org.id, ref)];
      const grant = await call('access.grant', { userId: found.id, productId: p.id, rights: rightsFromList([]) });
      print(grant, () => '');
      note(`${found.email} has no access to "${p.name}" any more.`);
    });

  // Transfers -----------------------------------------------------------------
  const transfer = program.command('transfer').description('move products to another organisation (by link or .mwtransfer file)');
  // Running `transfer create` or `transfer accept` is the explicit act of accepting (the issue's command lines
  // carry no flag for it); the terms are printed every time, and --accept-terms may be given to say so in scripts.
  const terms = 'accept the terms of transfer (implied by running the command; printed each time)';
  const TERMS_TEXT =
    'Terms of transfer: the products move with their data (a mail service with all its mailboxes); the users’ access to them and the invoices stay with the source organisation; kSuite can’t be transferred. Running this command accepts them.';
  transfer
    .command('create')
    .description('create a transfer link for products of an organisation (kSuite excluded)')
    .requiredOption('--org <organisation>', 'source organisation (id or name)')
    .requiredOption('--products <list>', 'comma-separated product ids or names')
    .option('--days <n>', 'days the link stays valid (1–30, default 7)', (v) => Number.parseInt(v, 10))
    .option('--accept-terms', terms)
    .action(async (opts: { org: string; products: string; days?: number; acceptTerms?: boolean }) => {
      note(TERMS_TEXT);
      const org = await h.findOrganisation(opts.org);
      const ids: number[] = [];
      for (const ref of opts.products
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean))
        ids.push((await product(org.id, ref)).id);
      const created = await call('transfers.create', {
        organisationId: org.id,
        productIds: ids,
        acceptTerms: true,
        validDays: opts.days,
      });
      // The link is the point of this command: it goes to stdout (also without --json), the rest to stderr.
      print(created, () => created.link);
      note(
        `Transfer ${created.transfer.id} of ${created.transfer.products.map((p) => p.name).join(', ')}, valid until ${created.transfer.expiresAt}.`,
      );
      note(
        'Whoever has the link can preview it; only an administrator or legal representative of the destination can accept it.',
      );
    });
  transfer
    .command('show <link>')
    .description('what a transfer link brings (and what stays behind)')
    .action(async (link: string) => {
      const preview = await call('transfers.preview', { link });
      print(preview, () => previewText(preview));
    });
  transfer
    .command('accept <link>')
    .description('receive the products of a transfer link into an organisation')
    .requiredOption('--to <organisation>', 'destination organisation (id or name)')
    .option('--accept-terms', terms)
    .action(async (link: string, opts: { to: string; acceptTerms?: boolean }) => {
      note(TERMS_TEXT);
      const org = await h.findOrganisation(opts.to);
      const done = await call('transfers.accept', { link, destinationOrganisationId: org.id, acceptTerms: true });
      print(done, () => '');
      note(`Received ${done.products.map((p) => p.name).join(', ')} from "${done.sourceOrganisation}" into "${org.name}".`);
    });
  transfer
    .command('list')
    .description('transfers from and into an organisation')
    .requiredOption('--org <organisation>', 'organisation (id or name)')
    .action(async (opts: { org: string }) => {
      const org = await h.findOrganisation(opts.org);
      const list = await call('transfers.list', { organisationId: org.id });
      print(list, () =>
        list.length === 0
          ? 'No transfers.'
          : formatTable(
              list.map((t) => ({ ...t, products: t.products.map((p) => p.name), to: t.destinationOrganisation ?? '' })),
              [
                { key: 'id', label: 'ID', align: 'right' },
                { key: 'state', label: 'State' },
                { key: 'sourceOrganisation', label: 'From' },
                { key: 'to', label: 'To' },
                { key: 'products', label: 'Products' },
                { key: 'createdBy', label: 'By' },
                { key: 'expiresAt', label: 'Expires (UTC)' },
              ],
            ),
      );
    });
  transfer
    .command('cancel <id>')
    .description('cancel a pending transfer you created')
    .action(async (id: string) => {
      const done = await call('transfers.cancel', { id: Number(id) });
      print(done, () => '');
      note(`Cancelled transfer ${done.id}: its link no longer works.`);
    });
  transfer
    .command('export <id>')
    .description('save a pending transfer as a signed .mwtransfer file for another installation')
    .requiredOption('--out <file>', 'file to create (not overwritten; readable by you only)')
    .action(async (id: string, opts: { out: string }) => {
      const file = await call('transfers.exportFile', { id: Number(id) });
      try {
        h.writeFile(opts.out, file.content);
      } catch (error) {
        throw new CliFailure(USAGE, `Can't create ${opts.out}: ${(error as Error).message}`);
      }
      print({ file: opts.out, fingerprint: file.fingerprint }, () => '');
      note(
        `Saved ${opts.out}; from now on only this file receives the products (the link stops working). Signed by this installation's key ${file.fingerprint}: tell the receiver, so they can compare. The products stay here until you delete them.`,
      );
    });
  transfer
    .command('import <file>')
    .description('receive a .mwtransfer file (checks its signature; shows it without --to)')
    .option('--to <organisation>', 'destination organisation (id or name)')
    .option('--accept-terms', terms)
    .action(async (path: string, opts: { to?: string; acceptTerms?: boolean }) => {
      let content: string;
      try {
        content = h.readFile(path);
      } catch (error) {
        throw new CliFailure(USAGE, `Can't read ${path}: ${(error as Error).message}`);
      }
      if (!opts.to) {
        const preview = await call('transfers.previewFile', { content });
        print(
          preview,
          () => `${previewText(preview)}\n\nTo receive it: mailwright transfer import ${path} --to ORG --accept-terms`,
        );
        return;
      }
      note(TERMS_TEXT);
      const org = await h.findOrganisation(opts.to);
      const done = await call('transfers.importFile', { content, destinationOrganisationId: org.id, acceptTerms: true });
      print(done, () => '');
      note(`Received ${done.products.map((p) => p.name).join(', ')} into "${org.name}".`);
    });
}

function previewText(p: ChannelOutput<'transfers.preview'>): string {
  const lines = [
    `From:     ${p.sourceOrganisation}${p.createdBy ? ` (${p.createdBy})` : ''}`,
    `State:    ${p.state}, expires ${p.expiresAt}`,
    ...(p.signer ? [`Signed:   ${p.signer}`] : []),
    'Products:',
    ...p.products.map((x) => `  - ${x.name} (${x.kind})${x.domain ? `, ${x.mailboxes} mailbox(es)` : ''}`),
    'Stays behind: the users’ access to these products, and the invoices.',
    `You can receive into: ${p.destinations.map((d) => d.name).join(', ') || 'none (you must be administrator or legal representative there)'}`,
  ];
  return lines.join('\n');
}
