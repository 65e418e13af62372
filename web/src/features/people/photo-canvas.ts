import { type PhotoEdit, type Size, sourceSquare, viewSize } from './photo-geometry.ts';

/** A picked image, decoded once (EXIF orientation already applied by the browser). */
export type LoadedPhoto = { bitmap: ImageBitmap; size: Size; type: string };

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d unavailable');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingQuality = 'high';
  return ctx;
}

/** Draws the whole image, turned, filling the canvas (sized by the caller to the turned image's shape). */
export function drawView(canvas: HTMLCanvasElement, photo: LoadedPhoto, rotation: PhotoEdit['rotation']) {
  const ctx = context(canvas);
  const view = viewSize(photo.size, rotation);
  ctx.scale(canvas.width / view.width, canvas.height / view.height);
  // Turn about the view's centre, then draw the original centred on it.
  ctx.translate(view.width / 2, view.height / 2);
  ctx.rotate((rotation * Math.PI) / 180);
  ctx.drawImage(photo.bitmap, -photo.size.width / 2, -photo.size.height / 2);
}

/** Draws the crop, turned, onto a square canvas: the preview and the uploaded photo are the same drawing. */
export function drawCrop(canvas: HTMLCanvasElement, photo: LoadedPhoto, edit: PhotoEdit) {
  const ctx = context(canvas);
  const side = canvas.width;
  const source = sourceSquare(photo.size, edit);
  ctx.translate(side / 2, side / 2);
  ctx.rotate((edit.rotation * Math.PI) / 180);
  ctx.drawImage(photo.bitmap, source.x, source.y, source.side, source.side, -side / 2, -side / 2, side, side);
}

/**
 * The edited photo as a file for the upload: JPEG stays JPEG; anything else becomes PNG, which keeps a logo's
 * transparency (at 1024 px even an incompressible PNG stays under the 5 MB limit).
 */
export function renderPhotoFile(photo: LoadedPhoto, edit: PhotoEdit, side: number): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = side;
  canvas.height = side;
  drawCrop(canvas, photo, edit);
  const jpeg = photo.type === 'image/jpeg';
  const type = jpeg ? 'image/jpeg' : 'image/png';
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) =>
        blob
          ? resolve(new File([blob], jpeg ? 'foto.jpg' : 'foto.png', { type }))
          : reject(new Error('canvas.toBlob failed')),
      type,
      0.92,
    );
  });
}
