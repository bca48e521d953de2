import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../../electron/security/external-links';

describe('isSafeExternalUrl', () => {
  it.each([
    'https://example.com',
    'https://docs.mailwright.example/guide/dns#spf',
    'https://example.com:8443/path?q=1',
    'https://xn--bcher-kva.example/',
    'mailto:anna@acme.example',
    'mailto:anna@acme.example,ben@acme.example',
    'mailto:anna@acme.example?subject=Hello&body=Hi%20there',
    'mailto:anna@acme.example?cc=ben@acme.example&BCC=c@acme.example',
  ])('allows %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: with odd case', 'JaVaScRiPt:alert(1)'],
    ['javascript: split by a newline', 'java\nscript:alert(1)'],
    ['javascript: behind a tab', '\tjavascript:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['file: UNC', 'file://server/share/evil.exe'],
    ['plain http:', 'http://example.com'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['app: (our own scheme)', 'app://mailwright/index.html'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['smb:', 'smb://server/share'],
    ['ms-settings:', 'ms-settings:privacy'],
    ['custom handler', 'mailwright://open?x=1'],
    ['user and password', 'https://user:pass@example.com/'],
    ['user only', 'https://user@example.com/'],
    ['credentials hiding the host', 'https://example.com@evil.example/'],
    ['localhost', 'https://localhost/'],
    ['a *.localhost name', 'https://admin.localhost/'],
    ['an IPv4 literal', 'https://192.168.1.1/reboot'],
    ['an obfuscated IPv4 literal', 'https://0x7f.1/'],
    ['an IPv6 literal', 'https://[::1]/'],
    ['leading space', ' https://example.com'],
    ['embedded space', 'https://exa mple.com'],
    ['relative URL', '/mailboxes'],
    ['empty string', ''],
    ['not a URL', 'not a url'],
    ['mailto: attach=', 'mailto:anna@acme.example?attach=/etc/passwd'],
    ['mailto: without recipient', 'mailto:?body=hi'],
    ['over-long URL', `https://example.com/${'a'.repeat(2100)}`],
  ])('refuses %s', (_label, url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it.each([undefined, null, 42, {}, ['https://example.com'], new URL('https://example.com')])(
    'refuses non-strings (%s)',
    (value) => {
      expect(isSafeExternalUrl(value)).toBe(false);
    },
  );
});
