// The limits as both composers explain them: labels, sizes, types by extension, refusals.
import { describe, expect, it } from 'vitest';
import { refusal, typeOfFile } from './attachment-check.ts';
import { fileSize, typeLabels } from './attachment-limits.ts';
import { DEFAULT_ATTACHMENT_TYPES, SNIFFABLE_TYPES } from './rest/conversation-settings.ts';

describe('attachment limits in words', () => {
  it('names every type the server can sniff', () => {
    expect(typeLabels(SNIFFABLE_TYPES)).toBe('PNG, JPEG, GIF, WEBP, PDF, Word, Excel, PowerPoint, TXT');
    expect(typeLabels(DEFAULT_ATTACHMENT_TYPES)).not.toContain('TXT');
  });

  it('reads sizes as people do', () => {
    expect(fileSize(10)).toBe('1 KB');
    expect(fileSize(2048)).toBe('2 KB');
    expect(fileSize(10 * 1024 * 1024)).toBe('10 MB');
    expect(fileSize(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(fileSize(1024 * 1024 + 10)).toBe('1.1 MB');
  });

  it('takes the browser’s type, else the extension’s', () => {
    expect(typeOfFile({ name: 'a.PNG', type: '' })).toBe('image/png');
    expect(typeOfFile({ name: 'cv.docx', type: '' })).toContain('wordprocessingml');
    expect(typeOfFile({ name: 'x', type: 'application/zip' })).toBe('application/zip');
    expect(typeOfFile({ name: 'x.exe', type: '' })).toBe('');
  });

  it('refuses what is too large or of a type the project does not accept, before any upload', () => {
    const limits = { maxBytes: 1024 * 1024, types: ['image/png', 'application/pdf'] };
    expect(refusal({ name: 'a.png', type: 'image/png', size: 1000 }, limits)).toBeNull();
    expect(refusal({ name: 'a.png', type: 'image/png', size: 2 * 1024 * 1024 }, limits)).toEqual({
      reason: 'too_large',
      size: '2 MB',
      max: '1 MB',
      types: 'PNG, PDF',
    });
    expect(refusal({ name: 'a.exe', type: 'application/x-msdownload', size: 10 }, limits)?.reason).toBe('type');
  });
});
