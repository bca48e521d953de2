import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from '../../stores/use-toast-store';

const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

/**
 * Files dragged anywhere over the window: `dragging` while they hover (for
 * the overlay), `onDrop` with what was dropped. Other drags (text, links)
 * are left alone; while `enabled` is false a drop is refused (nothing opens
 * the file in the browser either).
 */
export function useWindowDrop(onDrop: (files: File[], entries: FileSystemEntry[]) => void, enabled: boolean): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    // dragenter/dragleave fire for every element crossed: count them, the window is left when the count is back at 0.
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth++;
      if (enabled) setDragging(true);
    };
    const over = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault(); // else the browser opens the file instead of dropping it here
      if (event.dataTransfer) event.dataTransfer.dropEffect = enabled ? 'copy' : 'none';
    };
    const leave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      // Entries (which know folders) can only be taken while the event is being handled.
      const entries = [...(event.dataTransfer?.items ?? [])].flatMap((item) => item.webkitGetAsEntry?.() ?? []);
      if (enabled) onDrop([...(event.dataTransfer?.files ?? [])], entries);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [onDrop, enabled]);
  return dragging && enabled;
}

/**
 * One file dropped anywhere on the window, for pages that read one file (bulk
 * create, mail import): more than one is refused with a message, and nothing
 * is taken while a dialog is open. Returns `dragging`, as useWindowDrop.
 */
export function useSingleFileDrop(takeFile: (file: File) => void): boolean {
  const { t } = useTranslation();
  const onDrop = useCallback(
    (files: File[]) => {
      if (document.querySelector('dialog[open]')) return; // a dialog is open: not now
      if (files.length !== 1) {
        toast({ tone: 'error', message: t('bulkCreate.input.oneFile') });
        return;
      }
      takeFile(files[0]!);
    },
    [takeFile, t],
  );
  return useWindowDrop(onDrop, true);
}
