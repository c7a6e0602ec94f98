import {
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldDescription,
  FormLabel,
  RadioButton,
  Select,
  SelectOption,
  Textbox,
} from '@utrecht/component-library-react';
import { useId, type InputHTMLAttributes } from 'react';

/**
 * Labelled fields composed from the design system's parts (label above the
 * control, an optional description linked with aria-describedby), so every
 * small form on a page reads the same.
 */
export function SelectField({
  name,
  label,
  options,
  defaultValue,
  description,
  id,
}: {
  name: string;
  label: string;
  options: readonly (readonly [string, string])[];
  defaultValue?: string;
  description?: string;
  id?: string;
}) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FormField>
      <FormLabel htmlFor={fieldId}>{label}</FormLabel>
      {description && <FormFieldDescription id={`${fieldId}-description`}>{description}</FormFieldDescription>}
      <Select
        id={fieldId}
        name={name}
        defaultValue={defaultValue}
        aria-describedby={description ? `${fieldId}-description` : undefined}
      >
        {options.map(([value, text]) => (
          <SelectOption key={value} value={value}>
            {text}
          </SelectOption>
        ))}
      </Select>
    </FormField>
  );
}

export function TextField({
  name,
  label,
  description,
  ...input
}: {
  name: string;
  label: string;
  description?: string;
} & Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'inputMode' | 'defaultValue' | 'max' | 'min' | 'step' | 'autoComplete'
>) {
  const id = useId();
  return (
    <FormField>
      <FormLabel htmlFor={id}>{label}</FormLabel>
      {description && <FormFieldDescription id={`${id}-description`}>{description}</FormFieldDescription>}
      <Textbox id={id} name={name} aria-describedby={description ? `${id}-description` : undefined} {...input} />
    </FormField>
  );
}

export function CheckboxField({
  name,
  label,
  defaultChecked,
  value,
}: {
  name: string;
  label: string;
  defaultChecked?: boolean;
  value?: string;
}) {
  const id = useId();
  return (
    <div className="kp-checkbox">
      <Checkbox id={id} name={name} value={value} defaultChecked={defaultChecked} />
      <FormLabel htmlFor={id} type="checkbox">
        {label}
      </FormLabel>
    </div>
  );
}

export function CheckboxGroup({
  name,
  legend,
  options,
  defaultValues = [],
}: {
  name: string;
  legend: string;
  options: readonly (readonly [string, string])[];
  defaultValues?: readonly string[];
}) {
  return (
    <Fieldset>
      <FieldsetLegend>{legend}</FieldsetLegend>
      {options.map(([value, text]) => (
        <CheckboxField
          key={value}
          name={name}
          value={value}
          label={text}
          defaultChecked={defaultValues.includes(value)}
        />
      ))}
    </Fieldset>
  );
}

export function RadioGroup({
  name,
  legend,
  options,
  defaultValue,
}: {
  name: string;
  legend: string;
  options: readonly (readonly [string, string])[];
  defaultValue?: string;
}) {
  const id = useId();
  return (
    <Fieldset>
      <FieldsetLegend>{legend}</FieldsetLegend>
      {options.map(([value, text]) => (
        <div className="kp-radio" key={value}>
          <RadioButton id={`${id}-${value}`} name={name} value={value} defaultChecked={value === defaultValue} />
          <FormLabel htmlFor={`${id}-${value}`} type="radio">
            {text}
          </FormLabel>
        </div>
      ))}
    </Fieldset>
  );
}
