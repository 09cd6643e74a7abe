import { useState } from 'react';
import { Alert, Button, Flex, Form, LoadingButton, Select, Text } from '@hubspot/ui-extensions';
import { assignTraining, CardRequestError, recalculatePartner, type Backend } from '../api.js';
import { TierProposalActions } from './tier-proposal-actions.js';
import type {
  AssignTrainingResponse,
  PartnerEnablementData,
  PartnerEnablementResponse,
  RecalculateResponse,
  TrackId,
} from '../card-data.js';

type ActionState<T> = { status: 'idle' } | { status: 'running' } | { status: 'done'; result: T } | { status: 'failed'; message: string };

function failure(error: unknown): { status: 'failed'; message: string } {
  return { status: 'failed', message: error instanceof CardRequestError ? error.message : 'Something went wrong.' };
}

function recalculatedText(result: RecalculateResponse): string {
  if (!result.card.isPartner) return 'Recalculated: the company is no longer a partner.';
  const { score, tier } = result.card;
  return result.changed
    ? `Recalculated: score ${score}, ${tier.name}.`
    : `Recalculated: nothing changed (score ${score}, ${tier.name}).`;
}

function RecalculateAction({
  backend,
  companyId,
  onRecalculated,
}: {
  backend: Backend;
  companyId: string;
  onRecalculated: (card: PartnerEnablementResponse) => void;
}) {
  const [state, setState] = useState<ActionState<RecalculateResponse>>({ status: 'idle' });
  const run = () => {
    setState({ status: 'running' });
    recalculatePartner(backend, companyId).then(
      (result) => {
        setState({ status: 'done', result });
        onRecalculated(result.card);
      },
      (error: unknown) => setState(failure(error)),
    );
  };
  return (
    <Flex direction="column" gap="xs">
      <LoadingButton testId="recalculate" variant="secondary" loading={state.status === 'running'} onClick={run}>
        Recalculate now
      </LoadingButton>
      {state.status === 'done' ? (
        <Alert testId="recalculate-result" title="Readiness recalculated" variant="success">
          {recalculatedText(state.result)}
        </Alert>
      ) : null}
      {state.status === 'failed' ? (
        <Alert testId="recalculate-error" title="Could not recalculate" variant="error">
          {state.message}
        </Alert>
      ) : null}
    </Flex>
  );
}

const CONSENT_NOTE =
  'The person is asked for their consent by email first; the track starts only once they accept.';

function consentText(result: AssignTrainingResponse, trackName: string): string {
  if (result.outcome === 'already_active') return `${trackName} is already active for this person.`;
  if (result.outcome === 'already_pending') return `${trackName} is already waiting for this person's consent.`;
  const to = result.consentRequestedFrom ? ` from ${result.consentRequestedFrom}` : '';
  return `Consent requested${to}. ${trackName} starts once they accept.`;
}

function AssignTrainingForm({ backend, data }: { backend: Backend; data: PartnerEnablementData }) {
  const [contactId, setContactId] = useState<string>('');
  const [track, setTrack] = useState<TrackId | ''>('');
  const [state, setState] = useState<ActionState<AssignTrainingResponse>>({ status: 'idle' });
  const trackName = (id: TrackId) => data.tracks.find((t) => t.id === id)?.name ?? id;

  const submit = () => {
    if (!contactId || !track) return;
    setState({ status: 'running' });
    assignTraining(backend, data.companyId, { contactId, track }).then(
      (result) => setState({ status: 'done', result }),
      (error: unknown) => setState(failure(error)),
    );
  };

  if (data.team.length === 0) return <Text testId="assign-training-unavailable">Add people to the partner to assign training.</Text>;
  return (
    <Form testId="assign-training" onSubmit={submit} preventDefault>
      <Flex direction="column" gap="sm">
        <Select
          testId="assign-contact"
          name="contactId"
          label="Person"
          required
          value={contactId}
          onChange={(value) => setContactId(String(value))}
          options={data.team.map((member) => ({ value: member.contactId, label: member.name ?? `Contact ${member.contactId}` }))}
        />
        <Select
          testId="assign-track"
          name="track"
          label="Training track"
          required
          value={track}
          onChange={(value) => setTrack(value as TrackId)}
          options={data.tracks.map((t) => ({ value: t.id, label: t.name }))}
        />
        <Text testId="consent-note" variant="microcopy">
          {CONSENT_NOTE}
        </Text>
        <Button testId="assign-submit" type="submit" variant="primary" disabled={!contactId || !track || state.status === 'running'}>
          Ask for consent
        </Button>
        {state.status === 'done' ? (
          <Alert testId="assign-result" title="Training offered" variant="success">
            {consentText(state.result, trackName(state.result.track))}
          </Alert>
        ) : null}
        {state.status === 'failed' ? (
          <Alert testId="assign-error" title="Could not assign training" variant="error">
            {state.message}
          </Alert>
        ) : null}
      </Flex>
    </Form>
  );
}

/** The card's actions: decide a proposed tier change, recalculate now, and offer training (which asks for consent). */
export function PartnerActions({
  backend,
  data,
  onRecalculated,
}: {
  backend: Backend;
  data: PartnerEnablementData;
  onRecalculated: (card: PartnerEnablementResponse) => void;
}) {
  return (
    <Flex direction="column" gap="md">
      {data.governance ? (
        <TierProposalActions backend={backend} companyId={data.companyId} proposal={data.governance.proposal} onDecided={onRecalculated} />
      ) : null}
      <RecalculateAction backend={backend} companyId={data.companyId} onRecalculated={onRecalculated} />
      <AssignTrainingForm backend={backend} data={data} />
    </Flex>
  );
}
