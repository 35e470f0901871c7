/**
 * A modal on the native `<dialog>`: the browser keeps focus inside it and makes the page behind
 * inert for assistive technology. Escape calls `onCancel` instead of closing by itself.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function ModalDialog({ open, labelledBy, onCancel, children }: { open: boolean; labelledBy: string; onCancel: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={labelledBy}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {open ? children : null}
    </dialog>
  );
}
