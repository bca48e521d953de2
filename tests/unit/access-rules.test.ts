import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveRights, normaliseGrant, roleAllows } from '../../shared/domain/roles/permissions';
import { ROLES } from '../../shared/domain/roles/roles';
import { isTransferable, parseTransferLink, transferLink, transferState } from '../../shared/domain/transfer/transfer';

describe('product rights', () => {
  it('gives managers every right the kind has, others only their grants (manage brings use)', () => {
    expect([...effectiveRights('administrator', 'domain', [])]).toEqual(['use', 'manage', 'technical']);
    expect([...effectiveRights('collaborator', 'mail-service', [])]).toEqual([]);
    expect([...effectiveRights('external', 'mail-service', [{ manage: true }])].sort()).toEqual(['manage', 'use']);
    expect([...effectiveRights('collaborator', 'mail-service', [{ technical: true }, { statistics: true }])]).toEqual([
      'statistics',
    ]);
    expect([...effectiveRights(undefined, 'hosting', [{ use: true }])]).toEqual([]);
  });

  it('cleans a grant to what the kind offers', () => {
    expect(normaliseGrant('ksuite', { manage: true, technical: true, statistics: true })).toEqual({
      use: true,
      manage: true,
      technical: false,
      statistics: false,
    });
  });

  it('lets only legal representatives delete an organisation or appoint one', () => {
    for (const role of ROLES) {
      expect(roleAllows(role, 'delete')).toBe(role === 'legal-representative');
      expect(roleAllows(role, 'transfer')).toBe(role === 'legal-representative' || role === 'administrator');
      expect(roleAllows(role, 'view')).toBe(true);
    }
    expect(roleAllows(undefined, 'view')).toBe(false);
  });
});

describe('transfer links', () => {
  it('round-trips every 256-bit token, also as pasted from a mail program', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.constantFrom('', ' ', '\n', '<'), (bytes, wrap) => {
        const token = Buffer.from(bytes).toString('base64url');
        const link = transferLink(token);
        const pasted = wrap === '<' ? `<${link}>` : `${wrap}${link.slice(0, 30)}${wrap}${link.slice(30)}/${wrap}`;
        expect(parseTransferLink(pasted)).toBe(token);
      }),
    );
  });

  it('refuses what is not a token', () => {
    for (const text of [
      '',
      'mailwright://transfer/',
      'mailwright://transfer/abc',
      `https://evil.example/${'A'.repeat(43)}`,
      `mailwright://transfer/${'A'.repeat(42)}!`,
    ]) {
      expect(parseTransferLink(text)).toBeUndefined();
    }
  });

  it('knows kSuite stays, and a pending transfer past its time is expired', () => {
    expect(isTransferable('ksuite')).toBe(false);
    expect(isTransferable('mail-service')).toBe(true);
    expect(transferState('pending', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toBe('expired');
    expect(transferState('pending', '2026-01-02T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toBe('pending');
    expect(transferState('completed', '2020-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toBe('completed');
  });
});
