/// <reference lib="dom" />
import { useEffect, useState } from 'react';
import { sendJson } from '../workspace-api.js';

export interface PanelProperty {
  name: string;
  label: string;
  value: string;
  kind: 'input' | 'output';
  type: string;
  fieldType: string;
  options: Array<{ value: string; label: string }>;
}

function InputField({ property, onSave }: { property: PanelProperty; onSave: (value: string) => void }) {
  const [draft, setDraft] = useState(property.value);
  useEffect(() => setDraft(property.value), [property.value]);
  const id = `prop-${property.name}`;
  const commit = (value: string) => value !== property.value && onSave(value);
  if (property.type === 'bool' || property.fieldType === 'select') {
    const options = property.type === 'bool' ? [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }] : property.options;
    return (
      <select id={id} name={property.name} value={draft} onChange={(event) => (setDraft(event.target.value), commit(event.target.value))}>
        <option value="">—</option>
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
    );
  }
  return (
    <input
      id={id}
      name={property.name}
      type={property.type === 'number' ? 'number' : property.type === 'date' ? 'date' : 'text'}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => commit(draft)}
      onKeyDown={(event) => event.key === 'Enter' && commit(draft)}
    />
  );
}

/**
 * HubSpot's property panel: inputs are edited as the visiting user (a user's edit through the
 * sandbox API with the user token); outputs are read-only, written by the app.
 */
export function PropertyPanel({ objectType, objectId, properties }: { objectType: 'companies' | 'contacts'; objectId: string; properties: PanelProperty[] }) {
  const [status, setStatus] = useState<string>('');
  const save = (name: string, value: string) => {
    setStatus(`Saving ${name}…`);
    sendJson('PATCH', `/${objectType}/${objectId}`, { properties: { [name]: value } }).then(
      () => setStatus(`Saved ${name} as you; the app recalculates.`),
      (error: unknown) => setStatus(`Not saved: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  const inputs = properties.filter((p) => p.kind === 'input');
  const outputs = properties.filter((p) => p.kind === 'output');
  return (
    <div className="panel" data-testid="property-panel">
      <h2>Partner enablement properties</h2>
      <p className="small muted" role="status" data-testid="save-status">{status || 'Edit an input: it is saved as your edit in HubSpot.'}</p>
      <h3>Inputs</h3>
      {inputs.map((property) => (
        <div className="prop" key={property.name} data-testid={`input-${property.name}`}>
          <label htmlFor={`prop-${property.name}`}>{property.label}</label>
          <InputField property={property} onSave={(value) => save(property.name, value)} />
        </div>
      ))}
      <h3 style={{ marginTop: 12 }}>Outputs</h3>
      {outputs.map((property) => (
        <div className="prop output" key={property.name} data-testid={`output-${property.name}`}>
          <label>{property.label}</label>
          <span className="value">{property.value || '—'}</span>
          <span className="written-by-app">Written by the Partner enablement app (read-only)</span>
        </div>
      ))}
    </div>
  );
}
