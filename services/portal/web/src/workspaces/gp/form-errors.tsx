import {
  Alert,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Paragraph,
} from '@utrecht/component-library-react';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { fieldId } from '../../components/ErrorSummary';
import { ErrorState } from '../../components/States';

export type Errors = Record<string, string[]>;

/**
 * A service's refusal, sorted for a form: a 400 with `errors` becomes
 * field-level messages (array items on their field: `scope.0` → `scope`),
 * a 409 the service's own sentence, anything else a failure to show as such.
 */
export function refusalOf(
  error: unknown,
  fields: readonly string[],
): { errors: Errors } | { conflict: string } | { failure: unknown } {
  if (error instanceof ApiError && error.status === 400 && Object.keys(error.fieldErrors).length > 0) {
    const errors: Errors = {};
    for (const [field, messages] of Object.entries(error.fieldErrors)) {
      const own = fields.find((f) => field === f || field.startsWith(`${f}.`)) ?? field;
      errors[own] = [...(errors[own] ?? []), ...messages];
    }
    return { errors };
  }
  if (error instanceof ApiError && error.status === 409) return { conflict: error.message };
  return { failure: error };
}

/**
 * A form that sends one request to a service: its field errors, the service's
 * refusal or failure, the done message, and a busy flag against double sending.
 * `send` gets the form's data, returns the done message, or returns `Errors`
 * found before sending (then nothing is sent); the form is cleared on success.
 */
export function useServiceForm(
  fields: readonly string[],
  send: (form: FormData) => Promise<string | Errors>,
): {
  errors: Errors;
  conflict?: string;
  failure?: unknown;
  done?: string;
  busy: boolean;
  invalid: (name: string) => boolean;
  submit: (event: FormEvent<HTMLFormElement>) => Promise<void>;
} {
  const [errors, setErrors] = useState<Errors>({});
  const [conflict, setConflict] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const element = event.currentTarget;
    setErrors({});
    setConflict(undefined);
    setFailure(undefined);
    setDone(undefined);
    setBusy(true);
    try {
      const outcome = await send(new FormData(element));
      if (typeof outcome === 'string') {
        element.reset();
        setDone(outcome);
      } else setErrors(outcome);
    } catch (error) {
      const refusal = refusalOf(error, fields);
      if ('errors' in refusal) setErrors(refusal.errors);
      else if ('conflict' in refusal) setConflict(refusal.conflict);
      else setFailure(refusal.failure);
    } finally {
      setBusy(false);
    }
  };
  return { errors, conflict, failure, done, busy, invalid: (name) => !!errors[name]?.length, submit };
}

/** The ids a control is described by: its hint and, when invalid, its error message. */
export function describedBy(name: string, hint: boolean, invalid: boolean): string | undefined {
  return (
    [hint ? `${fieldId(name)}-hint` : '', invalid ? `${fieldId(name)}-error` : ''].filter(Boolean).join(' ') ||
    undefined
  );
}

/** A labelled field with its hint and, when invalid, its message (the help request form's pattern). */
export function Field({
  name,
  label,
  hint,
  errors,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  errors: Errors;
  children: ReactNode;
}) {
  const messages = errors[name] ?? [];
  return (
    <FormField invalid={messages.length > 0}>
      <FormLabel htmlFor={fieldId(name)}>{label}</FormLabel>
      {hint && <FormFieldDescription id={`${fieldId(name)}-hint`}>{hint}</FormFieldDescription>}
      {messages.length > 0 && (
        <FormFieldErrorMessage id={`${fieldId(name)}-error`}>{messages.join('; ')}</FormFieldErrorMessage>
      )}
      {children}
    </FormField>
  );
}

/** A refusal or failure next to a form, in the service's words; focus moves to it when it appears. */
export function FormOutcome({ conflict, failure, done }: { conflict?: string; failure?: unknown; done?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (conflict !== undefined || failure !== undefined) ref.current?.focus();
  }, [conflict, failure]);
  return (
    <div ref={ref} tabIndex={-1} className="kp-focus-target" aria-live="polite">
      {conflict !== undefined && (
        <Alert type="error">
          <Paragraph>{conflict}</Paragraph>
        </Alert>
      )}
      {failure !== undefined && <ErrorState error={failure} headingLevel={3} />}
      {done && (
        <Alert type="ok">
          <Paragraph>{done}</Paragraph>
        </Alert>
      )}
    </div>
  );
}
