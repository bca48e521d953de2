import { strToU8, zipSync, type Zippable } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAttachment, extensionOf, REFUSED_EXTENSIONS } from '../../shared/domain/attachments/check';

const zip = (files: Zippable, level: 0 | 9 = 9) => zipSync(files, { level });

/** Sets the "encrypted" flag on every entry (local headers and central directory), as a password-protected zip has. */
function markEncrypted(archive: Uint8Array): Uint8Array {
  const out = archive.slice();
  for (let i = 0; i + 4 < out.length; i++) {
    const local = out[i] === 0x50 && out[i + 1] === 0x4b && out[i + 2] === 0x03 && out[i + 3] === 0x04;
    const central = out[i] === 0x50 && out[i + 1] === 0x4b && out[i + 2] === 0x01 && out[i + 3] === 0x02;
    if (local) out[i + 6] = out[i + 6]! | 1;
    if (central) out[i + 8] = out[i + 8]! | 1;
  }
  return out;
}

describe('attachment check', () => {
  it('reads the extension as Windows does', () => {
    expect(extensionOf('Rechnung.PDF.exe')).toBe('exe');
    expect(extensionOf('report.exe. . ')).toBe('exe');
    expect(extensionOf('folder/sub\\setup.Scr')).toBe('scr');
    expect(extensionOf('README')).toBe('');
    expect(extensionOf('.bat')).toBe('bat');
  });

  it('refuses every listed extension, in any case, and nothing else', () => {
    for (const ext of REFUSED_EXTENSIONS) {
      expect(checkAttachment(`file.${ext.toUpperCase()}`, strToU8('x')).refused).toBe(true);
    }
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{1,5}$/), (ext) => {
        expect(checkAttachment(`file.${ext}`, strToU8('x')).refused).toBe(
          (REFUSED_EXTENSIONS as readonly string[]).includes(ext),
        );
      }),
    );
  });

  it('finds a refused file inside nested zips and says where', () => {
    const inner = zip({ 'tools/setup.exe': strToU8('MZ'), 'notes.txt': strToU8('hi') });
    const middle = zip({ 'inner.zip': inner, 'a.pdf': strToU8('%PDF') });
    const outer = zip({ 'middle.zip': middle, 'docs/': {} as Zippable });
    const verdict = checkAttachment('offer.zip', outer);
    expect(verdict.refused).toBe(true);
    expect(verdict.findings).toEqual([
      { code: 'refused-extension', path: ['offer.zip', 'middle.zip', 'inner.zip', 'tools/setup.exe'], extension: 'exe' },
    ]);
    expect(checkAttachment('clean.zip', zip({ 'a.pdf': strToU8('%PDF'), 'b.zip': zip({ 'c.txt': strToU8('x') }) })).refused).toBe(
      false,
    );
  });

  it('looks into a zip by its content, whatever its name', () => {
    expect(checkAttachment('invoice.pdf', zip({ 'invoice.js': strToU8('alert(1)') })).refused).toBe(true);
  });

  it('judges entry names of a password-protected zip without opening them', () => {
    const encrypted = markEncrypted(zip({ 'payload.exe': strToU8('MZ'), 'readme.txt': strToU8('x') }, 0));
    expect(checkAttachment('locked.zip', encrypted)).toMatchObject({
      refused: true,
      findings: [{ code: 'refused-extension', path: ['locked.zip', 'payload.exe'] }],
    });
    // An encrypted zip inside a zip can't be opened: said, not guessed.
    const random = Uint8Array.from({ length: 256 }, (_, i) => (i * 73 + 11) % 256);
    const hidden = markEncrypted(zip({ 'secret.zip': random }, 0));
    const verdict = checkAttachment('outer.zip', zip({ 'hidden.zip': hidden }));
    expect(verdict.refused).toBe(false);
    expect(verdict.findings).toContainEqual({ code: 'archive-unreadable', path: ['outer.zip', 'hidden.zip', 'secret.zip'] });
  });

  it('defuses bombs: depth, size and entry count are bounded', () => {
    // 12 zips deep, an .exe at the bottom: opened down to the limit, the rest reported unchecked.
    let deep: Uint8Array = zip({ 'evil.exe': strToU8('MZ') });
    for (let i = 0; i < 12; i++) deep = zip({ [`level${i}.zip`]: deep });
    const nested = checkAttachment('deep.zip', deep);
    expect(nested.refused).toBe(false);
    expect(nested.findings.map((f) => f.code)).toEqual(['archive-too-deep']);
    expect(nested.findings[0]!.path).toHaveLength(5);

    // 64 MB of zeros posing as a zip (64 KB compressed): never inflated.
    const zeros = zip({ 'big.zip': new Uint8Array(64 * 1024 * 1024) });
    expect(zeros.length).toBeLessThan(200_000);
    const bomb = checkAttachment('bomb.zip', zeros);
    expect(bomb.findings).toEqual([{ code: 'archive-too-large', path: ['bomb.zip', 'big.zip'] }]);

    const many = zip(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}.txt`, strToU8('x')])));
    const limited = checkAttachment('many.zip', many, {
      maxDepth: 4,
      maxEntries: 50,
      maxArchiveBytes: 1e6,
      maxInflatedBytes: 1e6,
    });
    expect(limited.checked).toBe(51);
    expect(limited.findings).toEqual([{ code: 'too-many-entries', path: ['many.zip'] }]);
  });

  it('says so when a zip is damaged', () => {
    const broken = zip({ 'a.txt': strToU8('x') }).slice(0, 30);
    expect(checkAttachment('broken.zip', broken).findings).toEqual([{ code: 'archive-unreadable', path: ['broken.zip'] }]);
  });
});
