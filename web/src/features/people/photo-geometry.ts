/**
 * The photo editor's geometry, free of the DOM so it can be tested: a square crop over the image as the user sees
 * it (turned by `rotation`), and where that square falls on the original image's pixels.
 *
 * Coordinates are in "view" pixels: the original's pixels after the rotation (a 400×200 image turned 90° is
 * 200×400). At zoom 1 the crop is as large as the view's shorter side; zoom z divides its side by z.
 */

export type Rotation = 0 | 90 | 180 | 270;
export type Size = { width: number; height: number };
/** The editor's state: rotation clockwise, zoom, and the crop's centre in view pixels. */
export type PhotoEdit = { rotation: Rotation; zoom: number; centerX: number; centerY: number };
/** A square: top-left corner and side. */
export type Square = { x: number; y: number; side: number };

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 4;
/** The rendered photo's largest side (the server resizes to 512 px; more would only cost upload time). */
export const MAX_OUTPUT_SIDE = 1024;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The image's size as shown, after the rotation. */
export function viewSize(image: Size, rotation: Rotation): Size {
  return rotation % 180 === 0 ? image : { width: image.height, height: image.width };
}

/** The crop's side in view pixels at `zoom`. */
export function cropSide(image: Size, rotation: Rotation, zoom: number): number {
  const view = viewSize(image, rotation);
  return Math.min(view.width, view.height) / clamp(zoom, MIN_ZOOM, MAX_ZOOM);
}

/** Keeps the zoom within its range and the whole crop on the image. */
export function clampEdit(image: Size, edit: PhotoEdit): PhotoEdit {
  const zoom = clamp(edit.zoom, MIN_ZOOM, MAX_ZOOM);
  const view = viewSize(image, edit.rotation);
  const half = cropSide(image, edit.rotation, zoom) / 2;
  return {
    rotation: edit.rotation,
    zoom,
    centerX: clamp(edit.centerX, half, view.width - half),
    centerY: clamp(edit.centerY, half, view.height - half),
  };
}

/** The editor's starting point: no rotation, no zoom, the crop in the middle. */
export function initialEdit(image: Size): PhotoEdit {
  return { rotation: 0, zoom: MIN_ZOOM, centerX: image.width / 2, centerY: image.height / 2 };
}

/** The crop square in view pixels. */
export function cropSquare(image: Size, edit: PhotoEdit): Square {
  const e = clampEdit(image, edit);
  const side = cropSide(image, e.rotation, e.zoom);
  return { x: e.centerX - side / 2, y: e.centerY - side / 2, side };
}

/**
 * The crop square on the original image's pixels (what `drawImage` reads before the canvas turns it). A view
 * point (X, Y) is the original's (x, y) turned clockwise: at 90°, X = height − y and Y = x.
 */
export function sourceSquare(image: Size, edit: PhotoEdit): Square {
  const { x, y, side } = cropSquare(image, edit);
  switch (edit.rotation) {
    case 0:
      return { x, y, side };
    case 90:
      return { x: y, y: image.height - x - side, side };
    case 180:
      return { x: image.width - x - side, y: image.height - y - side, side };
    case 270:
      return { x: image.width - y - side, y: x, side };
  }
}

/** Turns the image a quarter clockwise (1) or counter-clockwise (−1); the crop stays on the same part of it. */
export function rotateEdit(image: Size, edit: PhotoEdit, direction: 1 | -1): PhotoEdit {
  const view = viewSize(image, edit.rotation);
  const rotation = (((edit.rotation + direction * 90) % 360) + 360) % 360;
  const center =
    direction === 1
      ? { centerX: view.height - edit.centerY, centerY: edit.centerX }
      : { centerX: edit.centerY, centerY: view.width - edit.centerX };
  return clampEdit(image, { ...edit, ...center, rotation: rotation as Rotation });
}

/** Sets the zoom around the crop's centre. */
export function zoomEdit(image: Size, edit: PhotoEdit, zoom: number): PhotoEdit {
  return clampEdit(image, { ...edit, zoom });
}

/** Moves the crop by (dx, dy) view pixels. */
export function moveEdit(image: Size, edit: PhotoEdit, dx: number, dy: number): PhotoEdit {
  return clampEdit(image, { ...edit, centerX: edit.centerX + dx, centerY: edit.centerY + dy });
}

/** The rendered photo's side: the crop's own pixels, at most MAX_OUTPUT_SIDE (never upscaled). */
export function outputSide(image: Size, edit: PhotoEdit): number {
  return Math.max(1, Math.min(MAX_OUTPUT_SIDE, Math.round(cropSquare(image, edit).side)));
}
