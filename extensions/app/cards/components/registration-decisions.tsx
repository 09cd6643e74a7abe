import { useState } from 'react';
import { Alert, Flex, LoadingButton, TextArea } from '@hubspot/ui-extensions';
import { CardRequestError, decideRegistration, type Backend } from '../api.js';
import type { DealRegistrationData, DealRegistrationResponse, RegistrationDecisionRequest, RegistrationDecisionResponse, RegistrationDecisionType } from '../card-data.js';

type DecisionState =
  | { status: 'idle' }
  | { status: 'running'; decision: RegistrationDecisionType }
  | { status: 'done'; decision: RegistrationDecisionType; result: RegistrationDecisionResponse }
  | { status: 'failed'; decision: RegistrationDecisionType; message: string };

const DONE: Record<RegistrationDecisionType, string> = {
  approve: 'Registration approved',
  reject: 'Registration rejected',
  extend: 'Protection extended',
};

const FAILED: Record<RegistrationDecisionType, string> = {
  approve: 'Could not approve',
  reject: 'Could not reject',
  extend: 'Could not extend',
};

function doneText(result: RegistrationDecisionResponse): string {
  const expires = result.card.isRegistration && result.card.expiresOn ? ` Protected until ${result.card.expiresOn}.` : '';
  return `${expires}${result.notified ? ' The partner was emailed.' : ' The partner could not be emailed.'}`.trim();
}

/**
 * The approver's buttons (docs/registrations.md, "States"): approve and reject while the
 * registration awaits a decision, extend while its protection can still be extended; the backend
 * says which apply (`decisions`). A rejection needs a reason, which the partner is told. After a
 * decision the card shows the registration as HubSpot now holds it.
 */
export function RegistrationDecisions({
  backend,
  data,
  onDecided,
}: {
  backend: Backend;
  data: DealRegistrationData;
  onDecided: (card: DealRegistrationResponse) => void;
}) {
  const [state, setState] = useState<DecisionState>({ status: 'idle' });
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const allowed = new Set(data.decisions);
  const running = state.status === 'running';

  const decide = (request: RegistrationDecisionRequest) => {
    setState({ status: 'running', decision: request.decision });
    decideRegistration(backend, data.dealId, request).then(
      (result) => {
        setState({ status: 'done', decision: request.decision, result });
        setReason('');
        onDecided(result.card);
      },
      (error: unknown) =>
        setState({ status: 'failed', decision: request.decision, message: error instanceof CardRequestError ? error.message : 'Something went wrong.' }),
    );
  };
  const reject = () => {
    if (reason.trim() === '') {
      setReasonMissing(true);
      return;
    }
    decide({ decision: 'reject', reason: reason.trim() });
  };

  const outcome = state.status === 'done' ? (
    <Alert testId="decision-result" title={DONE[state.decision]} variant="success">
      {doneText(state.result)}
    </Alert>
  ) : state.status === 'failed' ? (
    <Alert testId="decision-error" title={FAILED[state.decision]} variant="error">
      {state.message}
    </Alert>
  ) : null;

  if (allowed.size === 0) return outcome;
  return (
    <Flex direction="column" gap="sm" testId="registration-decisions">
      {allowed.has('reject') ? (
        <TextArea
          testId="reject-reason"
          name="reason"
          label="Reason for a rejection"
          description="The partner is told this reason."
          value={reason}
          error={reasonMissing}
          validationMessage="A rejection needs a reason for the partner."
          onChange={(value) => {
            setReason(value);
            if (value.trim() !== '') setReasonMissing(false);
          }}
        />
      ) : null}
      <Flex direction="row" gap="sm">
        {allowed.has('approve') ? (
          <LoadingButton testId="approve-registration" variant="primary" loading={running && state.decision === 'approve'} disabled={running} onClick={() => decide({ decision: 'approve' })}>
            Approve
          </LoadingButton>
        ) : null}
        {allowed.has('reject') ? (
          <LoadingButton testId="reject-registration" variant="destructive" loading={running && state.decision === 'reject'} disabled={running} onClick={reject}>
            Reject
          </LoadingButton>
        ) : null}
        {allowed.has('extend') ? (
          <LoadingButton testId="extend-registration" variant="secondary" loading={running && state.decision === 'extend'} disabled={running} onClick={() => decide({ decision: 'extend' })}>
            Extend protection
          </LoadingButton>
        ) : null}
      </Flex>
      {outcome}
    </Flex>
  );
}
