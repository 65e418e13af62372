import { Box, Button, Group, Modal, Slider, Stack, Text } from '@mantine/core';
import {
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { drawCrop, drawView, type LoadedPhoto, renderPhotoFile } from './photo-canvas.ts';
import {
  cropSquare,
  initialEdit,
  MAX_ZOOM,
  MIN_ZOOM,
  moveEdit,
  outputSide,
  type PhotoEdit,
  rotateEdit,
  viewSize,
  zoomEdit,
} from './photo-geometry.ts';

/** The longer side of the image as shown in the editor, in CSS pixels. */
const FRAME = 280;
const PREVIEW = 96;
const ZOOM_STEP = 0.25;
/** An arrow key moves the crop by this share of its side. */
const MOVE_STEP = 0.1;

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

type Props = {
  photo: LoadedPhoto | null;
  onCancel: () => void;
  onSave: (file: File) => void;
};

/** Escala, Ajuste, Rotacionar: a square crop of the picked image, rendered in the browser before the upload. */
export function PhotoEditor({ photo, onCancel, onSave }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={photo !== null} onClose={onCancel} title={t('form.photoEditor.title')} centered>
      {photo && <EditorBody photo={photo} onCancel={onCancel} onSave={onSave} />}
    </Modal>
  );
}

function EditorBody({ photo, onCancel, onSave }: Props & { photo: LoadedPhoto }) {
  const { t } = useTranslation();
  const hintId = useId();
  const [edit, setEdit] = useState<PhotoEdit>(() => initialEdit(photo.size));
  const [saving, setSaving] = useState(false);
  const view = viewSize(photo.size, edit.rotation);
  const scale = FRAME / Math.max(view.width, view.height);
  const crop = cropSquare(photo.size, edit);
  const zoomBy = (delta: number) => setEdit((e) => zoomEdit(photo.size, e, e.zoom + delta));

  /** + and − anywhere in the dialog (the slider keeps the arrows); the crop takes the arrows. */
  const onKey = (event: KeyboardEvent) => {
    if (event.key === '+' || event.key === '=') zoomBy(ZOOM_STEP);
    else if (event.key === '-' || event.key === '_') zoomBy(-ZOOM_STEP);
    else return;
    event.preventDefault();
  };
  const onCropKey = (event: KeyboardEvent) => {
    const arrow = ARROWS[event.key];
    if (!arrow) return;
    event.preventDefault();
    const step = crop.side * MOVE_STEP;
    setEdit((e) => moveEdit(photo.size, e, arrow[0] * step, arrow[1] * step));
  };

  const save = async () => {
    setSaving(true);
    try {
      onSave(await renderPhotoFile(photo, edit, outputSide(photo.size, edit)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="md" onKeyDown={onKey}>
      <Group align="flex-start" justify="center" gap="lg">
        <Stack gap={4} align="center">
          <ViewCanvas photo={photo} edit={edit} width={view.width * scale} height={view.height * scale}>
            <CropFrame
              crop={{ x: crop.x * scale, y: crop.y * scale, side: crop.side * scale }}
              label={t('form.photoEditor.crop')}
              hintId={hintId}
              onKeyDown={onCropKey}
              onDrag={(dx, dy) => setEdit((e) => moveEdit(photo.size, e, dx / scale, dy / scale))}
            />
          </ViewCanvas>
          <Text id={hintId} size="xs" c="dimmed" maw={FRAME} ta="center">
            {t('form.photoEditor.cropHint')}
          </Text>
        </Stack>
        <Stack gap={4} align="center">
          <Text size="sm" fw={500}>
            {t('form.photoEditor.preview')}
          </Text>
          <Preview photo={photo} edit={edit} label={t('form.photoEditor.previewAlt')} />
        </Stack>
      </Group>
      <div>
        <Text size="sm" fw={500} aria-hidden>
          {t('form.photoEditor.zoom')}
        </Text>
        <Slider
          min={MIN_ZOOM}
          max={MAX_ZOOM}
          step={0.05}
          value={edit.zoom}
          onChange={(zoom) => setEdit((e) => zoomEdit(photo.size, e, zoom))}
          label={(zoom) => `${zoom.toFixed(2)}×`}
          thumbLabel={t('form.photoEditor.zoom')}
        />
      </div>
      <Group gap="xs" role="group" aria-label={t('form.photoEditor.rotate')}>
        <Button
          variant="default"
          size="xs"
          leftSection={<span aria-hidden>↺</span>}
          onClick={() => setEdit((e) => rotateEdit(photo.size, e, -1))}
        >
          {t('form.photoEditor.rotateLeft')}
        </Button>
        <Button
          variant="default"
          size="xs"
          leftSection={<span aria-hidden>↻</span>}
          onClick={() => setEdit((e) => rotateEdit(photo.size, e, 1))}
        >
          {t('form.photoEditor.rotateRight')}
        </Button>
      </Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} disabled={saving}>
          {t('common.cancel')}
        </Button>
        <Button onClick={() => void save()} loading={saving}>
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The whole image as turned, with the crop frame laid over it. */
function ViewCanvas({
  photo,
  edit,
  width,
  height,
  children,
}: {
  photo: LoadedPhoto;
  edit: PhotoEdit;
  width: number;
  height: number;
  children: ReactNode;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const dpr = window.devicePixelRatio || 1;
  useEffect(() => {
    if (ref.current) drawView(ref.current, photo, edit.rotation);
  }, [photo, edit.rotation]);
  return (
    <Box pos="relative" w={width} h={height} style={{ overflow: 'hidden', touchAction: 'none' }}>
      <canvas
        ref={ref}
        width={Math.round(width * dpr)}
        height={Math.round(height * dpr)}
        style={{ width, height, display: 'block' }}
        aria-hidden
      />
      {children}
    </Box>
  );
}

/** The crop square: dragged with the pointer, moved with the arrows; outside it the image is dimmed. */
function CropFrame({
  crop,
  label,
  hintId,
  onKeyDown,
  onDrag,
}: {
  crop: { x: number; y: number; side: number };
  label: string;
  hintId: string;
  onKeyDown: (event: KeyboardEvent) => void;
  onDrag: (dx: number, dy: number) => void;
}) {
  const last = useRef<{ x: number; y: number } | null>(null);
  const onPointerDown = (event: PointerEvent<HTMLButtonElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    last.current = { x: event.clientX, y: event.clientY };
  };
  const onPointerMove = (event: PointerEvent<HTMLButtonElement>) => {
    if (!last.current) return;
    onDrag(event.clientX - last.current.x, event.clientY - last.current.y);
    last.current = { x: event.clientX, y: event.clientY };
  };
  const stop = () => {
    last.current = null;
  };
  return (
    // A button: focusable and announced with its label and hint; it has no click action of its own.
    <button
      type="button"
      data-autofocus
      data-testid="photo-crop"
      aria-label={label}
      aria-describedby={hintId}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={stop}
      onPointerCancel={stop}
      style={{
        position: 'absolute',
        left: crop.x,
        top: crop.y,
        width: crop.side,
        height: crop.side,
        cursor: 'move',
        padding: 0,
        background: 'transparent',
        border: '2px solid white',
        outlineOffset: 2,
        boxShadow: '0 0 0 9999px rgba(0, 0, 0, 0.55)',
      }}
    />
  );
}

/** The result as it will be uploaded, shown round like the avatar. */
function Preview({ photo, edit, label }: { photo: LoadedPhoto; edit: PhotoEdit; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const side = Math.round(PREVIEW * (window.devicePixelRatio || 1));
  useEffect(() => {
    if (ref.current) drawCrop(ref.current, photo, edit);
  }, [photo, edit]);
  return (
    <canvas
      ref={ref}
      width={side}
      height={side}
      role="img"
      aria-label={label}
      data-testid="photo-preview"
      style={{
        width: PREVIEW,
        height: PREVIEW,
        borderRadius: '50%',
        border: '1px solid var(--mantine-color-gray-4)',
      }}
    />
  );
}
