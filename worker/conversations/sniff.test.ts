// Magic-byte sniffing: each supported type, lies about the type, and file-name cleaning.
import { describe, expect, it } from 'vitest';
import { cleanFileName, sniffContentType } from './sniff.ts';

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffContentType', () => {
  it('recognises each supported format from its first bytes', () => {
    expect(sniffContentType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('image/png');
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffContentType(bytes('GIF89a', [1, 0]))).toBe('image/gif');
    expect(sniffContentType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffContentType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffContentType(new TextEncoder().encode('hello\nwörld'))).toBe('text/plain');
  });

  it('recognises Word, Excel and PowerPoint files by the parts their ZIP names', () => {
    const zip = (...names: string[]) => bytes('PK', [3, 4, 20, 0, 8, 0], ...names.flatMap((n) => [n, [0, 1, 2]]));
    expect(sniffContentType(zip('[Content_Types].xml', '_rels/.rels', 'word/document.xml'))).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(sniffContentType(zip('[Content_Types].xml', 'xl/workbook.xml'))).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(sniffContentType(zip('[Content_Types].xml', 'ppt/presentation.xml'))).toBe(
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    );
    // Any other ZIP (an archive, a JAR, an APK) is not a document.
    expect(sniffContentType(zip('payload.exe'))).toBeNull();
    expect(sniffContentType(zip('word/document.xml'))).toBeNull();
  });

  it('refuses binaries that match nothing (an executable renamed .png stays refused)', () => {
    expect(sniffContentType(bytes('MZ', [0x90, 0, 3, 0]))).toBeNull();
    expect(sniffContentType(bytes([0x7f], 'ELF', [2, 1, 1]))).toBeNull();
    expect(sniffContentType(bytes('RIFF', [0, 0, 0, 0], 'AVI '))).toBeNull();
    expect(sniffContentType(new Uint8Array([0xc3, 0x28]))).toBeNull();
    expect(sniffContentType(new Uint8Array())).toBeNull();
  });
});

describe('cleanFileName', () => {
  it('keeps the base name, drops control characters and quotes', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\me\\"report".pdf')).toBe('report.pdf');
    expect(cleanFileName('a\u0000b\nc.png')).toBe('abc.png');
    expect(cleanFileName('')).toBe('file');
    expect(cleanFileName(undefined)).toBe('file');
  });

  it('keeps at most 200 characters and never cuts one in half', () => {
    const name = `${'a'.repeat(199)}😀😀.png`;
    expect(cleanFileName(name)).toBe(`${'a'.repeat(199)}😀`);
    expect(cleanFileName('x'.repeat(300))).toHaveLength(200);
    expect(cleanFileName('half\ud83d.png')).toBe('half.png');
  });
});
