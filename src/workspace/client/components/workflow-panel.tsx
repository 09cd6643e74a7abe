/// <reference lib="dom" />
import { useState } from 'react';
import { sendJson, type WorkspaceApp } from '../workspace-api.js';

type Action = WorkspaceApp['workflowActions'][number];

interface Run {
  callbackId: string;
  status: number;
  answer: Record<string, unknown> | null;
  callback?: Record<string, string> | null;
  outputFields: Record<string, string>;
}

function ActionForm({ action, objectType, objectIds }: { action: Action; objectType: 'COMPANY' | 'CONTACT'; objectIds: Array<{ id: string; label: string }> }) {
  const [objectId, setObjectId] = useState(objectIds[0]?.id ?? '');
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [run, setRun] = useState<Run | { error: string } | 'running'>();
  const submit = () => {
    setRun('running');
    sendJson<Run>('POST', `/workflow-actions/${action.uid}/run`, { objectId, objectType, inputFields: inputs }).then(setRun, (error: unknown) =>
      setRun({ error: error instanceof Error ? error.message : String(error) }),
    );
  };
  return (
    <form className="wf" data-testid={`workflow-${action.uid}`} onSubmit={(event) => (event.preventDefault(), submit())}>
      <strong>{action.name}</strong>
      <span className="small muted">{action.description}</span>
      {objectIds.length > 1 || objectType === 'CONTACT' ? (
        <label className="small">
          {objectType === 'CONTACT' ? 'Contact ' : 'Record '}
          <select name="objectId" value={objectId} onChange={(event) => setObjectId(event.target.value)}>
            {objectIds.map((option) => <option key={option.id} value={option.id}>{option.label}</option>)}
          </select>
        </label>
      ) : null}
      {action.inputFields.map((field) => (
        <label className="small" key={field.name}>
          {`${field.label}${field.required ? ' *' : ''} `}
          {field.options.length > 0 ? (
            <select name={field.name} value={inputs[field.name] ?? ''} onChange={(event) => setInputs({ ...inputs, [field.name]: event.target.value })}>
              <option value="">Choose…</option>
              {field.options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
            </select>
          ) : (
            <input name={field.name} type={field.type === 'date' ? 'date' : 'text'} value={inputs[field.name] ?? ''} onChange={(event) => setInputs({ ...inputs, [field.name]: event.target.value })} />
          )}
        </label>
      ))}
      <div><button className="secondary" type="submit" disabled={!objectId || run === 'running'}>Run as HubSpot would</button></div>
      {run === 'running' ? <span className="small muted">Running…</span> : null}
      {run && run !== 'running' && 'error' in run ? <span role="alert">{run.error}</span> : null}
      {run && run !== 'running' && !('error' in run) ? (
        <div data-testid={`workflow-result-${action.uid}`} className="small">
          <div>{`HTTP ${run.status}, ${String(run.answer?.hs_execution_state ?? '')}${run.callback !== undefined ? (run.callback ? ', completed by callback' : ', no callback yet') : ''}`}</div>
          <table className="list">
            <tbody>
              {Object.entries(run.outputFields).map(([name, value]) => (
                <tr key={name}><th>{action.outputFields.find((f) => f.name === name)?.label ?? name}</th><td>{value}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </form>
  );
}

/** Runs the app's custom workflow actions on this record (or its contacts) as HubSpot calls them. */
export function WorkflowPanel(props: { app: WorkspaceApp; record: { objectType: 'COMPANY' | 'CONTACT'; id: string; label: string }; contacts?: Array<{ id: string; label: string }> }) {
  const { app, record } = props;
  const forms = app.workflowActions.flatMap((action) => {
    if (action.objectTypes.includes(record.objectType)) return [{ action, objectType: record.objectType, ids: [{ id: record.id, label: record.label }] }];
    if (action.objectTypes.includes('CONTACT') && props.contacts && props.contacts.length > 0) return [{ action, objectType: 'CONTACT' as const, ids: props.contacts }];
    return [];
  });
  return (
    <div className="panel" data-testid="workflow-panel">
      <h2>Workflows</h2>
      <p className="small muted">Each custom action is called signed, with a callbackId; a BLOCK waits for its callback.</p>
      {forms.map(({ action, objectType, ids }) => <ActionForm key={action.uid} action={action} objectType={objectType} objectIds={ids} />)}
    </div>
  );
}
