import { describe, expect, it } from 'vitest';
import {
  cropSquare,
  initialEdit,
  moveEdit,
  outputSide,
  type PhotoEdit,
  rotateEdit,
  type Size,
  sourceSquare,
  viewSize,
  zoomEdit,
} from './photo-geometry.ts';

const wide: Size = { width: 400, height: 200 };

/** Where a view point lands on the original, by turning it back counter-clockwise step by step. */
function viewToSource(image: Size, rotation: PhotoEdit['rotation'], x: number, y: number) {
  let point = { x, y };
  let size = viewSize(image, rotation);
  for (let r = rotation; r > 0; r -= 90) {
    // One step counter-clockwise: (X, Y) in a W×H view comes from (Y, W − X) of the H×W one.
    point = { x: point.y, y: size.width - point.x };
    size = { width: size.height, height: size.width };
  }
  return point;
}

describe('photo editor geometry', () => {
  it('starts with the largest centred square', () => {
    expect(cropSquare(wide, initialEdit(wide))).toEqual({ x: 100, y: 0, side: 200 });
    expect(sourceSquare(wide, initialEdit(wide))).toEqual({ x: 100, y: 0, side: 200 });
  });

  it('shrinks the crop around its centre when zooming, and never past the limits', () => {
    const zoomed = zoomEdit(wide, initialEdit(wide), 2);
    expect(cropSquare(wide, zoomed)).toEqual({ x: 150, y: 50, side: 100 });
    expect(zoomEdit(wide, zoomed, 10).zoom).toBe(4);
    expect(zoomEdit(wide, zoomed, 0.2).zoom).toBe(1);
  });

  it('keeps the crop on the image when moved past an edge', () => {
    const zoomed = zoomEdit(wide, initialEdit(wide), 2);
    expect(cropSquare(wide, moveEdit(wide, zoomed, -1000, 1000))).toEqual({ x: 0, y: 100, side: 100 });
    expect(cropSquare(wide, moveEdit(wide, zoomed, 1000, -1000))).toEqual({ x: 300, y: 0, side: 100 });
  });

  it('turned right, the view is tall and its top half comes from the left half of the original', () => {
    const turned = rotateEdit(wide, initialEdit(wide), 1);
    expect(turned.rotation).toBe(90);
    expect(viewSize(wide, turned.rotation)).toEqual({ width: 200, height: 400 });
    // The crop stays on the same middle part of the image.
    expect(cropSquare(wide, turned)).toEqual({ x: 0, y: 100, side: 200 });
    expect(sourceSquare(wide, turned)).toEqual({ x: 100, y: 0, side: 200 });
    // Moved to the top of the view: the left end of the original.
    const top = moveEdit(wide, zoomEdit(wide, turned, 2), 0, -1000);
    expect(cropSquare(wide, top)).toEqual({ x: 50, y: 0, side: 100 });
    expect(sourceSquare(wide, top)).toEqual({ x: 0, y: 50, side: 100 });
  });

  it('maps every corner of the crop onto the original for each rotation', () => {
    const image: Size = { width: 300, height: 120 };
    let edit = moveEdit(image, zoomEdit(image, initialEdit(image), 1.5), -37, 9);
    for (const rotation of [0, 90, 180, 270]) {
      expect(edit.rotation).toBe(rotation);
      const crop = cropSquare(image, edit);
      const source = sourceSquare(image, edit);
      const corners = [
        viewToSource(image, edit.rotation, crop.x, crop.y),
        viewToSource(image, edit.rotation, crop.x + crop.side, crop.y + crop.side),
      ];
      const xs = corners.map((c) => c.x);
      const ys = corners.map((c) => c.y);
      expect(source.x).toBeCloseTo(Math.min(...xs));
      expect(source.y).toBeCloseTo(Math.min(...ys));
      expect(source.side).toBeCloseTo(80);
      expect(source.x).toBeGreaterThanOrEqual(0);
      expect(source.y).toBeGreaterThanOrEqual(0);
      expect(source.x + source.side).toBeLessThanOrEqual(image.width);
      expect(source.y + source.side).toBeLessThanOrEqual(image.height);
      edit = rotateEdit(image, edit, 1);
    }
    expect(edit.rotation).toBe(0);
  });

  it('turning left then right gives back the same crop', () => {
    const start = moveEdit(wide, zoomEdit(wide, initialEdit(wide), 3), 60, 20);
    const back = rotateEdit(wide, rotateEdit(wide, start, -1), 1);
    expect(back.rotation).toBe(0);
    expect(cropSquare(wide, back)).toEqual(cropSquare(wide, start));
    expect(rotateEdit(wide, start, -1).rotation).toBe(270);
  });

  it('renders at most 1024 px and never upscales a small crop', () => {
    const big: Size = { width: 4000, height: 3000 };
    expect(outputSide(big, initialEdit(big))).toBe(1024);
    expect(outputSide(wide, zoomEdit(wide, initialEdit(wide), 4))).toBe(50);
  });
});
