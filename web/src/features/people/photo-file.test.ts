import { MAX_PHOTO_BYTES } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { photoFileProblem } from './photo-file.ts';

describe('a picked photo file', () => {
  it('must be one of the image types the server takes', () => {
    expect(photoFileProblem({ type: 'image/png', size: 10 })).toBeNull();
    expect(photoFileProblem({ type: 'image/webp', size: 10 })).toBeNull();
    expect(photoFileProblem({ type: 'text/plain', size: 10 })).toBe('photoNotImage');
    expect(photoFileProblem({ type: 'image/svg+xml', size: 10 })).toBe('photoNotImage');
    expect(photoFileProblem({ type: '', size: 10 })).toBe('photoNotImage');
  });

  it('may not pass the upload limit of 5 MB', () => {
    expect(photoFileProblem({ type: 'image/jpeg', size: MAX_PHOTO_BYTES })).toBeNull();
    expect(photoFileProblem({ type: 'image/jpeg', size: MAX_PHOTO_BYTES + 1 })).toBe('photoTooLarge');
  });
});
