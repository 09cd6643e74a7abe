import { EmptyState, Flex, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { TeamMemberView, TrackView } from '../card-data.js';
import { CertificationStatusTag } from './status-tags.js';

function trackNames(ids: string[], tracks: TrackView[]): string {
  return ids.map((id) => tracks.find((track) => track.id === id)?.name ?? id).join(', ');
}

function summary(team: TeamMemberView[]): string {
  const certified = team.filter((member) => member.validCertifications > 0).length;
  const training = team.filter((member) => member.activeTracks.length > 0).length;
  const people = team.length === 1 ? '1 person' : `${team.length} people`;
  return `${people}: ${certified} with a valid certification, ${training} in training.`;
}

/** Team readiness: who holds what and who is training on what. */
export function TeamSection({ team, tracks }: { team: TeamMemberView[]; tracks: TrackView[] }) {
  if (team.length === 0) {
    return (
      <EmptyState testId="team-empty" title="No people yet" layout="vertical" imageName="contacts">
        <Text>Associate the partner's contacts with this company to track their training and certifications.</Text>
      </EmptyState>
    );
  }
  return (
    <Flex direction="column" gap="xs">
      <Text testId="team-summary">{summary(team)}</Text>
      <Table bordered={false} density="condensed" testId="team">
        <TableHead>
          <TableRow>
            <TableHeader>Person</TableHeader>
            <TableHeader>Role</TableHeader>
            <TableHeader>Training</TableHeader>
            <TableHeader>Certifications</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {team.map((member) => (
            <TableRow key={member.contactId}>
              <TableCell>{member.name ?? `Contact ${member.contactId}`}</TableCell>
              <TableCell>{member.role ?? '—'}</TableCell>
              <TableCell>
                <Text>
                  {[
                    member.activeTracks.length > 0 ? trackNames(member.activeTracks, tracks) : '',
                    member.pendingTracks.length > 0 ? `awaiting consent: ${trackNames(member.pendingTracks, tracks)}` : '',
                  ]
                    .filter(Boolean)
                    .join('; ') || '—'}
                </Text>
              </TableCell>
              <TableCell>
                <Flex direction="row" gap="xs" wrap="wrap">
                  {member.certifications.length === 0 ? <Text>—</Text> : null}
                  {member.certifications.map((c) => (
                    <Flex key={c.certificationId} direction="row" gap="flush" align="center">
                      <Text>{c.name}</Text>
                      <CertificationStatusTag status={c.status} />
                    </Flex>
                  ))}
                </Flex>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Flex>
  );
}
