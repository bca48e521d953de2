import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDomain } from '../../shared/domain/address/domain';
import { checkLocalPart } from '../../shared/domain/address/local-part';
import { redactSecrets } from '../../shared/domain/audit/redact';
import { searchFold } from '../../shared/domain/search/fold';
import { pickLanguage } from '../../renderer/src/stores/use-prefs-store';

describe('local-part rules', () => {
  it.each([
    ['Anna.Muster', 'anna.muster'],
    ['  info ', 'info'],
    ['a_b-c.d9', 'a_b-c.d9'],
    ['anna@example.ch', 'anna'],
    ['ANNA@EXAMPLE.CH', 'anna'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(checkLocalPart(raw, 'example.ch')).toEqual({ ok: true, localPart: expected });
  });

  it.each([
    ['', 'missing-address'],
    ['   ', 'missing-address'],
    ['.anna', 'invalid-address'],
    ['anna.', 'invalid-address'],
    ['an..na', 'invalid-address'],
    ['an na', 'invalid-address'],
    ['anna+x', 'invalid-address'],
    ['jürg', 'invalid-address'],
    ['a'.repeat(65), 'invalid-address'],
    ['anna@other.ch', 'domain-mismatch'],
  ])('refuses %j with %s', (raw, code) => {
    expect(checkLocalPart(raw, 'example.ch')).toMatchObject({ ok: false, code });
  });

  it('accepts exactly 64 characters', () => {
    expect(checkLocalPart('a'.repeat(64)).ok).toBe(true);
  });

  it('never accepts something the pattern forbids (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (raw) => {
        const result = checkLocalPart(raw);
        if (result.ok) expect(result.localPart).toMatch(/^(?!\.)(?!.*\.\.)[a-z0-9._-]{1,64}(?<!\.)$/);
      }),
    );
  });
});

describe('domain rules', () => {
  it('keeps international domains in Unicode and gives their ASCII form', () => {
    expect(checkDomain('Bücher.CH.')).toEqual({ ok: true, domain: 'bücher.ch', ascii: 'xn--bcher-kva.ch' });
    expect(checkDomain('xn--bcher-kva.ch')).toMatchObject({ ok: true, domain: 'bücher.ch' });
  });
  it.each(['localhost', 'a..ch', '-a.ch', 'a-.ch', 'a.1', 'exa mple.ch', `${'a'.repeat(64)}.ch`, ''])('refuses %j', (raw) => {
    expect(checkDomain(raw).ok).toBe(false);
  });
});

describe('search folding', () => {
  it('ignores case and accents', () => {
    expect(searchFold('Chloé MÜLLER')).toBe('chloe muller');
    expect(searchFold('Anna')).toBe('anna');
  });
});

describe('secret redaction', () => {
  it('replaces secret-looking keys at any depth and keeps the rest', () => {
    expect(
      redactSecrets({ a: 1, Password: 'x', list: [{ token: 't', b: 2 }], deep: { client_secret: 's' }, passwordSetAt: 'then' }),
    ).toEqual({
      a: 1,
      Password: '[redacted]',
      list: [{ token: '[redacted]', b: 2 }],
      deep: { client_secret: '[redacted]' },
      passwordSetAt: 'then',
    });
  });
});

describe('language choice', () => {
  it('maps locales to a language we have, English otherwise', () => {
    expect(pickLanguage(['de-CH', 'en'])).toBe('de');
    expect(pickLanguage(['fr-CH', 'de_DE'])).toBe('de');
    expect(pickLanguage(['it-CH'])).toBe('en');
    expect(pickLanguage([null, undefined])).toBe('en');
  });
});
