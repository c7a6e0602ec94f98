import { AlertDialog, Button, ButtonGroup, Heading } from '@utrecht/component-library-react';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../i18n/i18n';

/**
 * Asks before something that cannot be undone. A native modal <dialog>: the
 * browser keeps focus inside and Escape cancels; focus returns to the control
 * that opened it when it closes.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  danger = false,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
  danger?: boolean;
}) {
  const { t } = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <AlertDialog
      ref={ref}
      role="alertdialog"
      type={danger ? 'warning' : 'info'}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
    >
      <Heading level={2} id={titleId}>
        {title}
      </Heading>
      <div id={bodyId}>{children}</div>
      <ButtonGroup>
        <Button appearance="primary-action-button" hint={danger ? 'danger' : undefined} onClick={onConfirm}>
          {confirmLabel ?? t('common.confirm')}
        </Button>
        <Button appearance="secondary-action-button" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </ButtonGroup>
    </AlertDialog>
  );
}
