import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { folderSegments, planFolders, targetPath } from '../../shared/domain/mail-import/folders';
import { messageKey } from '../../electron/mail-import/copy';
import { appendableFlags, endpointFor, imapDate } from '../../electron/mail-import/imap';

const f = (path: string, delimiter: string | null, specialUse: string | null = null, selectable = true) => ({
  path,
  delimiter,
  specialUse,
  selectable,
});

describe('where each folder goes', () => {
  it('maps INBOX, special-use folders by use, the rest by name with the target separator', () => {
    const plan = planFolders(
      [
        f('INBOX', '.'),
        f('INBOX.Sent Items', '.', '\\Sent'),
        f('INBOX.Kunden', '.', null, false),
        f('INBOX.Kunden.2024', '.'),
        f('INBOX.Spam', '.', '\\Junk'),
        f('INBOX.a/b', '.'),
      ],
      [f('INBOX', '/'), f('Sent', '/', '\\Sent'), f('Trash', '/', '\\Trash')],
      { source: 'INBOX.', target: '' },
    );
    expect(plan.map((p) => [p.source, p.target, p.create])).toEqual([
      ['INBOX', 'INBOX', false],
      ['INBOX.Sent Items', 'Sent', false],
      ['INBOX.Kunden.2024', 'Kunden/2024', true],
      // No \Junk on the target: by name, created.
      ['INBOX.Spam', 'Spam', true],
      // A "/" inside a name must not become a level on a "/" server.
      ['INBOX.a/b', 'a_b', true],
    ]);
  });

  it('keeps every name part whatever the separators (round trip when no part holds one)', () => {
    const part = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/[./]/.test(s));
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('.', '/'),
        fc.constantFrom('.', '/'),
        (parts, a, b) => {
          const there = targetPath(parts, b);
          expect(folderSegments(there, b)).toEqual(parts);
          expect(folderSegments(targetPath(folderSegments(there, b), a), a)).toEqual(parts);
        },
      ),
    );
  });
});

describe('the duplicate check’s key', () => {
  it('is the Message-ID (case and folding ignored), else a digest of date, from, subject and size', () => {
    const a = messageKey('Message-ID: <ABC@x>\r\nSubject: hi\r\n', 10);
    expect(a).toBe(messageKey('message-id:\r\n <abc@x>\r\n', 99));
    const noId = 'Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nFrom: a@b\r\nSubject: Hi\r\n';
    expect(messageKey(noId, 100)).toMatch(/^digest:/);
    expect(messageKey(noId, 100)).toBe(messageKey(Buffer.from(noId), 100));
    expect(messageKey(noId, 100)).not.toBe(messageKey(noId, 101));
    expect(messageKey(noId.replace('Hi', 'Ho'), 100)).not.toBe(messageKey(noId, 100));
  });
});

describe('IMAP details', () => {
  it('formats INTERNALDATE in UTC and drops \\Recent and malformed flags', () => {
    expect(imapDate(new Date('2021-03-04T05:06:07Z'))).toBe('04-Mar-2021 05:06:07 +0000');
    expect(appendableFlags(['\\Seen', '\\Recent', '$Label1', 'bad flag', '\\Flagged'])).toEqual([
      '\\Seen',
      '$Label1',
      '\\Flagged',
    ]);
  });

  it('reads servers; plain IMAP only on this machine’s loopback, STARTTLS elsewhere', () => {
    expect(endpointFor('imap://127.0.0.1:1143')).toEqual({ host: '127.0.0.1', port: 1143, security: 'none' });
    expect(endpointFor('imap://mail.example.com')).toEqual({ host: 'mail.example.com', port: 143, security: 'starttls' });
    expect(endpointFor('127.0.0.1:143')).toMatchObject({ security: 'starttls' });
    expect(endpointFor('mail.example.com')).toEqual({ host: 'mail.example.com', port: 993, security: 'tls' });
    expect(endpointFor('not a host')).toBeNull();
  });
});
