import { describe, expect, it } from 'vitest';
import { readCsvBytes } from '../../shared/domain/csv/read';
import { checkImportRows, hasTargetPasswordColumn, mapImportColumns } from '../../shared/domain/mail-import/import-file';
import { knownEndpoint, oauthByMx, oauthProvider, parseEndpoint } from '../../shared/domain/mail-import/providers';

const table = (text: string) => {
  const t = readCsvBytes(new TextEncoder().encode(text));
  if (!t.ok) throw new Error(t.problem);
  return t.records;
};

describe('the accounts file of a mail import', () => {
  it('maps German headers in any order, checks every row, and plans batches of at most 25', () => {
    const rows = [
      'Ziel;Passwort;Quelle;Server',
      ...Array.from({ length: 30 }, (_, i) => `neu${i}@muster.ch;pw${i};alt${i}@old.example;`),
      'neu@muster.ch;;alt0@old.example;imap.old.example:993',
      'x@muster.ch;pw;chef@gmail.com;',
      'kaputt;pw;a@old.example;imaps://',
    ].join('\n');
    const records = table(rows);
    expect(mapImportColumns(records)).toEqual({
      mapping: { target: 0, password: 1, source: 2, server: 3, targetPassword: -1 },
      header: true,
    });
    const checked = checkImportRows(records);
    expect(checked).toHaveLength(33);
    expect(checked.filter((r) => r.batch === 1)).toHaveLength(25);
    expect(checked.filter((r) => r.batch === 2)).toHaveLength(5);
    expect(checked[30]).toMatchObject({ line: 32, problems: ['missing-password', 'duplicate-source'], batch: null });
    expect(checked[31]).toMatchObject({ problems: ['oauth-provider'], oauth: 'google' });
    expect(checked[32]!.problems).toEqual(['invalid-server', 'invalid-target']);
  });

  it('takes columns in the template order when there is no header', () => {
    const checked = checkImportRows(table('a@old.example,secret,,a@muster.ch\n'));
    expect(checked[0]).toMatchObject({
      source: 'a@old.example',
      password: 'secret',
      target: 'a@muster.ch',
      problems: [],
      batch: 1,
    });
  });

  it('reads the target password from a fifth column or a named one, and flags rows without it', () => {
    // Without a header: source, password, server, target, target password.
    const plain = checkImportRows(table('a@old.example,secret,,a@muster.ch,Neu-1\nb@old.example,pw,,b@muster.ch\n'));
    expect(plain[0]).toMatchObject({ targetPassword: 'Neu-1', problems: [], batch: 1 });
    expect(plain[1]).toMatchObject({ targetPassword: '', problems: ['missing-target-password'], batch: null });

    // Headers in four languages; the passwords are kept as they are (spaces too).
    for (const header of [
      'source;password;target;target password',
      'Quelle;Passwort;Ziel;Zielpasswort',
      'adresse source;mot de passe;destination;mot de passe cible',
      'origine;password sorgente;destinazione;password destinazione',
    ]) {
      const records = table(`${header}\na@old.example; alt 1 ;a@muster.ch; neu 1 \n`);
      expect(hasTargetPasswordColumn(records), header).toBe(true);
      expect(checkImportRows(records)[0], header).toMatchObject({
        source: 'a@old.example',
        password: ' alt 1 ',
        target: 'a@muster.ch',
        targetPassword: ' neu 1 ',
        problems: [],
        batch: 1,
      });
    }
  });

  it('flags a missing target password everywhere when the import needs one', () => {
    const records = table('Quelle;Passwort;Ziel\na@old.example;pw;a@muster.ch\n');
    expect(hasTargetPasswordColumn(records)).toBe(false);
    expect(checkImportRows(records)[0]!.problems).toEqual([]);
    expect(checkImportRows(records, { requireTargetPassword: true })[0]).toMatchObject({
      problems: ['missing-target-password'],
      batch: null,
    });
  });
});

describe('providers', () => {
  it('knows Google and Microsoft by address or MX, and common IMAP servers', () => {
    expect(
      ['x@gmail.com', 'x@googlemail.com', 'x@outlook.com', 'x@hotmail.de', 'x@live.ch', 'x@msn.com', 'x@muster.ch'].map(
        oauthProvider,
      ),
    ).toEqual(['google', 'google', 'microsoft', 'microsoft', 'microsoft', 'microsoft', null]);
    expect(oauthByMx(['muster-ch.mail.protection.outlook.com.'])).toBe('microsoft');
    expect(oauthByMx(['smtp.google.com'])).toBe('google');
    expect(oauthByMx(['mta-gw.infomaniak.ch'])).toBeNull();
    expect(knownEndpoint('a@bluewin.ch')).toEqual({ host: 'imaps.bluewin.ch', port: 993, security: 'tls' });
    expect(parseEndpoint('imap.example.ch:143')).toEqual({ host: 'imap.example.ch', port: 143, security: 'starttls' });
    expect(parseEndpoint('not a host')).toBeNull();
  });
});
