import { useId } from 'react';

interface SegmentedProps<V extends string> {
  legend: string;
  /** Visually hidden legend when the context already names the choice. */
  hideLegend?: boolean;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
}

/** A small set of exclusive choices: native radios (arrow keys, screen readers) styled as a segmented control. */
export function Segmented<V extends string>({ legend, hideLegend, value, options, onChange }: SegmentedProps<V>) {
  const name = useId();
  return (
    <fieldset className="segmented">
      <legend className={hideLegend ? 'visually-hidden' : undefined}>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className={value === option.value ? 'active' : undefined}>
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
