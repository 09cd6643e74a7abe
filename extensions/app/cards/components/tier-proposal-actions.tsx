import { useState } from 'react';
import { Alert, Flex, LoadingButton, Text } from '@hubspot/ui-extensions';
import { CardRequestError, decideTierChange, type Backend } from '../api.js';
import type { DecideTierChangeResponse, PartnerEnablementResponse, TierProposalView } from '../card-data.js';

type DecisionState =
  | { status: 'idle' }
  | { status: 'running'; decision: 'approve' | 'reject' }
  | { status: 'failed'; message: string };

function decidedText(result: DecideTierChangeResponse): string {
  return result.decision === 'approve' ? `Approved: the partner is now ${result.tier.name}.` : `Rejected: the partner stays ${result.tier.name}.`;
}

/**
 * "Approve Gold" and "Reject" for a tier change a quarter close proposed. The button names the
 * tier the card shows, and the backend refuses the decision if another tier is proposed by now.
 */
export function ProposalButtons({
  backend,
  companyId,
  proposal,
  onDecided,
}: {
  backend: Backend;
  companyId: string;
  proposal: TierProposalView;
  onDecided: (result: DecideTierChangeResponse) => void;
}) {
  const [state, setState] = useState<DecisionState>({ status: 'idle' });
  const decide = (decision: 'approve' | 'reject') => {
    setState({ status: 'running', decision });
    decideTierChange(backend, companyId, { decision, expectedTier: proposal.to.id }).then(
      (result) => {
        setState({ status: 'idle' });
        onDecided(result);
      },
      (error: unknown) => setState({ status: 'failed', message: error instanceof CardRequestError ? error.message : 'Something went wrong.' }),
    );
  };
  const running = state.status === 'running';
  return (
    <Flex direction="column" gap="xs" testId="tier-proposal">
      <Text testId="tier-proposal-text">{`Proposed at the last quarter close: ${proposal.from.name} → ${proposal.to.name}.`}</Text>
      <Flex direction="row" gap="sm">
        <LoadingButton testId="approve-tier" variant="primary" loading={running && state.decision === 'approve'} disabled={running} onClick={() => decide('approve')}>
          {`Approve ${proposal.to.name}`}
        </LoadingButton>
        <LoadingButton testId="reject-tier" variant="secondary" loading={running && state.decision === 'reject'} disabled={running} onClick={() => decide('reject')}>
          Reject
        </LoadingButton>
      </Flex>
      {state.status === 'failed' ? (
        <Alert testId="tier-decision-error" title="Could not decide the tier change" variant="error">
          {state.message}
        </Alert>
      ) : null}
    </Flex>
  );
}

/**
 * The tier decision of the card's actions: the buttons while a proposal waits, and what was decided
 * (kept here, since the fresh card no longer carries the proposal).
 */
export function TierProposalActions({
  backend,
  companyId,
  proposal,
  onDecided,
}: {
  backend: Backend;
  companyId: string;
  proposal: TierProposalView | null;
  onDecided: (card: PartnerEnablementResponse) => void;
}) {
  const [decided, setDecided] = useState<DecideTierChangeResponse | null>(null);
  return (
    <Flex direction="column" gap="xs">
      {proposal ? (
        <ProposalButtons
          backend={backend}
          companyId={companyId}
          proposal={proposal}
          onDecided={(result) => {
            setDecided(result);
            onDecided(result.card);
          }}
        />
      ) : null}
      {decided ? (
        <Alert testId="tier-decision-result" title="Tier change decided" variant="success">
          {decidedText(decided)}
        </Alert>
      ) : null}
    </Flex>
  );
}
